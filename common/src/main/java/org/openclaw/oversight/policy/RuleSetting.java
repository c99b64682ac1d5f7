package org.openclaw.oversight.policy;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * A rule as set by one policy node: its parameter, and the node and line it came from, so a violation
 * can say which node of the hierarchy imposed the limit.
 *
 * @param rule      the rule
 * @param value     {@link Boolean} for FLAG rules, {@link Double} for EUR and FRACTION, {@link Duration} for DURATION
 * @param definedIn the policy node that set this value
 * @param line      the line of policies.yml that set it (0 when not from a file)
 */
public record RuleSetting(RuleKind rule, Object value, String definedIn, int line) implements Serializable {

    public RuleSetting {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(definedIn, "definedIn");
        Class<?> expected = switch (rule.parameter()) {
            case FLAG -> Boolean.class;
            case EUR, FRACTION -> Double.class;
            case DURATION -> Duration.class;
        };
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException("rule " + rule.configName() + " takes " + rule.parameter().expected()
                    + ", not " + value.getClass().getSimpleName());
        }
    }

    /** Whether the rule is in force: a FLAG rule set to false is not; any rule with a limit is. */
    public boolean active() {
        return !(value instanceof Boolean flag) || flag;
    }

    /** The limit of an EUR or FRACTION rule. */
    public double number() {
        if (value instanceof Double number) {
            return number;
        }
        throw new IllegalStateException("rule " + rule.configName() + " has no numeric limit");
    }

    /** The limit of a DURATION rule. */
    public Duration duration() {
        if (value instanceof Duration duration) {
            return duration;
        }
        throw new IllegalStateException("rule " + rule.configName() + " has no duration limit");
    }
}
