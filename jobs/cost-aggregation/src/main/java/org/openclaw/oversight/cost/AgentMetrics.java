package org.openclaw.oversight.cost;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of {@code agent_metrics_1m} / {@code agent_metrics_1h}: the complete aggregate of one
 * (bucket, tenant, agent, model) window. A late event re-emits the whole corrected row, never a
 * delta, so the upsert replaces it and replays never double count.
 */
public class AgentMetrics {

    /** Window start, epoch ms. */
    public long bucket;
    public int windowMinutes;
    public String tenantId;
    public String agentId;
    public String model;
    public long requests;
    public long errors;
    public double errorRate;
    public double requestsPerMinute;
    public long inputTokens;
    public long outputTokens;
    public long cachedInputTokens;
    public long cacheCreationInputTokens;
    public long costNanoEur;
    /** Events without a cost (ingestion leaves only LLM calls unpriced; every other kind costs 0). */
    public long unpricedRequests;
    public long llmCalls;
    /** LLM calls without a cost: what {@link UnpricedModelTracker} takes the share of. Not a table column. */
    public long unpricedLlmCalls;
    public long latencyCount;
    public long latencySumMs;
    public Double latencyP50Ms;
    public Double latencyP95Ms;
    public Double latencyP99Ms;
    public Double latencyMaxMs;
    public Double latencyAvgMs;
    public long toolCalls;
    public long toolFailures;
    public Double toolSuccessRate;
    public Double alignmentAvg;
    public long alignmentCount;
    public Double qualityAvg;
    public long qualityCount;
    public Double satisfactionAvg;
    public long satisfactionCount;

    public AgentMetrics() {}

    public static AgentMetrics of(long bucket, int windowMinutes, String tenantId, String agentId, String model, WindowAccumulator a) {
        AgentMetrics m = new AgentMetrics();
        m.bucket = bucket;
        m.windowMinutes = windowMinutes;
        m.tenantId = tenantId;
        m.agentId = agentId;
        m.model = model;
        m.requests = a.requests;
        m.errors = a.errors;
        m.errorRate = a.requests == 0 ? 0 : (double) a.errors / a.requests;
        m.requestsPerMinute = (double) a.requests / windowMinutes;
        m.inputTokens = a.inputTokens;
        m.outputTokens = a.outputTokens;
        m.cachedInputTokens = a.cachedInputTokens;
        m.cacheCreationInputTokens = a.cacheCreationInputTokens;
        m.costNanoEur = a.costNanoEur;
        m.unpricedRequests = a.unpricedRequests;
        m.llmCalls = a.llmCalls;
        m.unpricedLlmCalls = a.unpricedLlmCalls;
        m.latencyCount = a.latencyCount;
        m.latencySumMs = a.latencySumMs;
        if (a.latencyCount > 0) {
            m.latencyP50Ms = a.latency.quantile(0.50);
            m.latencyP95Ms = a.latency.quantile(0.95);
            m.latencyP99Ms = a.latency.quantile(0.99);
            m.latencyMaxMs = (double) a.latencyMaxMs;
            m.latencyAvgMs = (double) a.latencySumMs / a.latencyCount;
        }
        m.toolCalls = a.toolCalls;
        m.toolFailures = a.toolFailures;
        m.toolSuccessRate = a.toolCalls == 0 ? null : (double) (a.toolCalls - a.toolFailures) / a.toolCalls;
        m.alignmentCount = a.alignmentCount;
        m.alignmentAvg = a.alignmentCount == 0 ? null : a.alignmentSum / a.alignmentCount;
        m.qualityCount = a.qualityCount;
        m.qualityAvg = a.qualityCount == 0 ? null : a.qualitySum / a.qualityCount;
        m.satisfactionCount = a.satisfactionCount;
        m.satisfactionAvg = a.satisfactionCount == 0 ? null : a.satisfactionSum / a.satisfactionCount;
        return m;
    }

    public Instant bucketInstant() {
        return Instant.ofEpochMilli(bucket);
    }

    public BigDecimal costEur() {
        return BigDecimal.valueOf(costNanoEur, 9);
    }

    /** The table key, for keyBy before the sink (one subtask owns each row). */
    public String rowKey() {
        return bucket + "|" + tenantId + "|" + agentId + "|" + model;
    }

    @Override
    public String toString() {
        return "AgentMetrics{" + Instant.ofEpochMilli(bucket) + "/" + windowMinutes + "m " + tenantId + "/" + agentId + "/" + model
                + " requests=" + requests + " errors=" + errors + " cost=" + costEur() + " p95=" + latencyP95Ms + "}";
    }
}
