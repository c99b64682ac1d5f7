package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new SimulateCommand()).setErr(new PrintWriter(err)).setOut(new PrintWriter(out))
                .execute(args);
        return new Result(exit, err.toString(), out.toString());
    }

    @Test
    void dryRunWritesAJsonReportOfIncidentsAndPlantedPii(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("out/report.json");
        Result r = run("--dry-run", "--duration", "100s", "--seed", "3", "--start", "2025-01-01T00:00:00Z",
                "--report", report.toString());

        assertThat(r.exit).as(r.err).isZero();
        JsonNode json = new ObjectMapper().readTree(Files.readString(report));
        assertThat(json.get("seed").asLong()).isEqualTo(3);
        assertThat(json.get("start").asText()).isEqualTo("2025-01-01T00:00:00Z");
        JsonNode first = json.get("incidents").get(0);
        assertThat(first.get("type").asText()).isEqualTo("pii_in_output");
        assertThat(first.get("windowStart").asText()).isEqualTo("2025-01-01T00:01:00Z");
        assertThat(first.get("affectedIds")).isNotEmpty();
        assertThat(json.get("plantedPii")).isNotEmpty();
        // the console shows counts, never the planted values
        String value = json.get("plantedPii").get(0).get("value").asText();
        assertThat(r.err).contains("Incidents:").contains("pii_in_output").doesNotContain(value)
                .contains("Expected alerts: ");
        assertThat(first.get("expected")).isNotEmpty();
    }

    @Test
    void badScenarioNamesFileLineAndKeyAndExitsNonZero(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("bad.yml");
        Files.writeString(scenario, "incidents:\n  - type: cost_spike\n    agent: ghost-agent\n    at: 1s\n"
                + "    duration: 1s\n");
        Result r = run("--dry-run", "--events", "10", "--scenario", scenario.toString());

        assertThat(r.exit).isEqualTo(SimulateCommand.EXIT_USAGE);
        assertThat(r.err).contains(scenario + ":3").contains("incidents[0].agent").contains("ghost-agent")
                .doesNotContain("\tat org.");
    }

    @Test
    void verboseAddsTheStackTrace(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("bad.yml");
        Files.writeString(scenario, "incidents: 3\n");
        assertThat(run("--dry-run", "--events", "10", "--scenario", scenario.toString(), "--verbose").err)
                .contains("\tat org.");
    }

    @Test
    void badOptionValuesAreExplained() {
        Result r = run("--dry-run", "--duration", "ten minutes");
        assertThat(r.exit).isEqualTo(SimulateCommand.EXIT_USAGE);
        assertThat(r.err).contains("not a duration").contains("30s");

        Result start = run("--dry-run", "--events", "5", "--start", "yesterday");
        assertThat(start.exit).isEqualTo(SimulateCommand.EXIT_USAGE);
        assertThat(start.err).contains("ISO-8601");
    }

    @Test
    void helpListsTheOptions() {
        Result r = run("--help");
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("--seed", "--rate", "--duration", "--events", "--scenario", "--bootstrap-servers",
                "--registry-url", "--config-dir", "--report", "--start", "--history", "--disorder", "--[no-]obey-control",
                "--score", "--alerts", "--source");
    }

    private record Result(int exit, String err, String out) {
    }
}
