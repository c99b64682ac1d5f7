package org.openclaw.oversight.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.config.ConfigException;
import org.openclaw.oversight.config.OversightSettings;

/** The {@code enforcement} section, the document version, agent assignment and the audit-retention contradiction. */
class EnforcementSettingsTest {

    private static final String RULES = "policies:\n  global:\n    rules:\n      no_pii_in_outputs: true\n"
            + "  high_risk:\n    inherits: global\n    rules:\n      audit_trail_retention: 5y\n";

    @Test
    void withoutTheSectionEveryDefaultApplies() {
        PolicyHierarchy policies = PolicyHierarchy.parse(RULES, "test");
        assertThat(policies.enforcement()).isEqualTo(EnforcementSettings.DEFAULTS);
        assertThat(policies.enforcement().escalationWithin()).isEqualTo(Duration.ofSeconds(60));
        assertThat(policies.enforcement().severity(RuleKind.MAX_RESPONSE_TIME)).isEmpty();
    }

    @Test
    void theSectionOverridesPhrasesWaitsSeveritiesAndZones() {
        PolicyHierarchy policies = PolicyHierarchy.parse(RULES + "enforcement:\n  severities:\n    max_response_time: P2\n"
                + "  escalation_keywords: [AGENT, MENSCH]\n  kill_switch_grace: 10s\n"
                + "  inference_patterns:\n    no_age_inference: ['\\bzu alt\\b']\n"
                + "  compliance_zones:\n    green: 0.98\n    yellow: 0.90\n", "test");
        EnforcementSettings e = policies.enforcement();
        assertThat(e.severity(RuleKind.MAX_RESPONSE_TIME)).hasValue("P2");
        assertThat(e.escalationKeywords()).containsExactly("AGENT", "MENSCH");
        assertThat(e.killSwitchGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(e.patterns(RuleKind.NO_AGE_INFERENCE)).containsExactly("\\bzu alt\\b");
        assertThat(e.patterns(RuleKind.NO_GENDER_INFERENCE)).isEqualTo(EnforcementSettings.DEFAULT_GENDER_PATTERNS);
        assertThat(e.complianceZone(0.985)).isEqualTo("green");
        assertThat(e.complianceZone(0.95)).isEqualTo("yellow");
        assertThat(e.complianceZone(0.80)).isEqualTo("red");
    }

    @Test
    void badEnforcementValuesAreErrorsWithLineAndKey() {
        assertThatThrownBy(() -> PolicyHierarchy.parse(RULES + "enforcement:\n  severities:\n    max_response_tim: P2\n"
                + "    no_pii_in_outputs: P9\n  kill_switch_grace: 10\n  inference_patterns:\n    no_age_inference: ['(unclosed']\n"
                + "  compliance_zones:\n    green: 0.9\n    yellow: 0.95\n  escalation_keyword: [x]\n", "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("test:11: key 'enforcement.severities.max_response_tim': unknown rule")
                .hasMessageContaining("enforcement.severities.no_pii_in_outputs")
                .hasMessageContaining("test:13: key 'enforcement.kill_switch_grace': invalid duration '10': missing unit")
                .hasMessageContaining("invalid regular expression")
                .hasMessageContaining("must not be above green")
                .hasMessageContaining("enforcement.escalation_keyword': unknown key");
    }

    @Test
    void theVersionIsDeclaredOrTheContentHash() {
        PolicyHierarchy hashed = PolicyHierarchy.parse(RULES, "test");
        assertThat(hashed.version()).startsWith("sha256:").hasSize("sha256:".length() + 12);
        assertThat(hashed.contentHash()).hasSize(64).startsWith(hashed.version().substring(7));
        assertThat(PolicyHierarchy.parse("version: 2026-03-02.1\n" + RULES, "test").version()).isEqualTo("2026-03-02.1");
        assertThat(PolicyHierarchy.parse(RULES + "\n", "test").version()).isNotEqualTo(hashed.version());
    }

    @Test
    void anAgentIsGovernedByItsCategoryElseItsOwnNodeElseGlobal() {
        PolicyHierarchy policies = PolicyHierarchy.parse(RULES + "  billing-agent:\n    inherits: high_risk\n", "test");
        assertThat(policies.nodeFor("finance-agent", "high_risk")).isEqualTo("high_risk");
        assertThat(policies.nodeFor("billing-agent", "customer_facing")).as("category missing in this document").isEqualTo("billing-agent");
        assertThat(policies.nodeFor("other-agent", "customer_facing")).isEqualTo("global");
    }

    @Test
    void theShippedFilesContradictionIsResolvedForTheHighRiskAgents() {
        OversightSettings settings = OversightSettings.load(Path.of("../config/oversight.yml"));
        PolicyHierarchy policies = PolicyHierarchy.load(Path.of("../config/policies.yml"));
        List<AuditTrailRetention.Extension> extensions = AuditTrailRetention.extensions(settings, policies);
        assertThat(extensions).extracting(AuditTrailRetention.Extension::agentId)
                .containsExactlyInAnyOrder("finance-agent", "hr-screening-agent", "legal-agent");
        assertThat(extensions).allSatisfy(e -> {
            assertThat(e.keepFor()).isEqualTo(Duration.ofDays(5 * 365));
            assertThat(e.complianceLogs()).isEqualTo(Duration.ofDays(1095));
            assertThat(e.definedIn()).isEqualTo("high_risk");
        });
    }
}
