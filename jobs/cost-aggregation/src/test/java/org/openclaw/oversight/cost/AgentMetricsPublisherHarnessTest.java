package org.openclaw.oversight.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.AgentMetrics;

/**
 * The rows of oversight.agent-metrics.v1: per model as they come, over all models when the watermark
 * passes the minute (latency from the merged sketches, not from the models' percentiles), revisions
 * +1 per correction, state and timers gone after the lateness.
 */
class AgentMetricsPublisherHarnessTest {

    private static final long MIN = 60_000;
    private static final long LATENESS = 2 * MIN;
    private KeyedOneInputStreamOperatorTestHarness<String, MinuteTotals, AgentMetrics> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new AgentMetricsPublisher(LATENESS)),
                MinuteTotals::agentKey, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void publishesModelRowsAtOnceAndTheAgentRowAtTheWatermarkWithMergedLatencies() throws Exception {
        WindowAccumulator fast = totals(100, 0, 10, 20, 30, 40, 50);      // 5 calls
        WindowAccumulator slow = totals(200, 1, 9_000, 10_000, 11_000);   // 3 calls, 1 error
        harness.processElement(new StreamRecord<>(MinuteTotals.of(0, "t", "a", "claude", fast), MIN - 1));
        harness.processElement(new StreamRecord<>(MinuteTotals.of(0, "t", "a", "gpt-4o", slow), MIN - 1));
        List<AgentMetrics> models = harness.extractOutputValues();
        assertThat(models).extracting(AgentMetrics::getModel).containsExactly("claude", "gpt-4o");
        assertThat(models).allSatisfy(r -> assertThat(r.getRevision()).isZero());

        harness.processWatermark(MIN - 1);
        List<AgentMetrics> out = harness.extractOutputValues();
        assertThat(out).hasSize(3);
        AgentMetrics all = out.get(2);
        assertThat(all.getModel()).isNull();
        assertThat(all.getRevision()).isZero();
        assertThat(all.getRequests()).isEqualTo(8);
        assertThat(all.getErrors()).isEqualTo(1);
        assertThat(all.getErrorRate()).isCloseTo(1.0 / 8, within(1e-12));
        assertThat(all.getInputTokens()).isEqualTo(5 * 100 + 3 * 200);
        // the failed call (9,000 ms) counts as an error, not a latency
        assertThat(all.getLatencyCount()).isEqualTo(7);
        // the merged sketch: the p95 of the seven latencies is the slowest model's tail, within the sketch's 1 %
        assertThat(all.getLatencyP95Ms()).isBetween(10_000 * 0.99, 11_000 * 1.01);
        assertThat(all.getLatencyP50Ms()).isBetween(40 * 0.99, 50 * 1.01);
        assertThat(all.getLatencyMaxMs()).isEqualTo(11_000.0);
    }

    @Test
    void aCorrectionRepublishesItsModelAndTheAgentRowWithTheNextRevisionThenStateDrains() throws Exception {
        harness.processElement(new StreamRecord<>(MinuteTotals.of(0, "t", "a", "claude", totals(10, 0, 100)), MIN - 1));
        harness.processWatermark(MIN - 1);
        harness.processElement(new StreamRecord<>(MinuteTotals.of(0, "t", "a", "claude", totals(10, 0, 100, 200)), 30_000));
        harness.processElement(new StreamRecord<>(MinuteTotals.of(0, "t", "a", "claude", totals(10, 0, 100, 200, 300)), 31_000));
        List<AgentMetrics> out = harness.extractOutputValues();
        assertThat(out).extracting(r -> r.getModel() + "@" + r.getRevision() + "=" + r.getRequests())
                .containsExactly("claude@0=1", "null@0=1", "claude@1=2", "null@1=2", "claude@2=3", "null@2=3");
        assertThat(harness.numKeyedStateEntries()).isPositive();

        harness.processWatermark(MIN - 1 + LATENESS);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aModelMinuteFirstSeenAfterTheWatermarkIsRevisionZeroAtOnce() throws Exception {
        harness.processWatermark(2 * MIN);
        harness.processElement(new StreamRecord<>(MinuteTotals.of(MIN, "t", "a", "claude", totals(10, 0, 100)), MIN + 5));
        assertThat(harness.extractOutputValues()).extracting(r -> r.getModel() + "@" + r.getRevision())
                .containsExactly("claude@0", "null@0");
    }

    private static WindowAccumulator totals(long tokensPerCall, int errors, long... latencies) {
        WindowAccumulator a = new WindowAccumulator();
        for (int i = 0; i < latencies.length; i++) {
            UsageEvent e = TestEvents.usage("e" + i, "t", "a", "m", 0, latencies[i], i < errors, 0.001);
            e.inputTokens = tokensPerCall;
            a.add(e);
        }
        return a;
    }
}
