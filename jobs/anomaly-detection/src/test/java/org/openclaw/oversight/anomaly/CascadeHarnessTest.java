package org.openclaw.oversight.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/** Detector 4: who is downstream of whom in a trace, and both cascade patterns (positive, negative, restore, bounded state). */
class CascadeHarnessTest {

    private static final long DELAY = 5_000;

    @Test
    void aFailedSpanKnowsTheAgentsUpstreamOfItEvenWhenItsParentsArriveLater() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, SpanNode, ErrorSpan> h = topology();
        // B's failing LLM call arrives before B's run and before A's HANDOFF span it hangs under
        span(h, "b-llm", "b", EventKind.LLM_CALL, 1_200, "b-llm", "b-run", SpanStatus.ERROR);
        span(h, "b-run", "b", EventKind.AGENT_RUN, 1_100, "b-run", "a-handoff", SpanStatus.ERROR);
        span(h, "a-handoff", "a", EventKind.HANDOFF, 1_000, "a-handoff", "a-run", SpanStatus.ERROR);
        span(h, "a-run", "a", EventKind.AGENT_RUN, 900, "a-run", null, SpanStatus.OK);
        assertThat(h.extractOutputValues()).isEmpty();
        h.processWatermark(1_200 + DELAY);
        assertThat(h.extractOutputValues()).extracting(e -> e.agentId + "<" + e.upstreamAgents)
                .containsExactlyInAnyOrder("a<", "b<a", "b<a");
        h.processWatermark(1_000_000);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void errorsOfTwoAgentsDownstreamOfTheOriginWithinSixtySecondsAreACascade() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, ErrorSpan, Alert> cep = spanPattern(null);
        error(cep, "a1", "a", "", 10_000);
        error(cep, "c1", "c", "", 12_000);          // not downstream of a
        error(cep, "b1", "b", "a", 20_000);
        error(cep, "b2", "b", "a", 21_000);
        error(cep, "b3", "b", "a", 22_000);         // b's third: not needed
        error(cep, "d1", "d", "b,a", 30_000);
        errorInTrace(cep, "d1b", "d", "b,a", 31_000, "trace-d1");   // d's run fails above its call: the same trace
        cep.processWatermark(40_000);
        assertThat(cep.extractOutputValues()).as("d failed in one trace only").isEmpty();
        error(cep, "d2", "d", "b,a", 50_000);
        cep.processWatermark(60_000);
        assertThat(cep.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.getAlertname()).isEqualTo("CascadingFailure");
            assertThat(a.getSeverity().name()).isEqualTo("P1");
            assertThat(a.getAgentId()).isEqualTo("a");
            assertThat(a.getLabels()).containsEntry("origin", "a").containsEntry("severity", "critical");
            assertThat(a.getSummary()).contains("b, d");
            assertThat(a.getEvidence()).containsExactly("a1", "b1", "b2", "d1", "d2");
            assertThat(a.getFingerprint()).isEqualTo(AlertType.CASCADING_FAILURE.fingerprint(
                    java.util.Map.of("tenant", "t", "agent", "a", "origin", "a")));
        });
        cep.close();
    }

    @Test
    void downstreamErrorsLaterThanTheWindowAreNoCascadeAndPartialMatchesExpire() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, ErrorSpan, Alert> cep = spanPattern(null);
        for (int i = 0; i < 200; i++) {
            error(cep, "a" + i, "a", "", 1_000 + i * 10);     // many starts that never complete
        }
        error(cep, "b1", "b", "a", 40_000);
        error(cep, "b2", "b", "a", 41_000);
        error(cep, "c1", "c", "a", 42_000);
        error(cep, "c2", "c", "a", 70_000);                    // 68 s after the last origin error
        cep.processWatermark(200_000);
        assertThat(cep.extractOutputValues()).isEmpty();
        assertThat(cep.numKeyedStateEntries()).as("CEP keeps nothing for the tenant once every partial match expired").isLessThan(5);
        cep.close();
    }

    @Test
    void aRestoreBetweenTheTwoDownstreamErrorsKeepsTheMatch() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, ErrorSpan, Alert> cep = spanPattern(null);
        error(cep, "a1", "a", "", 10_000);
        error(cep, "b1", "b", "a", 20_000);
        cep.processWatermark(25_000);
        OperatorSubtaskState snapshot = cep.snapshot(1, 1);
        cep.close();
        KeyedOneInputStreamOperatorTestHarness<String, ErrorSpan, Alert> restored = spanPattern(snapshot);
        error(restored, "b2", "b", "a", 26_000);
        error(restored, "c1", "c", "a", 30_000);
        error(restored, "c2", "c", "a", 31_000);
        restored.processWatermark(40_000);
        assertThat(restored.extractOutputValues()).singleElement()
                .satisfies(a -> assertThat(a.getEvidence()).containsExactly("a1", "b1", "b2", "c1", "c2"));
        restored.close();
    }

    @Test
    void errorRateAnomaliesOfThreeAgentsWithinTwoMinutesAreACascade() throws Exception {
        DetectionSettings settings = DetectionSettings.defaults();
        AnomalyAlerts alerts = new AnomalyAlerts(settings);
        KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> cep = PatternHarness.open(new ErrorRateCascadePattern(settings),
                Alert::getTenantId, new AvroTypeInfo<>(Alert.class), null);
        rate(cep, alerts, "a", 60_000);
        rate(cep, alerts, "a", 70_000);     // the same agent again
        rate(cep, alerts, "b", 100_000);
        cep.processWatermark(150_000);
        assertThat(cep.extractOutputValues()).isEmpty();
        rate(cep, alerts, "c", 170_000);
        cep.processWatermark(200_000);
        assertThat(cep.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.getAlertname()).isEqualTo("CascadingFailure");
            assertThat(a.getAgentId()).isEqualTo("a");
        });
        rate(cep, alerts, "x", 500_000);
        rate(cep, alerts, "y", 700_000);    // too late for x
        rate(cep, alerts, "z", 710_000);
        cep.processWatermark(900_000);
        assertThat(cep.extractOutputValues()).hasSize(1);
        cep.close();
    }

    // ------------------------------------------------------------------ plumbing

    private static KeyedOneInputStreamOperatorTestHarness<String, SpanNode, ErrorSpan> topology() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, SpanNode, ErrorSpan> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TraceTopology(DELAY, 300_000)), n -> n.traceId, Types.STRING);
        h.open();
        return h;
    }

    private static void span(KeyedOneInputStreamOperatorTestHarness<String, SpanNode, ErrorSpan> h, String id, String agent,
            EventKind kind, long time, String spanId, String parent, SpanStatus status) throws Exception {
        SpanNode n = SpanNode.of(TestData.span(id, "t", agent, kind, time, "trace-1", spanId, parent, status, 100, 10));
        h.processElement(new StreamRecord<>(n, time));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ErrorSpan, Alert> spanPattern(OperatorSubtaskState restore)
            throws Exception {
        return PatternHarness.open(new CascadingErrorsPattern(DetectionSettings.defaults()), e -> e.tenantId,
                TypeInformation.of(ErrorSpan.class), restore);
    }

    private static void error(KeyedOneInputStreamOperatorTestHarness<String, ErrorSpan, Alert> h, String id, String agent,
            String upstream, long time) throws Exception {
        ErrorSpan e = new ErrorSpan();
        e.tenantId = "t";
        e.agentId = agent;
        e.traceId = "trace-" + id;
        e.eventId = id;
        e.eventTimeMs = time;
        e.upstreamAgents = upstream;
        h.processElement(new StreamRecord<>(e, time));
    }

    private static void errorInTrace(KeyedOneInputStreamOperatorTestHarness<String, ErrorSpan, Alert> h, String id, String agent,
            String upstream, long time, String trace) throws Exception {
        ErrorSpan e = new ErrorSpan();
        e.tenantId = "t";
        e.agentId = agent;
        e.traceId = trace;
        e.eventId = id;
        e.eventTimeMs = time;
        e.upstreamAgents = upstream;
        h.processElement(new StreamRecord<>(e, time));
    }

    private static void rate(KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> h, AnomalyAlerts alerts, String agent,
            long time) throws Exception {
        Alert a = alerts.draft(AlertType.ERROR_RATE_ANOMALY, "t", agent).label("metric", "error_rate")
                .evidence(List.of("row-" + agent + "-" + time)).firing(time - 120_000);
        h.processElement(new StreamRecord<>(a, time));
    }
}
