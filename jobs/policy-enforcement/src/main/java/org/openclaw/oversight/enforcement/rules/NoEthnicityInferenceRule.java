package org.openclaw.oversight.enforcement.rules;

import org.openclaw.oversight.policy.RuleKind;

/** no_ethnicity_inference: the output states or guesses a candidate's ethnicity (patterns: enforcement.inference_patterns). */
public final class NoEthnicityInferenceRule extends PhraseInferenceRule {

    @Override
    public RuleKind kind() {
        return RuleKind.NO_ETHNICITY_INFERENCE;
    }

    @Override
    protected String attribute() {
        return "ethnicity";
    }
}
