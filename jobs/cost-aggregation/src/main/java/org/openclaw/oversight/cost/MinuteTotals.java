package org.openclaw.oversight.cost;

/**
 * One emission of a (tenant, agent, model) minute window with its complete totals (latency sketch
 * included, so the agent's all-models row can merge the sketches instead of guessing a p95 from the
 * models' p95s). A Flink POJO.
 */
public class MinuteTotals {

    public long bucket;
    public String tenantId;
    public String agentId;
    public String model;
    public WindowAccumulator totals;

    public MinuteTotals() {}

    public static MinuteTotals of(long bucket, String tenantId, String agentId, String model, WindowAccumulator totals) {
        MinuteTotals m = new MinuteTotals();
        m.bucket = bucket;
        m.tenantId = tenantId;
        m.agentId = agentId;
        m.model = model;
        m.totals = totals;
        return m;
    }

    /** The (tenant, agent) the all-models row belongs to: the key of {@link AgentMetricsPublisher}. */
    public String agentKey() {
        return tenantId + "/" + agentId;
    }
}
