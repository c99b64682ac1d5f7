package org.openclaw.oversight.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.config.ConfigError;
import org.openclaw.oversight.config.ConfigException;

class PolicyHierarchyTest {

    private static final PolicyHierarchy SHIPPED = PolicyHierarchy.load(Path.of("../config/policies.yml"));

    @Test
    void hrScreeningAgentInheritsTheWholeLineage() {
        EffectiveRules rules = SHIPPED.effectiveRules("hr_screening_agent");
        assertThat(rules.lineage()).containsExactly("global", "customer_facing", "high_risk", "hr_screening_agent");
        // from global
        assertThat(rules.requires(RuleKind.NO_PII_IN_OUTPUTS)).isTrue();
        assertThat(rules.requires(RuleKind.KILL_SWITCH_REQUIRED)).isTrue();
        assertThat(rules.maxCostPerInteractionEur()).hasValue(0.50);
        assertThat(rules.setting(RuleKind.MAX_COST_PER_INTERACTION).orElseThrow().definedIn()).isEqualTo("global");
        // from customer_facing and high_risk
        assertThat(rules.maxResponseTime()).hasValue(Duration.ofMillis(5000));
        assertThat(rules.auditTrailRetention()).hasValue(Duration.ofDays(5 * 365));
        assertThat(rules.requires(RuleKind.DUAL_REVIEW_FOR_CHANGES)).isTrue();
        // its own
        assertThat(rules.requires(RuleKind.NO_GENDER_INFERENCE)).isTrue();
        assertThat(rules.requires(RuleKind.NO_AGE_INFERENCE)).isTrue();
        assertThat(rules.requires(RuleKind.NO_ETHNICITY_INFERENCE)).isTrue();
        assertThat(rules.requires(RuleKind.MANDATORY_HUMAN_REVIEW)).isTrue();
        // all fifteen rules are set somewhere in this lineage
        assertThat(rules.rules()).hasSize(RuleKind.values().length);
    }

    @Test
    void theNearerNodesParameterWins() {
        RuleSetting alignment = SHIPPED.effectiveRules("hr_screening_agent").setting(RuleKind.ALIGNMENT_SCORE_MINIMUM).orElseThrow();
        assertThat(alignment.number()).isEqualTo(0.90);
        assertThat(alignment.definedIn()).isEqualTo("hr_screening_agent");
        assertThat(SHIPPED.effectiveRules("high_risk").alignmentScoreMinimum()).hasValue(0.85);

        assertThat(SHIPPED.effectiveRules("internal").maxCostPerInteractionEur()).hasValue(1.00);
        assertThat(SHIPPED.effectiveRules("customer_facing").maxCostPerInteractionEur()).hasValue(0.50);
    }

    @Test
    void siblingsDoNotSeeEachOthersRules() {
        EffectiveRules internal = SHIPPED.effectiveRules("internal");
        assertThat(internal.lineage()).containsExactly("global", "internal");
        assertThat(internal.requires(RuleKind.TRANSPARENCY_NOTICE_REQUIRED)).isFalse();
        assertThat(internal.maxResponseTime()).isEmpty();
    }

    @Test
    void aChildCanSwitchAnInheritedFlagOff() {
        PolicyHierarchy hierarchy = PolicyHierarchy.parse("""
                policies:
                  global:
                    rules:
                      mandatory_logging: true
                  sandbox:
                    inherits: global
                    rules:
                      mandatory_logging: false
                """, "inline");
        assertThat(hierarchy.effectiveRules("global").requires(RuleKind.MANDATORY_LOGGING)).isTrue();
        assertThat(hierarchy.effectiveRules("sandbox").requires(RuleKind.MANDATORY_LOGGING)).isFalse();
        assertThat(hierarchy.effectiveRules("sandbox").setting(RuleKind.MANDATORY_LOGGING).orElseThrow().definedIn())
                .isEqualTo("sandbox");
    }

    @Test
    void anUnknownNodeIsAProgrammingErrorThatListsTheKnownOnes() {
        assertThatThrownBy(() -> SHIPPED.effectiveRules("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown policy node 'nope'").hasMessageContaining("hr_screening_agent");
    }

    @Test
    void unknownParentIsReportedAtItsInheritsLine() {
        List<ConfigError> errors = errorsOf("""
                policies:
                  global:
                    rules:
                      mandatory_logging: true
                  customer_facing:
                    inherits: global
                  high_risk:
                    inherits: customer_facin
                """);
        assertThat(errors).singleElement().hasToString(
                "policies.yml:8: key 'policies.high_risk.inherits': unknown parent 'customer_facin'"
                        + " — did you mean 'customer_facing'? (known: global, customer_facing, high_risk)");
    }

    @Test
    void aCycleIsReportedOnceAtItsFirstNode() {
        List<ConfigError> errors = errorsOf("""
                policies:
                  global:
                    rules: {}
                  leaf:
                    inherits: b
                  a:
                    inherits: b
                  b:
                    inherits: c
                  c:
                    inherits: a
                """);
        assertThat(errors).extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(tuple(7, "policies.a.inherits", "inheritance cycle: a -> b -> c -> a"));
    }

    @Test
    void aNodeInheritingItselfIsACycle() {
        assertThat(errorsOf("""
                policies:
                  global: {}
                  loop:
                    inherits: loop
                """)).extracting(ConfigError::line, ConfigError::message)
                .containsExactly(tuple(4, "inheritance cycle: loop -> loop"));
    }

    @Test
    void unknownRuleIsReportedWithASuggestion() {
        assertThat(errorsOf("""
                policies:
                  global:
                    rules:
                      no_pi_in_outputs: true
                """)).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(4);
            assertThat(error.keyPath()).isEqualTo("policies.global.rules.no_pi_in_outputs");
            assertThat(error.message()).startsWith("unknown rule — did you mean 'no_pii_in_outputs'?");
        });
    }

    @Test
    void ruleParametersAreTyped() {
        assertThat(errorsOf("""
                policies:
                  global:
                    rules:
                      kill_switch_required: "yes please"
                      max_cost_per_interaction: 0.50 EUR
                      max_response_time: 5000
                      alignment_score_minimum: 1.5
                      audit_trail_retention: 5 years
                      mandatory_logging:
                """)).extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message).containsExactly(
                tuple(4, "policies.global.rules.kill_switch_required", "expected true or false but found the text 'yes please'"),
                tuple(5, "policies.global.rules.max_cost_per_interaction", "expected a number but found the text '0.50 EUR'"),
                tuple(6, "policies.global.rules.max_response_time",
                        "invalid duration '5000': missing unit — use a whole number and a unit: ms, s, m, h, d, w or y (e.g. 500ms, 5s, 90d, 5y)"),
                tuple(7, "policies.global.rules.alignment_score_minimum", "out of range: 1.5 (allowed: 0 to 1)"),
                tuple(8, "policies.global.rules.audit_trail_retention",
                        "invalid duration '5 years' — use a whole number and a unit: ms, s, m, h, d, w or y (e.g. 500ms, 5s, 90d, 5y)"),
                tuple(9, "policies.global.rules.mandatory_logging", "missing value: rule mandatory_logging takes true or false"));
    }

    @Test
    void theHierarchyHasOneRootNamedGlobal() {
        assertThat(errorsOf("""
                policies:
                  customer_facing:
                    rules:
                      mandatory_logging: true
                """)).extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message).containsExactly(
                tuple(1, "policies", "missing node 'global': the root that applies to all agents"),
                tuple(2, "policies.customer_facing.inherits",
                        "missing: every node except 'global' names the node it inherits from"));
        assertThat(errorsOf("""
                policies:
                  base: {}
                  global:
                    inherits: base
                """)).extracting(ConfigError::line, ConfigError::keyPath).contains(tuple(4, "policies.global.inherits"));
    }

    @Test
    void duplicateNodeIsReported() {
        assertThat(errorsOf("""
                policies:
                  global: {}
                  internal:
                    inherits: global
                  internal:
                    inherits: global
                """)).extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(tuple(5, "policies.internal", "duplicate key (first defined at line 3)"));
    }

    @Test
    void unknownKeysInANodeAreReported() {
        assertThat(errorsOf("""
                policies:
                  global:
                    rule:
                      mandatory_logging: true
                """)).extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(tuple(3, "policies.global.rule", "unknown key — did you mean 'rules'? (known: inherits, rules)"));
    }

    private static List<ConfigError> errorsOf(String yaml) {
        try {
            PolicyHierarchy.parse(yaml, "policies.yml");
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("expected the policy document to be rejected");
    }
}
