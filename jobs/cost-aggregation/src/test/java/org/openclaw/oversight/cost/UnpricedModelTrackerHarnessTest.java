package org.openclaw.oversight.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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

/** The UnpricedModel tracker on minute rows, with the default rule: more than 1 % and at least 5 calls in 1 h. */
class UnpricedModelTrackerHarnessTest {

    private static final long MINUTE = 60_000L;
    private static final long T0 = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();
    private static final String PRICED = "claude-sonnet-4-6";
    /** What a stock client sends when nobody configured its model: Mistral's moving alias, deliberately not priced. */
    private static final String STOCK_SPELLING = "mistral-large-latest";
    private static final BudgetBook AGENTS = BudgetBook.of(new BudgetBook.Budget("acme", "node-bot", 20.0, "customer_facing"));

    private KeyedOneInputStreamOperatorTestHarness<String, AgentMetrics, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new UnpricedModelTracker(UnpricedModelRule.DEFAULTS, AGENTS)),
                UnpricedModelTracker::agentKey, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aStockClientSpellingFiresOnceAndResolvesWhenTheShareFallsBack() throws Exception {
        for (int minute = 0; minute < 3; minute++) {
            // the unpriced model's row comes first: judging per row would see 100 % and fire too early
            row("node-bot", minute, STOCK_SPELLING, 3, 3);
            row("node-bot", minute, PRICED, 100, 0);
            row("bedrock-bot", minute, PRICED, 100, 0);
            endOfMinute(minute);
            if (minute == 0) {
                assertThat(alerts()).as("3 unpriced calls: fewer than the minimum of 5").isEmpty();
            }
        }
        List<Alert> firing = alerts();
        assertThat(firing).as("fires once, for the agent with unpriced calls only").hasSize(1);
        Alert alert = firing.get(0);
        assertThat(alert.getAlertname()).isEqualTo("UnpricedModel");
        assertThat(alert.getSeverity()).isEqualTo(Severity.P4);
        assertThat(alert.getLabels()).containsEntry("alertname", "UnpricedModel").containsEntry("severity", "low")
                .containsEntry("tenant", "acme").containsEntry("agent", "node-bot").containsEntry("category", "customer_facing")
                .containsEntry("escalation", "L1").containsEntry("source", "cost-aggregation")
                .doesNotContainKey("model"); // identifying labels only; spellings are in the texts
        assertThat(alert.getFingerprint()).isEqualTo(UnpricedModelAlerts.fingerprint("acme", "node-bot"));
        assertThat(alert.getValue()).isEqualTo(6.0 / 206); // judged at the end of minute 1
        assertThat(alert.getThreshold()).isEqualTo(0.01);
        assertThat(alert.getStartsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 2 * MINUTE));
        assertThat(alert.getEndsAt()).isNull();
        assertThat(alert.getSummary()).isEqualTo("6 of 206 LLM calls of agent node-bot (tenant acme) in the last 1h have no price"
                + " in config/pricing.yml: 'mistral-large-latest' (6)");
        assertThat(alert.getDescription()).contains("2.9 %", "1.0 %", "under-reported");
        assertThat(alert.getRunbook()).contains("add the model or an alias to config/pricing.yml");

        // the agent's client is fixed: priced calls only. 9 unpriced of 309 + 100 per minute: 9 / 909 <= 1 % at minute 8
        for (int minute = 3; minute <= 8; minute++) {
            row("node-bot", minute, PRICED, 100, 0);
            endOfMinute(minute);
            assertThat(alerts()).as("minute %d", minute).hasSize(minute < 8 ? 1 : 2);
        }
        Alert resolved = alerts().get(1);
        assertThat(resolved.getFingerprint()).isEqualTo(alert.getFingerprint());
        assertThat(resolved.getStartsAt()).isEqualTo(alert.getStartsAt());
        assertThat(resolved.getSummary()).isEqualTo(alert.getSummary());
        assertThat(resolved.getEndsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 9 * MINUTE));

        harness.processWatermark(T0 + 5 * 60 * MINUTE);
        assertThat(alerts()).hasSize(2);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void fewerUnpricedCallsThanTheMinimumNeverFireWhateverTheShare() throws Exception {
        for (int minute = 0; minute < 4; minute++) {
            row("node-bot", minute, STOCK_SPELLING, 1, 1); // 100 % unpriced, 4 calls in all
            endOfMinute(minute);
        }
        harness.processWatermark(T0 + 5 * 60 * MINUTE);
        assertThat(alerts()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aShareAtOrBelowTheThresholdDoesNotFire() throws Exception {
        for (int minute = 0; minute < 90; minute++) {
            row("node-bot", minute, STOCK_SPELLING, 1, 1);
            row("node-bot", minute, PRICED, 99, 0); // exactly 1 %: not above it
            endOfMinute(minute);
        }
        harness.processWatermark(T0 + 5 * 60 * MINUTE);
        assertThat(alerts()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aCorrectedRowReplacesItsMinuteInsteadOfAddingToIt() throws Exception {
        row("node-bot", 0, STOCK_SPELLING, 4, 4);
        row("node-bot", 0, PRICED, 10, 0);
        endOfMinute(0);
        row("node-bot", 1, PRICED, 10, 0);
        endOfMinute(1);
        row("node-bot", 0, STOCK_SPELLING, 4, 4); // a replayed or re-fired row of minute 0: same totals
        endOfMinute(2);
        assertThat(alerts()).as("4 unpriced calls, not 8").isEmpty();
        row("node-bot", 0, STOCK_SPELLING, 5, 5); // a late event corrected minute 0: now 5 of 25
        endOfMinute(3);
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.getValue()).isEqualTo(5.0 / 25);
            assertThat(a.getStartsAt()).as("judged at the latest minute judged (1), not back at minute 0")
                    .isEqualTo(Instant.ofEpochMilli(T0 + 2 * MINUTE));
        });
    }

    @Test
    void anAgentThatStopsCallingIsResolvedAndLeavesNothingBehind() throws Exception {
        row("node-bot", 0, STOCK_SPELLING, 3, 3);
        endOfMinute(0);
        row("node-bot", 1, STOCK_SPELLING, 3, 3);
        row("node-bot", 1, "", 1, 1); // calls without a model are unpriced too
        endOfMinute(1);
        assertThat(alerts()).singleElement().satisfies(a -> assertThat(a.getSummary())
                .endsWith("have no price in config/pricing.yml: 'mistral-large-latest' (6), '(no model)' (1)"));
        // no more calls: minute 0 leaves the window at minute 60 (4 unpriced calls left, too few), minute 1 at 61
        harness.processWatermark(T0 + 3 * 60 * MINUTE);
        assertThat(alerts()).hasSize(2);
        assertThat(alerts().get(1).getEndsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 61 * MINUTE));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aShorterWindowAndHigherThresholdFromTheConfig() throws Exception {
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new UnpricedModelTracker(new UnpricedModelRule(0.25, 2, Duration.ofMinutes(2)), AGENTS)),
                UnpricedModelTracker::agentKey, Types.STRING);
        harness.open();
        row("node-bot", 0, STOCK_SPELLING, 1, 1);
        row("node-bot", 0, PRICED, 3, 0);
        endOfMinute(0);
        row("node-bot", 1, PRICED, 4, 0);
        endOfMinute(1);
        assertThat(alerts()).as("1 unpriced call, 2 needed").isEmpty();
        row("node-bot", 2, STOCK_SPELLING, 3, 3);
        endOfMinute(2); // window = minutes 1 and 2: 3 of 7 = 43 % > 25 %
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.getValue()).isEqualTo(3.0 / 7);
            assertThat(a.getThreshold()).isEqualTo(0.25);
            assertThat(a.getSummary()).contains("in the last 2m");
        });
    }

    @Test
    void fingerprintIsStableAndDependsOnTenantAndAgent() {
        String f = UnpricedModelAlerts.fingerprint("acme", "bot");
        assertThat(f).hasSize(32).isEqualTo(UnpricedModelAlerts.fingerprint("acme", "bot"))
                .isNotEqualTo(UnpricedModelAlerts.fingerprint("acme2", "bot"))
                .isNotEqualTo(UnpricedModelAlerts.fingerprint("acme", "bot2"))
                .isNotEqualTo(BudgetAlerts.fingerprint("UnpricedModel", "acme", "bot", 0));
    }

    @Test
    void spellingsInTextsAreShortAndPrintable() {
        assertThat(UnpricedModelAlerts.printable("gpt\n-4o\u0000")).isEqualTo("gpt-4o");
        assertThat(UnpricedModelAlerts.printable("x".repeat(100))).hasSize(65).endsWith("…");
        assertThat(UnpricedModelAlerts.printable("")).isEqualTo("(no model)");
    }

    private void row(String agent, int minute, String model, long llmCalls, long unpriced) throws Exception {
        AgentMetrics row = new AgentMetrics();
        row.bucket = T0 + minute * MINUTE;
        row.windowMinutes = 1;
        row.tenantId = "acme";
        row.agentId = agent;
        row.model = model;
        row.requests = llmCalls;
        row.llmCalls = llmCalls;
        row.unpricedLlmCalls = unpriced;
        row.unpricedRequests = unpriced;
        harness.processElement(new StreamRecord<>(row, row.bucket + MINUTE - 1));
    }

    private void endOfMinute(int minute) throws Exception {
        harness.processWatermark(T0 + (minute + 1) * MINUTE - 1);
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }
}
