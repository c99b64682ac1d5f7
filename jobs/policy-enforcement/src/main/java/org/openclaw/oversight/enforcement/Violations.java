package org.openclaw.oversight.enforcement;

import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.schema.AlertType;

/** Makes {@link Violation} rows out of findings, with the version, node and severity of the judgement. */
public final class Violations {

    private Violations() {}

    /** The alert a rule raises: PiiLeak for no_pii_in_outputs, PolicyViolation for every other rule. */
    public static AlertType alertType(RuleKind rule) {
        return rule == RuleKind.NO_PII_IN_OUTPUTS ? AlertType.PII_LEAK : AlertType.POLICY_VIOLATION;
    }

    public static String severity(Judgement judgement, RuleKind rule) {
        return judgement.enforcement().severity(rule).orElse(alertType(rule).defaultSeverity().name());
    }

    public static Violation of(Finding finding, Judgement judgement, String eventId, long timeMs, String tenantId,
            String agentId, String interactionId) {
        Violation v = new Violation();
        v.eventId = eventId;
        v.rule = finding.rule().configName();
        v.timeMs = timeMs;
        v.tenantId = tenantId;
        v.agentId = agentId;
        v.policyNode = judgement.definedIn(finding.rule());
        v.policyVersion = judgement.version();
        v.observed = finding.observed();
        v.limit = finding.limit();
        v.action = finding.action();
        v.severity = severity(judgement, finding.rule());
        v.interactionId = interactionId == null ? "" : interactionId;
        v.evidence = finding.evidence().isEmpty() ? new String[] {eventId} : finding.evidence().toArray(String[]::new);
        return v;
    }
}
