package org.openclaw.oversight.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openclaw.oversight.anomaly.TestData.MIN;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.HeartbeatStatus;
import org.openclaw.oversight.schema.Severity;

/** Detector 5 (processing time) and the seed thresholds of detector 3. */
class LivenessAndThresholdsHarnessTest {

    private static final long TIMEOUT = 60_000;

    @Test
    void aStoppedAgentIsUnreachableWithoutAnyFurtherInputAndResolvedWhenBack() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LivenessSignal, Alert> h = liveness();
        h.setProcessingTime(0);
        signal(h, TestData.heartbeat("t", "a", 0, HeartbeatStatus.UP));
        signal(h, TestData.heartbeat("t", "b", 0, HeartbeatStatus.UP));
        h.setProcessingTime(TIMEOUT / 2);
        signal(h, TestData.heartbeat("t", "b", TIMEOUT / 2, HeartbeatStatus.UP));
        h.setProcessingTime(TIMEOUT + 1);
        assertThat(h.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.getAlertname()).isEqualTo("AgentUnreachable");
            assertThat(a.getAgentId()).isEqualTo("a");
            assertThat(a.getSeverity()).isEqualTo(Severity.P2);
            assertThat(a.getStartsAt().toEpochMilli()).isEqualTo(TIMEOUT);
        });
        h.setProcessingTime(TIMEOUT + 5_000);
        signal(h, TestData.heartbeat("t", "a", TIMEOUT + 5_000, HeartbeatStatus.UP));
        assertThat(h.extractOutputValues()).hasSize(2);
        assertThat(h.extractOutputValues().get(1).getEndsAt()).isNotNull();
        h.setProcessingTime(TIMEOUT / 2 + TIMEOUT + 1);   // b's silence passes the timeout too
        assertThat(h.extractOutputValues()).hasSize(3);
        assertThat(h.extractOutputValues().get(2).getAgentId()).isEqualTo("b");
        h.close();
    }

    @Test
    void downIsUnreachableAtOnceDegradedIsDegradedAndALateUpDoesNotUndoANewerDown() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LivenessSignal, Alert> h = liveness();
        h.setProcessingTime(0);
        signal(h, TestData.heartbeat("t", "a", 1_000, HeartbeatStatus.DEGRADED));
        signal(h, TestData.heartbeat("t", "a", 3_000, HeartbeatStatus.DOWN));
        signal(h, TestData.heartbeat("t", "a", 2_000, HeartbeatStatus.UP));    // late, older than the DOWN
        signal(h, TestData.heartbeat("t", "a", 4_000, HeartbeatStatus.UP));
        assertThat(h.extractOutputValues()).extracting(a -> a.getAlertname() + (a.getEndsAt() == null ? " firing" : " clear"))
                .containsExactly("AgentDegraded firing", "AgentUnreachable firing", "AgentDegraded clear", "AgentUnreachable clear");
        h.close();
    }

    @Test
    void noAgentIsSilentBeforeTheJobRanOneTimeoutAndForgottenAgentsLeaveNothing() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LivenessSignal, Alert> h = liveness();
        h.setProcessingTime(1_000);
        signal(h, TestData.heartbeat("t", "a", 0, HeartbeatStatus.UP));
        h.setProcessingTime(1_000 + TIMEOUT + 1);
        assertThat(h.extractOutputValues()).hasSize(1);
        h.setProcessingTime(2 * 86_400_000L);
        assertThat(h.extractOutputValues()).extracting(a -> a.getEndsAt() != null).containsExactly(false, true);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
        h.close();
    }

    @Test
    void moreThanFiveChannelErrorsInAMinuteFireAndAQuietMinuteResolves() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, ChannelError, Alert> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ChannelErrorRate(DetectionSettings.defaults())), ChannelError::key, Types.STRING);
        h.open();
        for (int i = 0; i < 5; i++) {
            channel(h, "e" + i, 1_000 + i, Channel.WHATSAPP);   // five: not more than five
        }
        for (int i = 0; i < 6; i++) {
            channel(h, "f" + i, MIN + 1_000 + i, Channel.WHATSAPP);
            channel(h, "s" + i, MIN + 1_000 + i, Channel.SLACK);
        }
        h.processWatermark(2 * MIN - 1);
        assertThat(h.extractOutputValues()).extracting(a -> a.getLabels().get("channel") + " " + a.getValue())
                .containsExactlyInAnyOrder("WHATSAPP 6.0", "SLACK 6.0");
        h.processWatermark(3 * MIN);
        assertThat(h.extractOutputValues()).filteredOn(a -> a.getEndsAt() != null).hasSize(2);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void llmLatencyP95AboveEightSecondsIsP3AboveFifteenP2BelowClears() {
        LlmLatencyThreshold threshold = new LlmLatencyThreshold(DetectionSettings.defaults());
        List<Alert> out = new ArrayList<>();
        Collector<Alert> collector = collector(out);
        threshold.flatMap(TestData.minute("t", "a", "m", 0, 10, 0, 0.1, 1000, 9_000.0, null), collector);
        threshold.flatMap(TestData.minute("t", "a", "m", MIN, 10, 0, 0.1, 1000, 16_000.0, null), collector);
        threshold.flatMap(TestData.minute("t", "a", "m", 2 * MIN, 10, 0, 0.1, 1000, 3_000.0, null), collector);
        threshold.flatMap(TestData.minute("t", "a", "m", 3 * MIN, 1, 0, 0.1, 1000, 30_000.0, null), collector); // one call: not judged
        assertThat(out).extracting(a -> a.getSeverity() + (a.getEndsAt() == null ? " firing" : " clear"))
                .containsExactly("P3 firing", "P2 firing", "P3 clear");
        assertThat(out).extracting(Alert::getFingerprint).containsOnly(out.get(0).getFingerprint());
    }

    // ------------------------------------------------------------------ plumbing

    private static KeyedOneInputStreamOperatorTestHarness<String, LivenessSignal, Alert> liveness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LivenessSignal, Alert> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AgentLiveness(DetectionSettings.defaults())), LivenessSignal::agentKey, Types.STRING);
        h.open();
        return h;
    }

    private static void signal(KeyedOneInputStreamOperatorTestHarness<String, LivenessSignal, Alert> h,
            org.openclaw.oversight.schema.AgentHeartbeat heartbeat) throws Exception {
        h.processElement(new StreamRecord<>(LivenessSignal.of(heartbeat), heartbeat.getTimestamp().toEpochMilli()));
    }

    private static ChannelError channel(KeyedOneInputStreamOperatorTestHarness<String, ChannelError, Alert> h, String id, long time,
            Channel channel) throws Exception {
        ChannelError e = ChannelError.of(TestData.channelMessage(id, "t", "a", time, channel, true));
        h.processElement(new StreamRecord<>(e, time));
        return e;
    }

    private static Collector<Alert> collector(List<Alert> out) {
        return new Collector<>() {
            @Override
            public void collect(Alert record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
    }
}
