package org.openclaw.oversight.enforcement.rules;

import org.openclaw.oversight.policy.RuleKind;

/** no_gender_inference: the output states or guesses a candidate's gender (patterns: enforcement.inference_patterns). */
public final class NoGenderInferenceRule extends PhraseInferenceRule {

    @Override
    public RuleKind kind() {
        return RuleKind.NO_GENDER_INFERENCE;
    }

    @Override
    protected String attribute() {
        return "gender";
    }
}
