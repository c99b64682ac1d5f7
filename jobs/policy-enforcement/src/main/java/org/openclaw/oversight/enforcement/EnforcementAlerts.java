package org.openclaw.oversight.enforcement;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.Severity;

/**
 * The alerts of the job (contract: prompts/common-alerts.md): PolicyViolation with label {@code rule}, PiiLeak for
 * no_pii_in_outputs, PolicyRejected for a document the job refused. Fingerprints come from
 * {@link AlertType#fingerprint}: PolicyViolation over tenant, agent and rule; PiiLeak over tenant and agent.
 */
public final class EnforcementAlerts {

    public static final String SOURCE = PolicyEnforcementJob.JOB;
    /** Labels of PolicyRejected: the document concerns every tenant. */
    static final String ALL_TENANTS = "*";

    private EnforcementAlerts() {}

    public static String severityLabel(Severity severity) {
        return switch (severity) {
            case P1 -> "critical";
            case P2 -> "high";
            case P3 -> "medium";
            case P4 -> "low";
        };
    }

    public static Map<String, String> identifyingLabels(Violation v) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("tenant", v.tenantId);
        labels.put("agent", v.agentId);
        RuleKind.byConfigName(v.rule).filter(rule -> Violations.alertType(rule) == AlertType.POLICY_VIOLATION)
                .ifPresent(rule -> labels.put("rule", v.rule));
        return labels;
    }

    public static Alert of(Violation v) {
        AlertType type = Violations.alertType(RuleKind.byConfigName(v.rule).orElseThrow());
        Severity severity = Severity.valueOf(v.severity);
        Map<String, String> identifying = identifyingLabels(v);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", type.alertname());
        labels.put("severity", severityLabel(severity));
        labels.putAll(identifying);
        labels.put("rule", v.rule);
        labels.put("category", v.policyNode);
        labels.put("escalation", severity == Severity.P1 ? "L2" : "L1");
        labels.put("source", SOURCE);
        return Alert.newBuilder()
                .setFingerprint(type.fingerprint(identifying))
                .setAlertname(type.alertname())
                .setSeverity(severity)
                .setTenantId(v.tenantId)
                .setAgentId(v.agentId)
                .setLabels(labels)
                .setSummary("Policy rule " + v.rule + " broken by agent " + v.agentId + " (tenant " + v.tenantId + ")")
                .setDescription(String.format(Locale.ROOT, "%s: observed %s, allowed %s (policy node %s, version %s); suggested action %s; "
                        + "see oversight.policy_violations event_id %s.", v.rule, v.observed, v.limit, v.policyNode, v.policyVersion,
                        v.action, v.eventId))
                .setRunbook(type.runbook())
                .setValue(null)
                .setThreshold(null)
                .setStartsAt(Instant.ofEpochMilli(v.timeMs))
                .setEndsAt(null)
                .setSource(SOURCE)
                .setEvidence(List.of(v.evidence))
                .build();
    }

    /** A document on oversight.policies.v1 the job refused; the previous one stays in force. */
    public static Alert rejected(String key, String reason, long atMs) {
        AlertType type = AlertType.POLICY_REJECTED;
        Map<String, String> identifying = new LinkedHashMap<>();
        identifying.put("tenant", ALL_TENANTS);
        identifying.put("policy_set", key);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", type.alertname());
        labels.put("severity", severityLabel(type.defaultSeverity()));
        labels.putAll(identifying);
        labels.put("category", "policy");
        labels.put("escalation", "L1");
        labels.put("source", SOURCE);
        return Alert.newBuilder()
                .setFingerprint(type.fingerprint(identifying))
                .setAlertname(type.alertname())
                .setSeverity(type.defaultSeverity())
                .setTenantId(null)
                .setAgentId(null)
                .setLabels(labels)
                .setSummary("Policy document '" + key + "' on oversight.policies.v1 rejected; the previous version stays active")
                .setDescription(reason)
                .setRunbook(type.runbook())
                .setValue(null)
                .setThreshold(null)
                .setStartsAt(Instant.ofEpochMilli(atMs))
                .setEndsAt(null)
                .setSource(SOURCE)
                .setEvidence(List.of())
                .build();
    }
}
