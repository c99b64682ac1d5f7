package org.openclaw.oversight.enforcement.rules;

import org.openclaw.oversight.policy.RuleKind;

/** no_age_inference: the output states or guesses a candidate's age (patterns: enforcement.inference_patterns). */
public final class NoAgeInferenceRule extends PhraseInferenceRule {

    @Override
    public RuleKind kind() {
        return RuleKind.NO_AGE_INFERENCE;
    }

    @Override
    protected String attribute() {
        return "age";
    }
}
