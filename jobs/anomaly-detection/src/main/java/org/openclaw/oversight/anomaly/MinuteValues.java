package org.openclaw.oversight.anomaly;

import org.openclaw.oversight.schema.AgentMetrics;

/** One minute of an agent over all its models, as the minute detectors keep it in their history. NaN: not measured. A Flink POJO. */
public class MinuteValues {

    public long bucket;
    public long requests;
    public double costEur;
    public double totalTokens;
    public double errorRate;
    public long latencyCount;
    public double latencyP95Ms = Double.NaN;
    public long alignmentCount;
    public double alignmentAvg = Double.NaN;
    /** Bit {@code MinuteMetric.ordinal()} set: this minute was judged anomalous on that metric (kept out of the baseline's extreme). */
    public int anomalousMetrics;

    public MinuteValues() {}

    public static MinuteValues of(AgentMetrics row) {
        MinuteValues v = new MinuteValues();
        v.bucket = row.getBucket().toEpochMilli();
        v.requests = row.getRequests();
        v.costEur = row.getCostEur();
        v.totalTokens = row.getInputTokens() + row.getOutputTokens();
        v.errorRate = row.getErrorRate();
        v.latencyCount = row.getLatencyCount();
        v.latencyP95Ms = row.getLatencyP95Ms() == null ? Double.NaN : row.getLatencyP95Ms();
        v.alignmentCount = row.getAlignmentCount();
        v.alignmentAvg = row.getAlignmentAvg() == null ? Double.NaN : row.getAlignmentAvg();
        return v;
    }
}
