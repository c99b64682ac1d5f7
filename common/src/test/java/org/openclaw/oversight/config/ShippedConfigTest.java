package org.openclaw.oversight.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.policy.RuleKind;

/** The files shipped in the repository's config/ load cleanly and say what the seeds say. */
class ShippedConfigTest {

    /** Surefire runs in the module directory, so the repository's config/ is one level up. */
    static final Path SHIPPED = Path.of("../config");

    static OversightConfiguration config;

    @BeforeAll
    static void load() {
        config = OversightConfiguration.load(SHIPPED);
    }

    @Test
    void ingestionCarriesTheSeedValues() {
        IngestionSettings ingestion = config.settings().ingestion();
        assertThat(ingestion.mode()).isEqualTo(IngestionMode.STREAMING);
        assertThat(ingestion.bufferSize()).isEqualTo(10_000);
        assertThat(ingestion.flushInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ingestion.compression()).isEqualTo(Compression.GZIP);
    }

    @Test
    void eventTimeBoundsAreWrittenOutAndPointAtTheirLines() throws Exception {
        EventTimeBounds bounds = config.settings().ingestion().eventTime();
        assertThat(bounds.maxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(bounds.maxAhead()).isEqualTo(Duration.ofMinutes(5));
        java.util.List<String> lines = java.nio.file.Files.readAllLines(SHIPPED.resolve("oversight.yml"));
        assertThat(lines.get(bounds.maxAgeSource().line() - 1)).contains("max_age: 7d");
        assertThat(lines.get(bounds.maxAheadSource().line() - 1)).contains("max_ahead: 5m");
        assertThat(bounds.maxAheadSource().toString())
                .isEqualTo(SHIPPED.resolve("oversight.yml") + ":" + bounds.maxAheadSource().line()
                        + ": ingestion.event_time.max_ahead");
    }

    @Test
    void theFleetIsTenAgentsAcrossThreeTenants() {
        OversightSettings settings = config.settings();
        assertThat(settings.tenants()).extracting(TenantSettings::id)
                .containsExactly("acme-retail", "globex-finance", "initech-services");
        assertThat(settings.agentsOf("acme-retail")).extracting(AgentSettings::name)
                .containsExactly("support-agent", "sales-agent", "analytics-agent", "onboarding-agent");
        assertThat(settings.agentsOf("globex-finance")).extracting(AgentSettings::name)
                .containsExactly("finance-agent", "billing-agent", "hr-screening-agent");
        assertThat(settings.agentsOf("initech-services")).extracting(AgentSettings::name)
                .containsExactly("legal-agent", "it-helpdesk-agent", "marketing-agent");

        AgentSettings analytics = settings.agent("analytics-agent").orElseThrow();
        assertThat(analytics.sampleRate()).isEqualTo(0.5);
        assertThat(analytics.piiScan()).isEqualTo(PiiScanMode.BATCH);
        assertThat(analytics.category()).isEqualTo("internal");
        assertThat(settings.agent("hr-screening-agent").orElseThrow().category()).isEqualTo("hr_screening_agent");
        assertThat(settings.agent("it-helpdesk-agent").orElseThrow().sdk()).isEqualTo("go");
        assertThat(settings.agent("billing-agent").orElseThrow().sdk()).isEqualTo("java");
        assertThat(settings.agents()).allSatisfy(agent -> assertThat(agent.dailyBudgetEur()).isPositive());
    }

    @Test
    void retentionAndThresholdsCarryTheSeedValues() {
        RetentionSettings retention = config.settings().storage().retention();
        assertThat(retention.rawTraces()).isEqualTo(Duration.ofDays(90));
        assertThat(retention.aggregated()).isEqualTo(Duration.ofDays(365));
        assertThat(retention.complianceLogs()).isEqualTo(Duration.ofDays(1095));
        assertThat(retention.deadLetters()).isEqualTo(Duration.ofDays(7));
        assertThat(config.settings().thresholds()).isEqualTo(AlertThresholds.DEFAULTS);
    }

    @Test
    void everyAgentResolvesToItsPolicies() {
        assertThat(config.rulesFor(config.settings().agent("hr-screening-agent").orElseThrow())
                .requires(RuleKind.MANDATORY_HUMAN_REVIEW)).isTrue();
        assertThat(config.rulesFor(config.settings().agent("support-agent").orElseThrow())
                .requires(RuleKind.MANDATORY_HUMAN_REVIEW)).isFalse();
        assertThat(config.prices().models()).hasSize(5);
    }

    @Test
    void theSeedsOwnRetentionConflictIsAWarningNotAnError() {
        // high_risk wants a 5y audit trail while storage keeps compliance data for 1095d (both from the seed).
        assertThat(config.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.file()).endsWith("policies.yml");
            assertThat(warning.keyPath()).isEqualTo("policies.high_risk.rules.audit_trail_retention");
            assertThat(warning.line()).isEqualTo(31);
            assertThat(warning.message()).contains("5y").contains("1095d");
        });
    }

    @Test
    void theWholeConfigurationSurvivesJavaSerializationAsFlinkClosuresNeed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(config);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            OversightConfiguration copy = (OversightConfiguration) in.readObject();
            assertThat(copy.settings()).isEqualTo(config.settings());
            assertThat(copy.policies().effectiveRules("hr_screening_agent"))
                    .isEqualTo(config.policies().effectiveRules("hr_screening_agent"));
            assertThat(copy.prices().costEur("anthropic", "claude-sonnet-4-6", 1000, 1000, 0))
                    .isEqualTo(config.prices().costEur("anthropic", "claude-sonnet-4-6", 1000, 1000, 0));
        }
    }
}
