package org.openclaw.oversight.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openclaw.oversight.anomaly.TestData.MIN;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.schema.AgentMetrics;

/**
 * Warm start on the real PostgreSQL: an empty-state start reads the agents' minutes over all models from
 * agent_metrics_1m and judges the first live minute at once; a start with restored state reads nothing.
 */
@ExtendWith(LocalStackExtension.class)
class WarmStartITCase {

    @Test
    void anEmptyStartJudgesItsFirstMinuteFromStoredHistoryARestoredOneKeepsItsOwn(LocalPostgres postgres) throws Exception {
        JdbcConnection db = new JdbcConnection(postgres.createDatabase("anomaly_warm_start"), postgres.user(), postgres.password());
        DatabaseMigrations.migrate(db);
        long now = Math.floorDiv(System.currentTimeMillis(), MIN) * MIN;
        try (Connection c = db.open(); PreparedStatement insert = c.prepareStatement("INSERT INTO oversight.agent_metrics_1m "
                + "(bucket, tenant_id, agent_id, model, requests, errors, input_tokens, output_tokens, cost_eur, latency_p95_ms, "
                + "latency_count, alignment_avg, alignment_count) VALUES (?, 'warm', 'a', ?, 10, 0, 9000, 1000, 0.02, ?, 10, 0.9, 10)")) {
            for (int m = 30; m >= 1; m--) {
                for (String model : new String[] {"claude", "gpt"}) {
                    insert.setTimestamp(1, Timestamp.from(Instant.ofEpochMilli(now - m * MIN)));
                    insert.setString(2, model);
                    insert.setDouble(3, model.equals("claude") ? 2_000 + m : 1_000);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
        Map<String, List<MinuteValues>> stored = BaselineHistory.load(db, Duration.ofHours(3));
        assertThat(stored.get("warm/a")).hasSize(30).allSatisfy(v -> {
            assertThat(v.requests).isEqualTo(20);
            assertThat(v.totalTokens).isEqualTo(20_000);
            assertThat(v.costEur).isEqualTo(0.04, org.assertj.core.api.Assertions.within(1e-9));
            assertThat(v.latencyP95Ms).isGreaterThan(2_000);   // the larger of the models' p95s
            assertThat(v.alignmentAvg).isEqualTo(0.9, org.assertj.core.api.Assertions.within(1e-9));
        });

        DetectionSettings settings = DetectionSettings.defaults();
        AgentMetrics live = TestData.minute("warm", "a", null, now, 20, 0, 0.04 * 8, 20_000, 2_010.0, 0.9);
        KeyedOneInputStreamOperatorTestHarness<String, AgentMetrics, MinuteJudgement> fresh = harness(settings, db, null);
        fresh.processElement(new StreamRecord<>(live, now + MIN - 1));
        assertThat(fresh.extractOutputValues()).as("judged at once, the cost 8× its stored baseline")
                .anySatisfy(j -> {
                    assertThat(j.metric).isEqualTo(MinuteMetric.COST);
                    assertThat(j.anomalous).isTrue();
                    assertThat(j.historyMinutes).isEqualTo(30);
                });
        fresh.close();

        KeyedOneInputStreamOperatorTestHarness<String, AgentMetrics, MinuteJudgement> cold = harness(settings, null, null);
        cold.processElement(new StreamRecord<>(live, now + MIN - 1));
        assertThat(cold.extractOutputValues()).as("without the warm start, no history: no σ metric judged")
                .allSatisfy(j -> assertThat(j.metric).isEqualTo(MinuteMetric.ALIGNMENT_MINIMUM));
        OperatorSubtaskState snapshot = cold.snapshot(1, 1);
        cold.close();

        KeyedOneInputStreamOperatorTestHarness<String, AgentMetrics, MinuteJudgement> restored = harness(settings, db, snapshot);
        restored.processElement(new StreamRecord<>(TestData.minute("warm", "a", null, now + MIN, 20, 0, 0.32, 20_000, 2_010.0, 0.9),
                now + 2 * MIN - 1));
        assertThat(restored.extractOutputValues()).as("restored state: the table is not read, one minute of history is too little")
                .allSatisfy(j -> assertThat(j.metric).isEqualTo(MinuteMetric.ALIGNMENT_MINIMUM));
        restored.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AgentMetrics, MinuteJudgement> harness(DetectionSettings settings,
            JdbcConnection db, OperatorSubtaskState restore) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, AgentMetrics, MinuteJudgement> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new MinuteBaselineDetector(settings, db)),
                r -> DetectionSettings.key(r.getTenantId(), r.getAgentId()), Types.STRING);
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }
}
