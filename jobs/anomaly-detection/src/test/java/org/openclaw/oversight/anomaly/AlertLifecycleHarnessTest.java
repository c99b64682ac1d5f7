package org.openclaw.oversight.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.Severity;

/** Fire once, update on escalation only, resolve with the episode's start and severity, in either arrival order; state expires. */
class AlertLifecycleHarnessTest {

    private final AnomalyAlerts alerts = new AnomalyAlerts(DetectionSettings.defaults());
    private KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new AlertLifecycle(Duration.ofHours(1))),
                Alert::getFingerprint, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void reDetectionUpdatesOnlyWhenMoreSevereAndAClearResolves() throws Exception {
        in(latency(Severity.P3).firing(1_000), 1_000);
        in(latency(Severity.P3).firing(2_000), 2_000);   // same condition again: nothing new
        in(latency(Severity.P2).firing(3_000), 3_000);   // escalation: an update with the first startsAt
        in(latency(Severity.P3).clear(2_500), 2_500);    // older than the last detection: ignored
        in(latency(Severity.P3).clear(4_000), 4_000);
        in(latency(Severity.P3).clear(5_000), 5_000);    // nothing open any more
        List<Alert> out = harness.extractOutputValues();
        assertThat(out).extracting(a -> a.getSeverity() + "@" + a.getStartsAt().toEpochMilli() + "-" + a.getEndsAt())
                .containsExactly("P3@1000-null", "P2@1000-null", "P2@1000-1970-01-01T00:00:04Z");
        assertThat(out.get(2).getLabels()).containsEntry("severity", "high");
        assertThat(out).extracting(Alert::getFingerprint).containsOnly(latency(Severity.P3).fingerprint());
    }

    @Test
    void aClearThatOvertookItsDetectionStillEndsTheEpisode() throws Exception {
        in(latency(Severity.P3).clear(4 * 60_000 - 1), 4 * 60_000 - 1);   // minute 4 normal, judged before the CEP match of 1..3
        in(latency(Severity.P3).firing(60_000), 3 * 60_000 - 1);
        assertThat(harness.extractOutputValues()).extracting(a -> a.getEndsAt() == null)
                .containsExactly(true, false);
    }

    @Test
    void stateExpiresAfterTheForgetPeriod() throws Exception {
        harness.setStateTtlProcessingTime(0);
        in(latency(Severity.P3).firing(1_000), 1_000);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.setStateTtlProcessingTime(Duration.ofHours(2).toMillis());
        in(latency(Severity.P3).firing(9_000), 9_000);   // an expired episode is a new one
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    private AnomalyAlerts.Draft latency(Severity severity) {
        return alerts.draft(AlertType.LLM_LATENCY_HIGH, "t", "a").label("model", "m").severity(severity);
    }

    private void in(Alert alert, long timestamp) throws Exception {
        harness.processElement(new StreamRecord<>(alert, timestamp));
    }
}
