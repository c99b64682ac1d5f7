package org.openclaw.oversight.platform.simulator;

import org.openclaw.oversight.schema.Severity;

/**
 * One alert as the scorer sees it, from oversight.alerts.v1 or a JSON-lines file: alertname, severity, tenant,
 * agent, the {@code rule} label (policy alerts), {@code startsAt} (epoch millis, event time), and the fingerprint
 * and source job.
 */
public record ObservedAlert(String fingerprint, String alertname, Severity severity, String tenant, String agent,
        String rule, long startsAt, String source) {

    /** One occurrence of an alert: re-sent and resolved copies share fingerprint and start. */
    String occurrenceKey() {
        return (fingerprint != null ? fingerprint
                : alertname + "|" + tenant + "|" + agent + "|" + rule) + "@" + startsAt;
    }
}
