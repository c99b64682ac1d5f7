package org.openclaw.oversight.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.openclaw.oversight.config.ConfigValidationTest.errorsOf;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code storage.retention.dead_letters}: the retention of the oversight.dlq.v1 topic. */
class DeadLetterRetentionTest {

    private static final String FLEET = "tenants: []\nagents: []\n";

    @Test
    void defaultsToSevenDaysWithoutTheKeyOrTheSection() {
        assertThat(OversightSettings.parse(FLEET, "oversight.yml").storage().retention().deadLetters())
                .isEqualTo(Duration.ofDays(7));
        String withoutKey = FLEET + """
                storage:
                  retention:
                    raw_traces: 90d
                """;
        assertThat(OversightSettings.parse(withoutKey, "oversight.yml").storage().retention().deadLetters())
                .isEqualTo(Duration.ofDays(7));
    }

    @Test
    void readsAConfiguredValue() {
        String yaml = FLEET + """
                storage:
                  retention:
                    dead_letters: 36h
                """;
        assertThat(OversightSettings.parse(yaml, "oversight.yml").storage().retention().deadLetters())
                .isEqualTo(Duration.ofHours(36));
    }

    @Test
    void neverDefaultsToLongerThanTheRawTraces() {
        String yaml = FLEET + """
                storage:
                  retention:
                    raw_traces: 2d
                """;
        assertThat(OversightSettings.parse(yaml, "oversight.yml").storage().retention().deadLetters())
                .isEqualTo(Duration.ofDays(2));
    }

    @Test
    void tooShortNamesFileLineKeyAndTheAllowedRange() {
        String yaml = FLEET + """
                storage:
                  retention:
                    dead_letters: 30m
                """;
        assertThat(errorsOf(() -> OversightSettings.parse(yaml, "config/oversight.yml")))
                .extracting(ConfigError::file, ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(tuple("config/oversight.yml", 5, "storage.retention.dead_letters",
                        "out of range: 30m (allowed: 1h up to raw_traces, 90d); shorter, letters may expire before"
                                + " anyone replays them"));
    }

    @Test
    void longerThanTheRawTracesIsAnError() {
        String yaml = FLEET + """
                storage:
                  retention:
                    raw_traces: 30d
                    dead_letters: 31d
                """;
        assertThat(errorsOf(() -> OversightSettings.parse(yaml, "oversight.yml")))
                .extracting(ConfigError::line, ConfigError::keyPath, ConfigError::message)
                .containsExactly(tuple(6, "storage.retention.dead_letters", "longer than raw_traces (30d): a dead letter"
                        + " holds a raw record and must not be kept longer than the raw traces"));
    }

    @Test
    void notADurationIsAnError() {
        String yaml = FLEET + """
                storage:
                  retention:
                    dead_letters: 7 days
                """;
        assertThat(errorsOf(() -> OversightSettings.parse(yaml, "oversight.yml")))
                .extracting(ConfigError::line, ConfigError::keyPath)
                .containsExactly(tuple(5, "storage.retention.dead_letters"));
    }

    @Test
    void aMisspelledKeyIsRejectedWithASuggestion() {
        String yaml = FLEET + """
                storage:
                  retention:
                    dead_leters: 7d
                """;
        assertThat(errorsOf(() -> OversightSettings.parse(yaml, "oversight.yml")))
                .extracting(ConfigError::keyPath, ConfigError::message)
                .containsExactly(tuple("storage.retention.dead_leters", "unknown key — did you mean 'dead_letters'?"
                        + " (known: raw_traces, aggregated, compliance_logs, dead_letters)"));
    }
}
