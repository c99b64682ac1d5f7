package org.openclaw.oversight.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.policy.PolicyHierarchy;
import org.openclaw.oversight.pricing.PriceTable;

/**
 * Every kind of config error names the right file, line and key. The YAML is inline and small so the
 * expected line numbers can be counted by eye (line numbers are in the comments at the right).
 */
class ConfigValidationTest {

    @TempDir
    Path dir;

    /** A valid oversight.yml head: one tenant (lines 1-4); agents follow from line 5. */
    private static final String TENANT = """
            tenants:
              - id: acme
                name: Acme
                daily_budget_eur: 10
            """;

    @Test
    void unknownKeyIsReportedWithASuggestion() throws IOException {
        Path file = write("oversight.yml", """
                ingestion:
                  mode: streaming
                  bufer_size: 100
                tenants: []
                agents: []
                """);
        List<ConfigError> errors = errorsOf(() -> OversightSettings.load(file));
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.file()).isEqualTo(file.toString());
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.keyPath()).isEqualTo("ingestion.bufer_size");
            assertThat(error.message()).startsWith("unknown key — did you mean 'buffer_size'?");
        });
    }

    @Test
    void wrongTypeNamesWhatWasFound() throws IOException {
        Path file = write("oversight.yml", TENANT + agent("sample_rate: \"high\""));
        assertThat(errorsOf(() -> OversightSettings.load(file)))
                .extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(tuple(9, "agents[0].sample_rate", "expected a number but found the text 'high'"));
    }

    @Test
    void anomalySectionIsValidatedWithFileLineAndKey() throws IOException {
        Path file = write("oversight.yml", TENANT + agent("sample_rate: 1.0") + "anomaly:\n  sigma: 0.5\n  heartbeat_timeout: 1s\n  basline_minutes: 30\n"
                + "  anomalous_minutes: 6\n");
        assertThat(errorsOf(() -> OversightSettings.load(file)))
                .extracting(ConfigError::keyPath)
                .containsExactlyInAnyOrder("anomaly.sigma", "anomaly.heartbeat_timeout", "anomaly.basline_minutes",
                        "anomaly.anomalous_minutes");
        Path good = write("oversight.yml", TENANT + agent("sample_rate: 1.0") + "anomaly:\n  baseline_minutes: 30\n  heartbeat_timeout: 2m\n");
        AnomalySettings anomaly = OversightSettings.load(good).anomaly();
        assertThat(anomaly.baselineMinutes()).isEqualTo(30);
        assertThat(anomaly.heartbeatTimeout()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(anomaly.sigma()).isEqualTo(AnomalySettings.DEFAULTS.sigma());
    }

    @Test
    void outOfRangeNumberSaysTheAllowedRange() throws IOException {
        Path file = write("oversight.yml", TENANT + agent("sample_rate: 1.5"));
        assertThat(errorsOf(() -> OversightSettings.load(file)))
                .extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(tuple(9, "agents[0].sample_rate", "out of range: 1.5 (allowed: 0 to 1)"));
    }

    @Test
    void invalidDurationsAreRejected() throws IOException {
        Path file = write("oversight.yml", """
                ingestion:
                  flush_interval: 5 seconds
                tenants: []
                agents: []
                storage:
                  retention:
                    raw_traces: 90
                    aggregated: 0d
                """);
        assertThat(errorsOf(() -> OversightSettings.load(file)))
                .extracting(ConfigError::line, ConfigError::keyPath)
                .containsExactly(
                        tuple(2, "ingestion.flush_interval"),
                        tuple(7, "storage.retention.raw_traces"),
                        tuple(8, "storage.retention.aggregated"));
        List<ConfigError> errors = errorsOf(() -> OversightSettings.load(file));
        assertThat(errors.get(0).message()).startsWith("invalid duration '5 seconds'");
        assertThat(errors.get(1).message()).startsWith("invalid duration '90': missing unit");
        assertThat(errors.get(2).message()).isEqualTo("duration must be longer than 0");
    }

    @Test
    void duplicateKeyPointsAtTheSecondOccurrenceAndTheFirst() throws IOException {
        Path file = write("oversight.yml", """
                tenants:
                  - id: acme
                    name: Acme
                    daily_budget_eur: 10
                    name: Acme again
                agents: []
                """);
        assertThat(errorsOf(() -> OversightSettings.load(file)))
                .extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(tuple(5, "tenants[0].name", "duplicate key (first defined at line 3)"));
    }

    @Test
    void duplicateAgentNamesAreRejected() throws IOException {
        Path file = write("oversight.yml", TENANT + agent("pii_scan: batch") + entry("pii_scan: batch"));
        assertThat(errorsOf(() -> OversightSettings.load(file)))
                .extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(tuple(13, "agents[1].name", "duplicate agent 'bot' (first defined at line 6)"));
    }

    @Test
    void missingRequiredKeyIsReportedAtItsMapping() throws IOException {
        Path file = write("oversight.yml", TENANT + """
                agents:
                  - name: bot
                    tenant: acme
                    sdk: python
                    category: global
                    daily_budget_eur: 5
                """);
        assertThat(errorsOf(() -> OversightSettings.load(file)))
                .extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(tuple(6, "agents[0].owner", "missing required key"));
    }

    @Test
    void unknownTenantIsReportedWithASuggestion() throws IOException {
        Path file = write("oversight.yml", TENANT + agent("pii_scan: real-time").replace("tenant: acme", "tenant: acmee"));
        assertThat(errorsOf(() -> OversightSettings.load(file)))
                .extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(tuple(7, "agents[0].tenant", "unknown tenant 'acmee' — did you mean 'acme'? (known: acme)"));
    }

    @Test
    void unknownEnumValueListsTheAllowedOnes() throws IOException {
        Path file = write("oversight.yml", TENANT + agent("pii_scan: realtime"));
        assertThat(errorsOf(() -> OversightSettings.load(file)))
                .extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(tuple(9, "agents[0].pii_scan",
                        "unknown value 'realtime' — did you mean 'real-time'? (known: real-time, batch)"));
    }

    @Test
    void anInvalidOwnerIsRejectedWithoutEchoingIt() throws IOException {
        Path file = write("oversight.yml", TENANT + agent("pii_scan: batch").replace("owner: team-bots", "owner: jane doe@corp"));
        assertThat(errorsOf(() -> OversightSettings.load(file))).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(11);
            assertThat(error.keyPath()).isEqualTo("agents[0].owner");
            assertThat(error.toString()).doesNotContain("jane");
        });
    }

    @Test
    void eventTimeBoundsAreReadWithTheirLines() throws IOException {
        Path file = write("oversight.yml", """
                ingestion:
                  event_time:
                    max_age: 30d
                    max_ahead: 2m
                tenants: []
                agents: []
                """);
        EventTimeBounds bounds = OversightSettings.load(file).ingestion().eventTime();
        assertThat(bounds.maxAge()).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(bounds.maxAhead()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(bounds.maxAgeSource()).isEqualTo(new ConfigLocation(file.toString(), 3, "ingestion.event_time.max_age"));
        assertThat(bounds.maxAheadSource().toString()).isEqualTo(file + ":4: ingestion.event_time.max_ahead");
    }

    @Test
    void eventTimeBoundsDefaultWhenNotWritten() throws IOException {
        Path file = write("oversight.yml", """
                ingestion:
                  event_time:
                    max_ahead: 10m
                tenants: []
                agents: []
                """);
        EventTimeBounds bounds = OversightSettings.load(file).ingestion().eventTime();
        assertThat(bounds.maxAge()).isEqualTo(EventTimeBounds.DEFAULT_MAX_AGE);
        assertThat(bounds.maxAgeSource().isSet()).isFalse();
        assertThat(bounds.maxAgeSource().toString())
                .isEqualTo(file + ": ingestion.event_time.max_age (not set, the default applies)");
        Path bare = write("bare.yml", "tenants: []\nagents: []\n");
        EventTimeBounds defaults = OversightSettings.load(bare).ingestion().eventTime();
        assertThat(defaults.maxAhead()).isEqualTo(EventTimeBounds.DEFAULT_MAX_AHEAD);
        assertThat(defaults.maxAheadSource().file()).isEqualTo(bare.toString());
    }

    @Test
    void invalidEventTimeBoundsNameFileLineAndKey() throws IOException {
        Path file = write("oversight.yml", """
                ingestion:
                  event_time:
                    max_age: 0d
                    max_ahead: 2d
                    max_ahaed: 1h
                tenants: []
                agents: []
                """);
        assertThat(errorsOf(() -> OversightSettings.load(file)))
                .extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(
                        tuple(3, "ingestion.event_time.max_age", "duration must be longer than 0"),
                        tuple(4, "ingestion.event_time.max_ahead", "out of range: 2d (allowed: up to 1d)"),
                        tuple(5, "ingestion.event_time.max_ahaed", "unknown key — did you mean 'max_ahead'? (known: max_age, max_ahead)"));
        Path tooOld = write("old.yml", """
                ingestion:
                  event_time:
                    max_age: 11y
                tenants: []
                agents: []
                """);
        assertThat(errorsOf(() -> OversightSettings.load(tooOld))).extracting(ConfigError::toString)
                .containsExactly(tooOld + ":3: key 'ingestion.event_time.max_age': out of range: 11y (allowed: up to 10y)");
    }

    @Test
    void allErrorsOfAFileAreReportedTogetherInLineOrder() throws IOException {
        Path file = write("oversight.yml", """
                ingestion:
                  mode: streamin
                  buffer_size: -1
                  compression: brotli
                tenants: []
                agents: []
                colour: blue
                """);
        ConfigException e = catchConfig(() -> OversightSettings.load(file));
        assertThat(e.errors()).extracting(ConfigError::line, ConfigError::keyPath).containsExactly(
                tuple(2, "ingestion.mode"), tuple(3, "ingestion.buffer_size"), tuple(4, "ingestion.compression"),
                tuple(7, "colour"));
        assertThat(e.getMessage()).startsWith("invalid configuration (4 errors):")
                .contains(file + ":3: key 'ingestion.buffer_size': out of range: -1 (allowed: 1 to 10000000)");
    }

    @Test
    void invalidYamlSyntaxNamesTheLine() throws IOException {
        Path file = write("policies.yml", """
                policies:
                  global:
                    rules: [unclosed
                  internal:
                    inherits: global
                """);
        assertThat(errorsOf(() -> PolicyHierarchy.load(file))).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(4);
            assertThat(error.message()).startsWith("invalid YAML:");
        });
    }

    @Test
    void missingFileSaysWhereItLookedAndWhatToDo() {
        Path file = dir.resolve("oversight.yml");
        assertThat(errorsOf(() -> OversightSettings.load(file))).singleElement().satisfies(error -> {
            assertThat(error.file()).isEqualTo(file.toString());
            assertThat(error.line()).isZero();
            assertThat(error.keyPath()).isEmpty();
            assertThat(error.message()).isEqualTo("config file not found: " + file.toAbsolutePath().normalize()
                    + " — run from the repo root or pass --config-dir");
        });
    }

    @Test
    void aMissingConfigDirectoryIsOneClearError() {
        Path missing = dir.resolve("nowhere");
        assertThat(errorsOf(() -> OversightConfiguration.load(missing))).singleElement()
                .satisfies(error -> assertThat(error.message()).startsWith("config directory not found:").endsWith("--config-dir"));
    }

    @Test
    void anEmptyConfigDirectoryReportsAllThreeMissingFiles() {
        assertThat(errorsOf(() -> OversightConfiguration.load(dir)))
                .extracting(ConfigError::file)
                .containsExactly(dir.resolve("policies.yml").toString(), dir.resolve("oversight.yml").toString(),
                        dir.resolve("pricing.yml").toString());
    }

    @Test
    void anAgentsCategoryMustBeAPolicyNode() throws IOException {
        write("policies.yml", """
                policies:
                  global:
                    rules:
                      mandatory_logging: true
                  customer_facing:
                    inherits: global
                """);
        write("pricing.yml", """
                usd_to_eur: 0.9
                models:
                  - provider: openai
                    model: gpt-4o
                    input_per_mtok: 5
                    output_per_mtok: 15
                """);
        Path settings = write("oversight.yml", TENANT + agent("pii_scan: batch").replace("category: global", "category: customer_facin"));
        assertThat(errorsOf(() -> OversightConfiguration.load(dir)))
                .extracting(ConfigError::file, ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(tuple(settings.toString(), 10, "agents[0].category",
                        "unknown policy node 'customer_facin' in policies.yml — did you mean 'customer_facing'? (known: global, customer_facing)"));
    }

    @Test
    void errorsOfSeveralFilesComeTogether() throws IOException {
        write("policies.yml", "policies:\n  global:\n    rules:\n      mandatory_loging: true\n");
        write("oversight.yml", TENANT + agent("sample_rate: 2"));
        write("pricing.yml", "usd_to_eur: 0.9\nmodels: []\n");
        assertThat(errorsOf(() -> OversightConfiguration.load(dir)))
                .extracting(error -> Path.of(error.file()).getFileName().toString(), ConfigError::line, ConfigError::keyPath)
                .containsExactly(
                        tuple("policies.yml", 4, "policies.global.rules.mandatory_loging"),
                        tuple("oversight.yml", 9, "agents[0].sample_rate"),
                        tuple("pricing.yml", 1, "models"));
    }

    @Test
    void categoriesAreCheckedEvenWhenThePolicyFileHasErrors() throws IOException {
        write("policies.yml", "policies:\n  global:\n    rules:\n      max_cost_per_interaction: lots\n  internal:\n    inherits: global\n");
        write("pricing.yml", "usd_to_eur: 0.9\nmodels:\n  - {provider: openai, model: gpt-4o, input_per_mtok: 5, output_per_mtok: 15}\n");
        write("oversight.yml", TENANT + agent("pii_scan: batch").replace("category: global", "category: intern"));
        assertThat(errorsOf(() -> OversightConfiguration.load(dir)))
                .extracting(error -> Path.of(error.file()).getFileName().toString(), ConfigError::line, ConfigError::keyPath)
                .containsExactly(
                        tuple("policies.yml", 4, "policies.global.rules.max_cost_per_interaction"),
                        tuple("oversight.yml", 10, "agents[0].category"));
    }

    @Test
    void overspentTenantBudgetIsAWarning() throws IOException {
        write("policies.yml", "policies:\n  global:\n    rules:\n      mandatory_logging: true\n");
        write("pricing.yml", "usd_to_eur: 0.9\nmodels:\n  - {provider: openai, model: gpt-4o, input_per_mtok: 5, output_per_mtok: 15}\n");
        write("oversight.yml", TENANT + agent("daily_budget_eur: 7").replace("    daily_budget_eur: 5\n", "")
                + entry("pii_scan: batch").replace("name: bot", "name: bot2"));
        OversightConfiguration config = OversightConfiguration.load(dir);
        assertThat(config.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.keyPath()).isEqualTo("tenants[0].daily_budget_eur");
            assertThat(warning.message()).contains("add up to 12 EUR, more than the tenant's 10 EUR");
        });
    }

    @Test
    void pricingErrorsNameTheirKeys() throws IOException {
        Path file = write("pricing.yml", """
                currency: GBP
                models:
                  - provider: openai
                    model: gpt-4o
                    input_per_mtok: 5
                    output_per_mtok: 15
                  - provider: openai
                    model: gpt-4o
                    input_per_mtok: 5
                    output_per_mtok: 15
                  - provider: anthropic
                    model: claude-haiku-4-5
                    input_per_mtok: 1
                    output_per_mtok: "5"
                """);
        assertThat(errorsOf(() -> PriceTable.load(file)))
                .extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(
                        tuple(1, "currency", "unknown value 'GBP' (known: USD, EUR)"),
                        tuple(1, "usd_to_eur", "missing required key"),
                        tuple(7, "models[1]", "model 'openai/gpt-4o' is already priced at line 3"),
                        tuple(14, "models[2].output_per_mtok", "expected a number but found the text '5'"));
    }

    @Test
    void unpricedModelThresholdsAreValidated() throws IOException {
        Path ok = write("oversight.yml", """
                tenants: []
                agents: []
                thresholds:
                  unpriced_share_maximum: 0.05
                  unpriced_calls_minimum: 20
                  unpriced_window: 30m
                """);
        AlertThresholds read = OversightSettings.load(ok).thresholds();
        assertThat(read.unpricedShareMaximum()).isEqualTo(0.05);
        assertThat(read.unpricedCallsMinimum()).isEqualTo(20);
        assertThat(read.unpricedWindow()).isEqualTo(java.time.Duration.ofMinutes(30));
        Path wrong = write("oversight.yml", """
                tenants: []
                agents: []
                thresholds:
                  unpriced_share_maximum: 5
                  unpriced_calls_minimum: 0
                  unpriced_window: 90s
                """);
        assertThat(errorsOf(() -> OversightSettings.load(wrong)))
                .extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(
                        tuple(4, "thresholds.unpriced_share_maximum", "out of range: 5 (allowed: 0 to 1)"),
                        tuple(5, "thresholds.unpriced_calls_minimum", "out of range: 0 (allowed: 1 to 1000000)"),
                        tuple(6, "thresholds.unpriced_window", "must be whole minutes (e.g. 1h, 30m), not 90s"));
    }

    @Test
    void ambiguousModelNamesAndPatternsAreErrors() throws IOException {
        Path file = write("pricing.yml", """
                usd_to_eur: 1
                provider_aliases:
                  vertex: google
                models:
                  - provider: openai
                    model: gpt-4o
                    match: ['gpt-4o.*', '(unclosed']
                    input_per_mtok: 5
                    output_per_mtok: 15
                  - provider: openai
                    model: gpt-4o-mini
                    aliases: [gpt-4o-mini-2024-07-18, my-deployment]
                    input_per_mtok: 0.15
                    output_per_mtok: 0.6
                  - provider: openai
                    model: GPT-4o-2024-08-06
                    input_per_mtok: 5
                    output_per_mtok: 15
                  - provider: azure
                    model: gpt-4o
                    aliases: [my-deployment]
                    input_per_mtok: 5
                    output_per_mtok: 15
                    tiers:
                      - above_input_tokens: 128000
                        input_per_mtok: 10
                        output_per_mtok: 30
                      - above_input_tokens: 128000
                        input_per_mtok: 10
                        output_per_mtok: 30
                        cache_read_per_mtok: 1
                """);
        assertThat(errorsOf(() -> PriceTable.load(file)))
                .extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(
                        tuple(3, "provider_aliases.vertex", "provider alias 'vertex' points to 'google', which prices no model"
                                + " (known: azure, openai)"),
                        tuple(7, "models[0].match[0]", "pattern 'gpt-4o.*' also matches 'gpt-4o-mini', a name of openai/gpt-4o-mini"
                                + " (line 10) — make the pattern stricter"),
                        tuple(7, "models[0].match[0]", "pattern 'gpt-4o.*' also matches 'gpt-4o-mini-2024-07-18', a name of"
                                + " openai/gpt-4o-mini (line 12) — make the pattern stricter"),
                        tuple(7, "models[0].match[0]", "pattern 'gpt-4o.*' also matches 'GPT-4o-2024-08-06', a name of"
                                + " openai/GPT-4o-2024-08-06 (line 15) — make the pattern stricter"),
                        tuple(7, "models[0].match[0]", "pattern 'gpt-4o.*' also matches 'gpt-4o', a name of azure/gpt-4o"
                                + " (line 19) — make the pattern stricter"),
                        tuple(7, "models[0].match[1]", "invalid regular expression: Unclosed group near index 9"),
                        tuple(15, "models[2]", "model 'openai/GPT-4o-2024-08-06' is already priced at line 5 as 'gpt-4o'"
                                + " (both read as 'gpt-4o')"),
                        tuple(21, "models[3].aliases[0]", "'my-deployment' is claimed by two models: azure/gpt-4o and"
                                + " openai/gpt-4o-mini (line 12, as 'my-deployment') — an alias must name one model only"),
                        tuple(28, "models[3].tiers[1].above_input_tokens", "a tier above 128000 input tokens is already defined at line 25"),
                        tuple(31, "models[3].tiers[1].cache_read_per_mtok", "unknown key (known: above_input_tokens, input_per_mtok,"
                                + " output_per_mtok, cached_input_per_mtok, cache_write_input_per_mtok)"));
    }

    @Test
    void errorTextFollowsTheFileLineKeyFormat() {
        assertThat(new ConfigError("config/policies.yml", 14, "policies.high_risk.inherits", "unknown parent 'x'"))
                .hasToString("config/policies.yml:14: key 'policies.high_risk.inherits': unknown parent 'x'");
        assertThat(new ConfigError("config/pricing.yml", 0, "", "config file not found: /x"))
                .hasToString("config/pricing.yml: config file not found: /x");
    }

    /** "agents:" and one entry; after {@link #TENANT} the entry's lines are 6 (name) to 12, {@code extra} on line 9. */
    static String agent(String extra) {
        return "agents:\n" + entry(extra);
    }

    /** One agent entry of 7 lines; {@code extra} is its 4th line. */
    static String entry(String extra) {
        return """
                  - name: bot
                    tenant: acme
                    sdk: python
                    %s
                    category: global
                    owner: team-bots
                    daily_budget_eur: 5
                """.formatted(extra);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    static List<ConfigError> errorsOf(ThrowingCallable load) {
        return catchConfig(load).errors();
    }

    static ConfigException catchConfig(ThrowingCallable load) {
        ConfigException[] caught = new ConfigException[1];
        assertThatThrownBy(load).isInstanceOfSatisfying(ConfigException.class, e -> caught[0] = e);
        return caught[0];
    }
}
