package org.openclaw.oversight.bench.choices;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.openclaw.oversight.cost.AgentMetrics;

/**
 * The library's way to write {@code agent_metrics_1m}: flink-connector-jdbc's Sink V2
 * {@link JdbcSink}, at-least-once (the writer flushes on every checkpoint), one
 * {@code INSERT ... VALUES (...) ON CONFLICT (key) DO UPDATE} per row sent as a JDBC batch. The same
 * columns as {@code MetricsTables.agentMetrics} (cost-aggregation), {@code updated_at = now()}.
 */
final class JdbcConnectorMetricsSink {

    static final List<String> KEY = List.of("bucket", "tenant_id", "agent_id", "model");
    /** In binding order, after the key. */
    static final List<String> VALUES = List.of("requests", "errors", "error_rate", "requests_per_minute", "input_tokens",
            "output_tokens", "cached_input_tokens", "cost_eur", "unpriced_requests", "latency_p50_ms", "latency_p95_ms",
            "latency_p99_ms", "latency_max_ms", "latency_avg_ms", "latency_count", "tool_calls", "tool_failures",
            "tool_success_rate", "alignment_avg", "alignment_count", "quality_avg", "quality_count", "satisfaction_avg",
            "satisfaction_count");

    private JdbcConnectorMetricsSink() {}

    /**
     * @param rewriteBatchedInserts pgjdbc's {@code reWriteBatchedInserts}: the driver folds a batch into
     *        multi-row INSERTs (fewer round trips); PostgreSQL then refuses a statement that touches a
     *        key twice, so it only works when no batch repeats a key
     */
    static JdbcSink<AgentMetrics> build(String url, String user, String password, int batchSize, long batchIntervalMs,
            boolean rewriteBatchedInserts, int maxRetries) {
        JdbcConnectionOptions connection = new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(url).withDriverName("org.postgresql.Driver").withUsername(user).withPassword(password)
                .withProperty("reWriteBatchedInserts", Boolean.toString(rewriteBatchedInserts))
                .withProperty("logServerErrorDetail", "false")
                .build();
        return JdbcSink.<AgentMetrics>builder()
                .withQueryStatement(sql("oversight.agent_metrics_1m"), new Binder())
                .withExecutionOptions(JdbcExecutionOptions.builder().withBatchSize(batchSize).withBatchIntervalMs(batchIntervalMs)
                        .withMaxRetries(maxRetries).build())
                .buildAtLeastOnce(connection);
    }

    static String sql(String table) {
        String columns = String.join(", ", KEY) + ", " + String.join(", ", VALUES) + ", updated_at";
        String marks = "?, ".repeat(KEY.size() + VALUES.size()) + "now()";
        String updates = VALUES.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "))
                + ", updated_at = EXCLUDED.updated_at";
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ") ON CONFLICT (" + String.join(", ", KEY)
                + ") DO UPDATE SET " + updates;
    }

    /** Binds one row, in the order of {@link #KEY} then {@link #VALUES}. */
    private static final class Binder implements JdbcStatementBuilder<AgentMetrics> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement s, AgentMetrics m) throws SQLException {
            int i = 1;
            s.setObject(i++, OffsetDateTime.ofInstant(Instant.ofEpochMilli(m.bucket), ZoneOffset.UTC));
            s.setString(i++, m.tenantId);
            s.setString(i++, m.agentId);
            s.setString(i++, m.model);
            s.setLong(i++, m.requests);
            s.setLong(i++, m.errors);
            s.setDouble(i++, m.errorRate);
            s.setDouble(i++, m.requestsPerMinute);
            s.setLong(i++, m.inputTokens);
            s.setLong(i++, m.outputTokens);
            s.setLong(i++, m.cachedInputTokens);
            s.setBigDecimal(i++, m.costEur());
            s.setLong(i++, m.unpricedRequests);
            i = nullable(s, i, m.latencyP50Ms);
            i = nullable(s, i, m.latencyP95Ms);
            i = nullable(s, i, m.latencyP99Ms);
            i = nullable(s, i, m.latencyMaxMs);
            i = nullable(s, i, m.latencyAvgMs);
            s.setLong(i++, m.latencyCount);
            s.setLong(i++, m.toolCalls);
            s.setLong(i++, m.toolFailures);
            i = nullable(s, i, m.toolSuccessRate);
            i = nullable(s, i, m.alignmentAvg);
            s.setLong(i++, m.alignmentCount);
            i = nullable(s, i, m.qualityAvg);
            s.setLong(i++, m.qualityCount);
            i = nullable(s, i, m.satisfactionAvg);
            s.setLong(i, m.satisfactionCount);
        }

        private static int nullable(PreparedStatement s, int i, Double value) throws SQLException {
            if (value == null) {
                s.setNull(i, Types.DOUBLE);
            } else {
                s.setDouble(i, value);
            }
            return i + 1;
        }
    }
}
