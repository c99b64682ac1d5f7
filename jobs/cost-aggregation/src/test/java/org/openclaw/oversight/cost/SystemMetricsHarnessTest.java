package org.openclaw.oversight.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SystemMetricsHarnessTest {

    private static final long MIN = 60_000;
    private static final long LATENESS = 120_000;

    @Test
    void rollsUpOnceAtTheWatermarkReplacesCorrectionsAndDrains() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<Long, AgentMetrics, SystemMetrics> harness =
                     new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SystemMetricsFunction(MIN, LATENESS)),
                             row -> row.bucket, Types.LONG)) {
            harness.open();
            send(harness, row("t1", "a", "m1", 10, 2, 1_000, 500));
            send(harness, row("t1", "a", "m2", 5, 0, 2_000, 0));
            send(harness, row("t2", "a", "m1", 5, 3, 3_000, 500));
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.processWatermark(MIN - 1);
            SystemMetrics s = harness.extractOutputValues().get(0);
            assertThat(s.requests).isEqualTo(20);
            assertThat(s.errors).isEqualTo(5);
            assertThat(s.errorRate).isCloseTo(0.25, within(1e-12));
            assertThat(s.totalCostEur()).isEqualByComparingTo("0.000006");
            assertThat(s.activeAgents).as("t1/a and t2/a").isEqualTo(2);
            assertThat(s.avgLatencyMs).as("mean over events, not of rows").isCloseTo(1000.0 / 15, within(1e-9));

            // a late correction replaces t1/a/m1 (10 -> 11 requests), it is not added on top
            send(harness, row("t1", "a", "m1", 11, 2, 1_500, 550));
            assertThat(harness.extractOutputValues()).hasSize(2);
            assertThat(harness.extractOutputValues().get(1).requests).isEqualTo(21);

            harness.processWatermark(MIN - 1 + LATENESS + 1);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<Long, AgentMetrics, SystemMetrics> harness, AgentMetrics row)
            throws Exception {
        harness.processElement(new StreamRecord<>(row, row.bucket + MIN - 1));
    }

    /** A row whose latency sum is {@code latencySum} over {@code requests} (m2 has none). */
    private static AgentMetrics row(String tenant, String agent, String model, long requests, long errors, long costNano,
            long latencySum) {
        AgentMetrics m = new AgentMetrics();
        m.bucket = 0;
        m.windowMinutes = 1;
        m.tenantId = tenant;
        m.agentId = agent;
        m.model = model;
        m.requests = requests;
        m.errors = errors;
        m.costNanoEur = costNano;
        m.latencyCount = latencySum == 0 ? 0 : requests;
        m.latencySumMs = latencySum;
        return m;
    }
}
