package org.openclaw.oversight.platform.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.Severity;

/**
 * An alert an injected incident should raise ({@code required}) or may raise as a plain consequence
 * ({@code required} false: not a miss when absent, not a false positive when present): its alertname, the
 * {@code rule} label for policy alerts, a severity when the mapping names one, tenant, agent (null: any agent of
 * the tenant) and the event-time bounds its {@code startsAt} must lie in. {@code untestable} says why a required
 * alert could not be provoked in this run (ignores_kill_switch without a PAUSE/SHUTDOWN), else null;
 * {@code incident} is the incident's label and {@code incidentStart} its start (event time), from which the
 * scorer measures detection latency.
 */
public record ExpectedAlert(AlertType type, String rule, Severity severity, String tenant, String agent,
        long notBefore, long notAfter, String incident, long incidentStart, boolean required, String untestable) {

    /** Whether an alert with these labels and this start is the one expected. */
    public boolean matches(ObservedAlert alert) {
        return type.alertname().equals(alert.alertname())
                && (rule == null || rule.equals(alert.rule()))
                && (severity == null || severity == alert.severity())
                && tenant.equals(alert.tenant())
                && (agent == null || agent.equals(alert.agent()))
                && alert.startsAt() >= notBefore && alert.startsAt() <= notAfter;
    }

    /** "PolicyViolation{rule=kill_switch_required} P2 acme-retail/support-agent". */
    public String describe() {
        return type.alertname() + (rule == null ? "" : "{rule=" + rule + "}") + (severity == null ? "" : " " + severity)
                + " " + tenant + "/" + (agent == null ? "*" : agent);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alertname", type.alertname());
        if (rule != null) {
            m.put("rule", rule);
        }
        if (severity != null) {
            m.put("severity", severity.name());
        }
        m.put("tenant", tenant);
        m.put("agent", agent);
        m.put("notBefore", Instant.ofEpochMilli(notBefore).toString());
        m.put("notAfter", Instant.ofEpochMilli(notAfter).toString());
        if (untestable != null) {
            m.put("untestable", untestable);
        }
        return m;
    }
}
