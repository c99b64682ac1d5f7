package org.openclaw.oversight.policy;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The rules that apply to a policy node after inheritance: its ancestors' rules, with the nearer node
 * winning where both set the same rule (a child overrides a parent's parameter).
 *
 * @param node    the node these rules are for
 * @param lineage the node's ancestry from the root, e.g. [global, customer_facing, high_risk, hr_screening_agent]
 * @param rules   every rule set anywhere in the lineage, with the winning setting (and where it came from)
 */
public record EffectiveRules(String node, List<String> lineage, Map<RuleKind, RuleSetting> rules) implements Serializable {

    public EffectiveRules {
        lineage = List.copyOf(lineage);
        rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }

    /** The winning setting of a rule, whether active or switched off by a child. */
    public Optional<RuleSetting> setting(RuleKind rule) {
        return Optional.ofNullable(rules.get(rule));
    }

    /** Whether the rule is in force for this node (set somewhere in the lineage and not switched off). */
    public boolean requires(RuleKind rule) {
        RuleSetting setting = rules.get(rule);
        return setting != null && setting.active();
    }

    public OptionalDouble maxCostPerInteractionEur() {
        return number(RuleKind.MAX_COST_PER_INTERACTION);
    }

    public Optional<Duration> maxResponseTime() {
        return setting(RuleKind.MAX_RESPONSE_TIME).map(RuleSetting::duration);
    }

    public OptionalDouble alignmentScoreMinimum() {
        return number(RuleKind.ALIGNMENT_SCORE_MINIMUM);
    }

    public Optional<Duration> auditTrailRetention() {
        return setting(RuleKind.AUDIT_TRAIL_RETENTION).map(RuleSetting::duration);
    }

    private OptionalDouble number(RuleKind rule) {
        RuleSetting setting = rules.get(rule);
        return setting == null ? OptionalDouble.empty() : OptionalDouble.of(setting.number());
    }
}
