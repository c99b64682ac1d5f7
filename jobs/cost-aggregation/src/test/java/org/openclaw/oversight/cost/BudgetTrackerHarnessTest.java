package org.openclaw.oversight.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.Severity;

class BudgetTrackerHarnessTest {

    private static final long HOUR = 3_600_000L;
    private static final LocalDate DAY = LocalDate.of(2026, 3, 2);
    private static final long MIDNIGHT = DAY.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    private static final BudgetBook BUDGETS = BudgetBook.of(
            new BudgetBook.Budget("acme", "support-bot", 10.0, "customer_facing"),
            new BudgetBook.Budget("acme", BudgetBook.TENANT_WIDE, 1000.0, "tenant"));

    private KeyedOneInputStreamOperatorTestHarness<String, BudgetSpend, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new BudgetTracker(BUDGETS)),
                BudgetSpend::budgetKey, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void forecastFiresOnceFromTheLastHoursRate() throws Exception {
        // 0.10 EUR per minute from 08:00; forecast = spent + spend of the last hour per hour * hours left
        for (int minute = 0; minute < 60; minute++) {
            spend("support-bot", MIDNIGHT + 8 * HOUR + minute * 60_000L, 0.10);
        }
        List<Alert> alerts = alerts();
        assertThat(alerts).extracting(Alert::getAlertname).containsExactly(BudgetAlerts.FORECAST_EXCEEDED);
        Alert forecast = alerts.get(0);
        assertThat(forecast.getSeverity()).isEqualTo(Severity.P3);
        assertThat(forecast.getLabels()).containsEntry("alertname", "BudgetForecastExceeded").containsEntry("severity", "medium")
                .containsEntry("tenant", "acme").containsEntry("agent", "support-bot").containsEntry("category", "customer_facing")
                .containsEntry("escalation", "L1").containsEntry("source", "cost-aggregation");
        assertThat(forecast.getThreshold()).isEqualTo(10.0);
        assertThat(forecast.getValue()).isGreaterThan(10.0);
        assertThat(forecast.getEndsAt()).isNull();
        assertThat(forecast.getFingerprint())
                .isEqualTo(BudgetAlerts.fingerprint("BudgetForecastExceeded", "acme", "support-bot", DAY.toEpochDay()));
        // at 08:04 spent 0.5, last hour 0.5 EUR -> 0.5 + 0.5 * 15.93 = 8.47; at 08:05 0.6 + 0.6 * 15.92 = 10.15 > 10
        assertThat(forecast.getStartsAt()).isEqualTo(Instant.ofEpochMilli(MIDNIGHT + 8 * HOUR + 5 * 60_000L));
    }

    @Test
    void exceededFiresOncePerDayAndBothResolveAtMidnightWithTheSameFingerprint() throws Exception {
        spend("support-bot", MIDNIGHT + 23 * HOUR, 4.0);          // forecast 4 + 4 * 1 h = 8: nothing yet
        assertThat(alerts()).isEmpty();
        spend("support-bot", MIDNIGHT + 23 * HOUR + 60_000, 4.0); // spent 8, forecast ~15.9 > 10
        spend("support-bot", MIDNIGHT + 23 * HOUR + 120_000, 4.0); // spent 12 > 10
        spend("support-bot", MIDNIGHT + 23 * HOUR + 180_000, 4.0); // again: no second alert
        List<Alert> firing = alerts();
        assertThat(firing).extracting(Alert::getAlertname)
                .containsExactly(BudgetAlerts.FORECAST_EXCEEDED, BudgetAlerts.EXCEEDED);
        Alert exceeded = firing.get(1);
        assertThat(exceeded.getSeverity()).isEqualTo(Severity.P2);
        assertThat(exceeded.getLabels()).containsEntry("severity", "high");
        assertThat(exceeded.getValue()).isEqualTo(12.0);

        harness.processWatermark(MIDNIGHT + 24 * HOUR);
        List<Alert> all = alerts();
        assertThat(all).hasSize(4);
        List<Alert> resolved = all.subList(2, 4);
        assertThat(resolved).allSatisfy(a -> assertThat(a.getEndsAt()).isEqualTo(Instant.ofEpochMilli(MIDNIGHT + 24 * HOUR)));
        assertThat(resolved).extracting(Alert::getFingerprint)
                .containsExactlyInAnyOrder(firing.get(0).getFingerprint(), firing.get(1).getFingerprint());
        assertThat(resolved).extracting(Alert::getStartsAt)
                .containsExactlyInAnyOrder(firing.get(0).getStartsAt(), firing.get(1).getStartsAt());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        // the next day starts over: a new alert with a new fingerprint
        spend("support-bot", MIDNIGHT + 24 * HOUR + 60_000, 11.0);
        List<Alert> nextDay = alerts().subList(4, alerts().size());
        assertThat(nextDay).extracting(Alert::getAlertname).contains(BudgetAlerts.EXCEEDED);
        assertThat(nextDay.stream().filter(a -> a.getAlertname().equals(BudgetAlerts.EXCEEDED)).findFirst().orElseThrow()
                .getFingerprint()).isNotEqualTo(exceeded.getFingerprint())
                .isEqualTo(BudgetAlerts.fingerprint("BudgetExceeded", "acme", "support-bot", DAY.toEpochDay() + 1));
    }

    @Test
    void tenantBudgetIsTrackedOnItsOwnKeyAndSpendOfAClosedDayIsIgnored() throws Exception {
        spend(BudgetBook.TENANT_WIDE, MIDNIGHT + 10 * HOUR, 5.0);
        assertThat(alerts()).isEmpty(); // forecast 5 + 5 * 14 = 75 < 1000
        spend("support-bot", MIDNIGHT + 30 * HOUR, 0.1);   // next day for this key: forecast 0.1 + 0.1 * 18 = 1.9
        spend("support-bot", MIDNIGHT + 2 * HOUR, 50.0);   // belongs to the closed previous day: ignored
        assertThat(alerts()).isEmpty();
    }

    @Test
    void fingerprintIsStableAndDependsOnEveryIdentifyingPart() {
        String f = BudgetAlerts.fingerprint("BudgetExceeded", "acme", "bot", 20_000);
        assertThat(f).hasSize(32).isEqualTo(BudgetAlerts.fingerprint("BudgetExceeded", "acme", "bot", 20_000));
        assertThat(f).isNotEqualTo(BudgetAlerts.fingerprint("BudgetForecastExceeded", "acme", "bot", 20_000))
                .isNotEqualTo(BudgetAlerts.fingerprint("BudgetExceeded", "acme2", "bot", 20_000))
                .isNotEqualTo(BudgetAlerts.fingerprint("BudgetExceeded", "acme", "bot2", 20_000))
                .isNotEqualTo(BudgetAlerts.fingerprint("BudgetExceeded", "acme", "bot", 20_001));
    }

    private void spend(String agent, long timeMs, double eur) throws Exception {
        harness.processElement(new StreamRecord<>(new BudgetSpend("acme", agent, timeMs, UsageEvent.nanoEur(eur)), timeMs));
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }
}
