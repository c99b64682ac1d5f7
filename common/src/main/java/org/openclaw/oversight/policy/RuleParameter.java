package org.openclaw.oversight.policy;

/** The kind of parameter a policy rule takes; a value of another kind is a config error. */
public enum RuleParameter {
    /** {@code true} switches the rule on; {@code false} lets a child node switch an inherited rule off. */
    FLAG("true or false"),
    /** An amount in EUR, at least 0 (e.g. {@code 0.50}). */
    EUR("an amount in EUR such as 0.50"),
    /** A number from 0 to 1 (e.g. {@code 0.85}). */
    FRACTION("a number from 0 to 1 such as 0.85"),
    /** A duration such as {@code 5000ms}, {@code 5s} or {@code 5y}. */
    DURATION("a duration such as 5000ms or 5y");

    private final String expected;

    RuleParameter(String expected) {
        this.expected = expected;
    }

    /** How the expected value is described in error messages. */
    public String expected() {
        return expected;
    }
}
