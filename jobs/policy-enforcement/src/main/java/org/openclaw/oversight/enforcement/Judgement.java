package org.openclaw.oversight.enforcement;

import org.openclaw.oversight.policy.EffectiveRules;
import org.openclaw.oversight.policy.EnforcementSettings;
import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.policy.RuleSetting;

/**
 * What one agent is judged by at one moment: the node that governs it, that node's effective rules, and the
 * version and enforcement settings of the document they came from.
 */
public record Judgement(String version, String node, EffectiveRules rules, EnforcementSettings enforcement) {

    public boolean requires(RuleKind rule) {
        return rules.requires(rule);
    }

    /** The node that set {@code rule} (for the violation row), or the governing node. */
    public String definedIn(RuleKind rule) {
        return rules.setting(rule).map(RuleSetting::definedIn).orElse(node);
    }
}
