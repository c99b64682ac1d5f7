package org.openclaw.oversight.anomaly;

import org.openclaw.oversight.schema.AlertType;

/**
 * What the minute detectors judge on an agent's all-models row, the direction that is bad, and the
 * alert a run of anomalous minutes raises. Error rate and latency need {@code min_requests_per_minute}
 * observations in the minute (a rate of 1 of 2 requests says nothing); alignment is judged downwards.
 */
public enum MinuteMetric {
    COST("cost_eur", AlertType.COST_ANOMALY, true),
    TOKENS("tokens", AlertType.TOKEN_ANOMALY, true),
    LATENCY_P95("latency_p95_ms", AlertType.LATENCY_ANOMALY, true),
    ERROR_RATE("error_rate", AlertType.ERROR_RATE_ANOMALY, true),
    ALIGNMENT("alignment", AlertType.ALIGNMENT_DROP, false),
    /** Not a σ metric: the average alignment against the agent's policy minimum. */
    ALIGNMENT_MINIMUM("alignment_minimum", AlertType.ALIGNMENT_DROP, false);

    private final String label;
    private final AlertType alert;
    private final boolean upIsBad;

    MinuteMetric(String label, AlertType alert, boolean upIsBad) {
        this.label = label;
        this.alert = alert;
        this.upIsBad = upIsBad;
    }

    /** The {@code metric} label and the anomalies table's {@code metric} column. */
    public String label() {
        return label;
    }

    public AlertType alert() {
        return alert;
    }

    public boolean upIsBad() {
        return upIsBad;
    }

    /** The minute's value, or NaN when this minute cannot be judged on it. */
    public double value(MinuteValues v, long minRequests) {
        return switch (this) {
            case COST -> v.costEur;
            case TOKENS -> v.totalTokens;
            case LATENCY_P95 -> v.latencyCount >= minRequests ? v.latencyP95Ms : Double.NaN;
            case ERROR_RATE -> v.requests >= minRequests ? v.errorRate : Double.NaN;
            case ALIGNMENT, ALIGNMENT_MINIMUM -> v.alignmentCount > 0 ? v.alignmentAvg : Double.NaN;
        };
    }

    /** The σ floor for this metric: a share of the mean, and for the error rate an absolute one too. */
    public double sigmaFloor(double mean, double fraction, double errorRateFloor) {
        double floor = fraction * Math.abs(mean);
        return this == ERROR_RATE ? Math.max(floor, errorRateFloor) : floor;
    }
}
