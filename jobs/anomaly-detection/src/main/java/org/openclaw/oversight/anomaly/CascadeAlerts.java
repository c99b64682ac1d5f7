package org.openclaw.oversight.anomaly;

import org.openclaw.oversight.schema.AlertType;

/** CascadingFailure alerts of both cascade patterns: one fingerprint per tenant and origin agent, so both detections of one cascade are one alert. */
final class CascadeAlerts {

    private CascadeAlerts() {}

    static AnomalyAlerts.Draft draft(AnomalyAlerts alerts, String tenantId, String originAgent) {
        return alerts.draft(AlertType.CASCADING_FAILURE, tenantId, originAgent).label("origin", originAgent);
    }
}
