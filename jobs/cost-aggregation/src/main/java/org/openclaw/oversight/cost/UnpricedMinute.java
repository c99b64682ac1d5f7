package org.openclaw.oversight.cost;

/**
 * The LLM calls of one (minute, model) row of an agent, as {@link UnpricedModelTracker} keeps them: a
 * later correction of the row replaces it. A Flink POJO (state, no Kryo).
 */
public class UnpricedMinute {

    /** Minute start, epoch ms. */
    public long bucket;
    /** The model as the agent spelt it, '' for calls without one. */
    public String model;
    public long llmCalls;
    public long unpricedCalls;

    public UnpricedMinute() {}

    static UnpricedMinute of(AgentMetrics row) {
        UnpricedMinute m = new UnpricedMinute();
        m.bucket = row.bucket;
        m.model = row.model;
        m.llmCalls = row.llmCalls;
        m.unpricedCalls = row.unpricedLlmCalls;
        return m;
    }

    /** The map key of the row: one entry per (minute, model). */
    static String key(long bucket, String model) {
        return bucket + "|" + model;
    }
}
