package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.config.ConfigError;
import org.openclaw.oversight.config.ConfigException;

class ScenarioLoaderTest {
    private final ScenarioLoader loader = new ScenarioLoader(Fleet.builtIn());

    @Test
    void readsIncidentsWithOffsetsDurationsAndParams(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yml");
        Files.writeString(file, """
                incidents:
                  - type: error_burst
                    agent: finance-agent
                    at: 2m
                    duration: 45s
                    params:
                      error_rate: 0.8
                      cascade_delay: 5s
                  - type: cost_spike
                    agent: sales-agent
                    at: 30s
                    duration: 1m
                """);
        Scenario scenario = loader.load(file);

        assertThat(scenario.incidents()).extracting(Incident::type)
                .containsExactly(IncidentType.COST_SPIKE, IncidentType.ERROR_BURST);
        Incident burst = scenario.incidents().get(1);
        assertThat(burst.atMs()).isEqualTo(120_000);
        assertThat(burst.durationMs()).isEqualTo(45_000);
        assertThat(burst.param("error_rate", 0.0)).isEqualTo(0.8);
        assertThat(scenario.endMs()).isEqualTo(165_000);
    }

    @Test
    void aStoppedAgentHasNoDurationAndCountsThreeMinutesTowardsTheDefaultRun(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yml");
        Files.writeString(file, """
                incidents:
                  - type: agent_stopped
                    agent: legal-agent
                    at: 2m
                  - type: prompt_injection
                    agent: sales-agent
                    at: 30s
                    duration: 1m
                    params: {context_factor: 12}
                """);
        Scenario scenario = loader.load(file);
        Incident stopped = scenario.incidents().get(1);
        assertThat(stopped.type().openEnded()).isTrue();
        assertThat(stopped.activeAt(10L * 24 * 3_600_000)).isTrue();
        assertThat(scenario.endMs()).isEqualTo(120_000 + Scenario.OPEN_ENDED_SHOWN_MS);
        assertThat(scenario.incidents().get(0).param("context_factor", 1.0)).isEqualTo(12.0);

        assertError(dir, """
                incidents:
                  - type: agent_stopped
                    agent: legal-agent
                    at: 2m
                    duration: 1m
                """, 5, "incidents[0].duration", "agent_stopped has no duration");
        assertError(dir, """
                incidents:
                  - type: prompt_injection
                    agent: sales-agent
                    at: 30s
                    duration: 1m
                    params: {context_factor: 0.5}
                """, 6, "incidents[0].params.context_factor", "outside 1.0..1000.0");
    }

    @Test
    void errorsNameFileLineAndKey(@TempDir Path dir) throws Exception {
        assertError(dir, """
                incidents:
                  - type: cost_spike
                    agent: sales-agent
                    at: 30s
                    duration: 60s
                  - type: cost_spik
                    agent: sales-agent
                    at: 30s
                    duration: 60s
                """, 6, "incidents[1].type", "unknown incident type 'cost_spik'");
        assertError(dir, """
                incidents:
                  - type: agent_silent
                    agent: nobody-agent
                    at: 30s
                    duration: 60s
                """, 3, "incidents[0].agent", "unknown agent 'nobody-agent'");
        assertError(dir, """
                incidents:
                  - type: agent_silent
                    agent: sales-agent
                    at: soon
                    duration: 60s
                """, 4, "incidents[0].at", "not a duration");
        assertError(dir, """
                incidents:
                  - type: agent_silent
                    agent: sales-agent
                    at: 10s
                    duration: 0s
                """, 5, "incidents[0].duration", "longer than 0");
        assertError(dir, """
                incidents:
                  - type: cost_spike
                    agent: sales-agent
                    at: 10s
                    duration: 10s
                    params:
                      factr: 3
                """, 7, "incidents[0].params.factr", "not a parameter of cost_spike");
        assertError(dir, """
                incidents:
                  - type: error_burst
                    agent: sales-agent
                    at: 10s
                    duration: 10s
                    params: {error_rate: 1.5}
                """, 6, "incidents[0].params.error_rate", "outside");
        assertError(dir, """
                incidents:
                  - type: cost_spike
                    agent: sales-agent
                    duration: 10s
                    when: 10s
                """, 5, "incidents[0].when", "unknown key");
        assertError(dir, """
                incidents:
                  - type: cost_spike
                    agent: sales-agent
                    duration: 10s
                """, 2, "incidents[0].at", "missing");
        assertError(dir, """
                incident:
                  - type: cost_spike
                """, 1, "incident", "unknown key");
        assertError(dir, "incidents: [\n  - type: x\n", 2, "", "not valid YAML");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("nope.yml");
        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not found");
    }

    @Test
    void builtInScenarioIsValid() {
        Scenario scenario = loader.loadBuiltIn();
        assertThat(scenario.incidents()).hasSize(IncidentType.values().length);
        assertThat(scenario.source()).contains("built-in");
    }

    private void assertError(Path dir, String yaml, int line, String key, String message) throws Exception {
        Path file = dir.resolve("scenario.yml");
        Files.writeString(file, yaml);
        assertThatThrownBy(() -> loader.load(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            ConfigError error = e.errors().get(0);
            assertThat(error.file()).isEqualTo(file.toString());
            assertThat(error.line()).as(e.getMessage()).isEqualTo(line);
            assertThat(error.keyPath()).as(e.getMessage()).isEqualTo(key);
            assertThat(error.message()).contains(message);
            assertThat(e.getMessage()).contains(file + ":" + line);
        });
    }
}
