package org.openclaw.oversight.anomaly;

import java.time.Duration;
import java.util.Locale;
import org.openclaw.oversight.schema.Alert;

/** The alert of a minute metric: its type, identifying label {@code metric}, window = the baseline; and the clear a normal minute sends. */
final class MinuteAlerts {

    private MinuteAlerts() {}

    static AnomalyAlerts.Draft draft(AnomalyAlerts alerts, MinuteJudgement j) {
        Duration window = j.metric == MinuteMetric.ALIGNMENT_MINIMUM
                ? Duration.ofMinutes(alerts.settings().anomaly().alignmentMinutes())
                : alerts.settings().anomaly().anomalousWithin();
        return alerts.draft(j.metric.alert(), j.tenantId, j.agentId).label("metric", j.metric.label()).window(window);
    }

    /** A normal minute: clears the metric's alert as of the minute's end. */
    static Alert clear(AnomalyAlerts alerts, MinuteJudgement j) {
        return draft(alerts, j)
                .summary(j.metric.label() + " of agent " + j.agentId + " (tenant " + j.tenantId + ") is back to normal")
                .value(j.value).threshold(j.threshold)
                .clear(j.bucket + 60_000 - 1);
    }

    static String number(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
