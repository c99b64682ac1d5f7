package org.openclaw.oversight.anomaly;

import java.time.Instant;
import java.util.Locale;

/**
 * One row of {@code oversight.anomalies}: one anomalous minute of one metric of one agent (the alert's
 * fingerprint, {@code starts_at} = the minute), whether or not enough of them followed to raise the
 * alert. Key (fingerprint, starts_at): a replay rewrites the same row.
 */
public record AnomalyRow(String fingerprint, Instant startsAt, Instant endsAt, String tenantId, String agentId, String detector,
                         String metric, double value, double mean, double sigma, long windowSeconds, String severity, String details) {

    public static AnomalyRow of(MinuteJudgement j, AnomalyAlerts alerts) {
        AnomalyAlerts.Draft draft = MinuteAlerts.draft(alerts, j);
        boolean policy = j.metric == MinuteMetric.ALIGNMENT_MINIMUM;
        long windowSeconds = policy ? 60 : alerts.settings().anomaly().baselineMinutes() * 60;
        String details = String.format(Locale.ROOT, "{\"threshold\": %s, \"history_minutes\": %d, \"k\": %s}",
                json(j.threshold), j.historyMinutes, json(policy ? 0 : alerts.settings().anomaly().sigma()));
        return new AnomalyRow(draft.fingerprint(), Instant.ofEpochMilli(j.bucket), Instant.ofEpochMilli(j.bucket + 60_000),
                j.tenantId, j.agentId, policy ? "policy_minimum" : "three_sigma", j.metric.label(), j.value, j.mean, j.sigma,
                windowSeconds, j.metric.alert().defaultSeverity().name(), details);
    }

    private static String json(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }
}
