package org.openclaw.oversight.cost;

import java.math.BigDecimal;
import java.time.Instant;

/** One row of {@code system_metrics_1m}: the whole fleet in one minute. */
public class SystemMetrics {

    public long bucket;
    public long totalCostNanoEur;
    public long requests;
    public long errors;
    public double errorRate;
    /** Mean over every event with a latency (not a mean of per-agent means); null when none had one. */
    public Double avgLatencyMs;
    /** Distinct (tenant, agent) with at least one event in the minute. */
    public int activeAgents;

    public SystemMetrics() {}

    public Instant bucketInstant() {
        return Instant.ofEpochMilli(bucket);
    }

    public BigDecimal totalCostEur() {
        return BigDecimal.valueOf(totalCostNanoEur, 9);
    }

    @Override
    public String toString() {
        return "SystemMetrics{" + Instant.ofEpochMilli(bucket) + " requests=" + requests + " errors=" + errors + " cost="
                + totalCostEur() + " activeAgents=" + activeAgents + "}";
    }
}
