package org.openclaw.oversight.cost;

import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.connectors.timescale.JdbcUpsertSink;

/**
 * The upsert sinks of the three metrics tables ({@link JdbcUpsertSink}, batch
 * {@value JdbcUpsertSink#DEFAULT_BATCH_SIZE}). Every column is written on every emission, keyed on
 * the table's primary key, so a re-emitted (late-corrected or replayed) window replaces its row.
 *
 * <p>With {@code rewriteBatchedInserts()}: late corrections repeat keys within a batch, which a
 * multi-row upsert may not do, so the sink cuts a batch at a repeated key; measured on a stream with
 * one row in five a correction, that is as fast as no rewrite or faster (connectors/timescale
 * README), and the window closes, which emit each key once, profit fully. No {@code keyBy} before
 * the sinks: each row comes from the window (or system-metrics) subtask that owns its key, chained
 * to its sink, so the last emission of a key is the last write of that subtask.
 */
public final class MetricsTables {

    public static final String AGENT_METRICS_1M = "oversight.agent_metrics_1m";
    public static final String AGENT_METRICS_1H = "oversight.agent_metrics_1h";
    public static final String SYSTEM_METRICS_1M = "oversight.system_metrics_1m";

    private MetricsTables() {}

    public static Sink<AgentMetrics> agentMetrics(String table, JdbcConnection db, Duration flushInterval) {
        return agentMetricsColumns(table).rewriteBatchedInserts().flushInterval(flushInterval).build(db);
    }

    /** The column mapping of {@link #agentMetrics}, before batch options (the benchmark varies them). */
    public static JdbcUpsertSink.Builder<AgentMetrics> agentMetricsColumns(String table) {
        return JdbcUpsertSink.<AgentMetrics>into(table)
                .key("bucket", "tenant_id", "agent_id", "model")
                .timestamptz("bucket", AgentMetrics::bucketInstant)
                .text("tenant_id", m -> m.tenantId)
                .text("agent_id", m -> m.agentId)
                .text("model", m -> m.model)
                .bigint("requests", m -> m.requests)
                .bigint("errors", m -> m.errors)
                .doublePrecision("error_rate", m -> m.errorRate)
                .doublePrecision("requests_per_minute", m -> m.requestsPerMinute)
                .bigint("input_tokens", m -> m.inputTokens)
                .bigint("output_tokens", m -> m.outputTokens)
                .bigint("cached_input_tokens", m -> m.cachedInputTokens)
                .bigint("cache_creation_input_tokens", m -> m.cacheCreationInputTokens)
                .numeric("cost_eur", AgentMetrics::costEur)
                .bigint("unpriced_requests", m -> m.unpricedRequests)
                .bigint("llm_calls", m -> m.llmCalls)
                .doublePrecision("latency_p50_ms", m -> m.latencyP50Ms)
                .doublePrecision("latency_p95_ms", m -> m.latencyP95Ms)
                .doublePrecision("latency_p99_ms", m -> m.latencyP99Ms)
                .doublePrecision("latency_max_ms", m -> m.latencyMaxMs)
                .doublePrecision("latency_avg_ms", m -> m.latencyAvgMs)
                .bigint("latency_count", m -> m.latencyCount)
                .bigint("tool_calls", m -> m.toolCalls)
                .bigint("tool_failures", m -> m.toolFailures)
                .doublePrecision("tool_success_rate", m -> m.toolSuccessRate)
                .doublePrecision("alignment_avg", m -> m.alignmentAvg)
                .bigint("alignment_count", m -> m.alignmentCount)
                .doublePrecision("quality_avg", m -> m.qualityAvg)
                .bigint("quality_count", m -> m.qualityCount)
                .doublePrecision("satisfaction_avg", m -> m.satisfactionAvg)
                .bigint("satisfaction_count", m -> m.satisfactionCount)
                .now("updated_at");
    }

    public static Sink<SystemMetrics> systemMetrics(JdbcConnection db, Duration flushInterval) {
        return JdbcUpsertSink.<SystemMetrics>into(SYSTEM_METRICS_1M)
                .key("bucket")
                .timestamptz("bucket", SystemMetrics::bucketInstant)
                .numeric("total_cost_eur", SystemMetrics::totalCostEur)
                .bigint("requests", s -> s.requests)
                .bigint("errors", s -> s.errors)
                .doublePrecision("error_rate", s -> s.errorRate)
                .doublePrecision("avg_latency_ms", s -> s.avgLatencyMs)
                .integer("active_agents", s -> s.activeAgents)
                .now("updated_at")
                .rewriteBatchedInserts()
                .flushInterval(flushInterval)
                .build(db);
    }
}
