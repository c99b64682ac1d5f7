package org.openclaw.oversight.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every rule the policy hierarchy knows, with the parameter it takes. Rules come from the seed's policy
 * hierarchy; a rule not listed here is a config error, because a rule nobody enforces gives false comfort.
 */
public enum RuleKind {
    NO_PII_IN_OUTPUTS("no_pii_in_outputs", RuleParameter.FLAG),
    MANDATORY_LOGGING("mandatory_logging", RuleParameter.FLAG),
    MAX_COST_PER_INTERACTION("max_cost_per_interaction", RuleParameter.EUR),
    KILL_SWITCH_REQUIRED("kill_switch_required", RuleParameter.FLAG),
    TRANSPARENCY_NOTICE_REQUIRED("transparency_notice_required", RuleParameter.FLAG),
    HUMAN_ESCALATION_ENABLED("human_escalation_enabled", RuleParameter.FLAG),
    MAX_RESPONSE_TIME("max_response_time", RuleParameter.DURATION),
    FULL_EXPLAINABILITY_LOGGING("full_explainability_logging", RuleParameter.FLAG),
    ALIGNMENT_SCORE_MINIMUM("alignment_score_minimum", RuleParameter.FRACTION),
    DUAL_REVIEW_FOR_CHANGES("dual_review_for_changes", RuleParameter.FLAG),
    AUDIT_TRAIL_RETENTION("audit_trail_retention", RuleParameter.DURATION),
    NO_GENDER_INFERENCE("no_gender_inference", RuleParameter.FLAG),
    NO_AGE_INFERENCE("no_age_inference", RuleParameter.FLAG),
    NO_ETHNICITY_INFERENCE("no_ethnicity_inference", RuleParameter.FLAG),
    MANDATORY_HUMAN_REVIEW("mandatory_human_review", RuleParameter.FLAG);

    private final String configName;
    private final RuleParameter parameter;

    RuleKind(String configName, RuleParameter parameter) {
        this.configName = configName;
        this.parameter = parameter;
    }

    /** The rule's name in policies.yml, also used in the {@code rule} column of {@code policy_violations}. */
    public String configName() {
        return configName;
    }

    public RuleParameter parameter() {
        return parameter;
    }

    public static Optional<RuleKind> byConfigName(String name) {
        return Arrays.stream(values()).filter(kind -> kind.configName.equals(name)).findFirst();
    }

    public static List<String> configNames() {
        return Arrays.stream(values()).map(RuleKind::configName).toList();
    }
}
