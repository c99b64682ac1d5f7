package org.openclaw.oversight.anomaly;

/**
 * One metric of one agent-minute, judged by {@link MinuteBaselineDetector}: value, baseline mean and
 * effective σ (or, for the alignment minimum, the minimum as {@code mean} and σ 0), and whether it is
 * anomalous. The stream's timestamp is the minute's last millisecond. A Flink POJO.
 */
public class MinuteJudgement {

    public String tenantId;
    public String agentId;
    public MinuteMetric metric;
    public long bucket;
    public double value;
    public double mean;
    public double sigma;
    /** The value an anomaly lies beyond: mean ± k·σ, or the policy minimum. */
    public double threshold;
    public boolean anomalous;
    public int historyMinutes;

    public MinuteJudgement() {}

    /** Key of the CEP patterns: one sequence per agent and metric. */
    public String patternKey() {
        return tenantId + "/" + agentId + "/" + metric.label();
    }

    /** The id of the minute row behind it, as evidence. */
    public String evidenceId() {
        return "agent-metrics:" + tenantId + "/" + agentId + "@" + java.time.Instant.ofEpochMilli(bucket);
    }

    @Override
    public String toString() {
        return metric.label() + " " + tenantId + "/" + agentId + "@" + java.time.Instant.ofEpochMilli(bucket) + " value=" + value
                + " mean=" + mean + " sigma=" + sigma + (anomalous ? " ANOMALOUS" : "");
    }
}
