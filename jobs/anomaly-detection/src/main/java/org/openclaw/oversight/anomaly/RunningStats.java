package org.openclaw.oversight.anomaly;

/**
 * Exponentially weighted mean and variance (West 1979 / Finch 2009, "Incremental calculation of
 * weighted mean and variance"): α = max(1/n, 2/(horizon+1)), so the first {@code horizon} values are
 * a plain running mean and variance (Welford) and later ones forget old traffic with a half-life of
 * about horizon/3 values. A Flink POJO, kept in keyed state.
 */
public class RunningStats {

    public long count;
    public double mean;
    public double variance;

    public RunningStats() {}

    public void add(double x, long horizon) {
        count++;
        double alpha = Math.max(1.0 / count, 2.0 / (horizon + 1));
        double delta = x - mean;
        mean += alpha * delta;
        variance = (1 - alpha) * (variance + alpha * delta * delta);
    }

    public double sigma() {
        return Math.sqrt(Math.max(variance, 0));
    }
}
