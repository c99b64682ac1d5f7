package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.connectors.kafka.Topics;
import picocli.CommandLine;

/**
 * `simulate` places --fast event times where ingestion accepts them and says so, with numbers and the config
 * line, when its options would produce event times the configured ingestion dead-letters.
 */
class SimulateEventTimeTest {

    /** The repository's config/, seen from the platform module (Maven runs tests there). */
    private static final Path REPO_CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
    private static final Instant NOW = Instant.parse("2026-03-02T10:15:30.250Z");

    @Test
    void fastWithoutStartEndsItsEventsAtNowAndDoesNotWarn(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        Result r = run("--dry-run", "--fast", "--events", "20000", "--config-dir", REPO_CONFIG.toString(),
                "--report", report.toString());

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.err).contains("--fast: event times end now").doesNotContain("WARNING");
        JsonNode json = new ObjectMapper().readTree(Files.readString(report));
        Instant last = Instant.parse(json.get("lastEventTime").asText());
        assertThat(last).isBeforeOrEqualTo(NOW).isAfter(NOW.minusSeconds(2));
        assertThat(Instant.ofEpochMilli(json.get("startMillis").asLong())).isBefore(NOW.minusSeconds(300));
    }

    @Test
    void fastWithADurationEndsAtNowToo(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        Result r = run("--dry-run", "--fast", "--duration", "10m", "--no-incidents", "--report", report.toString());

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.err).doesNotContain("WARNING");
        JsonNode json = new ObjectMapper().readTree(Files.readString(report));
        assertThat(Instant.parse(json.get("lastEventTime").asText())).isBeforeOrEqualTo(NOW);
        assertThat(Instant.ofEpochMilli(json.get("startMillis").asLong()))
                .isEqualTo(NOW.minus(Duration.ofMinutes(10)).minusMillis(250));
    }

    @Test
    void fastFromNowWarnsHowManyEventsLandTooFarAheadAndWhereTheBoundIsSet() throws Exception {
        Result r = run("--dry-run", "--fast", "--events", "20000", "--start", NOW.toString(),
                "--config-dir", REPO_CONFIG.toString());

        assertThat(r.exit).as(r.err).isZero();
        // counted independently: the same run generated at this start, records read against ingestion's window
        long[] counts = countAgainstWindow(20_000, NOW, Duration.ofMinutes(5));
        long rejected = counts[0];
        long checked = counts[1];
        assertThat(rejected).isPositive();
        int line = lineOf(REPO_CONFIG.resolve("oversight.yml"), "max_ahead:");
        assertThat(r.warnings()).singleElement().satisfies(warning -> assertThat(warning)
                .contains(String.format(Locale.ROOT, "%,d of %,d planned agent events and channel messages (%.1f %%)",
                        rejected, checked, 100.0 * rejected / checked))
                .contains("event_time_out_of_range")
                .contains(REPO_CONFIG.resolve("oversight.yml") + ":" + line + ": ingestion.event_time.max_ahead (5m)")
                .contains("leave out --start"));
        // the observation: about a quarter of a 20,000-record run
        assertThat(100.0 * rejected / checked).isBetween(15.0, 35.0);
    }

    @Test
    void theOldReadmeExampleWarnsThatEverythingIsTooOld() {
        Result r = run("--dry-run", "--fast", "--events", "3000", "--start", "2025-01-01T00:00:00Z",
                "--config-dir", REPO_CONFIG.toString());

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.warnings()).singleElement().satisfies(warning -> assertThat(warning)
                .contains("(100.0 %)").contains("old, more than").contains("ingestion.event_time.max_age (7d)")
                .doesNotContain("max_ahead"));
    }

    @Test
    void aRealTimeRunWithAPastStartIsRejectedWhole() {
        Result r = run("--dry-run", "--duration", "2m", "--no-incidents", "--start", "2025-01-01T00:00:00Z");

        assertThat(r.warnings()).singleElement().satisfies(warning -> assertThat(warning)
                .contains("(100.0 %)").contains("the built-in defaults").contains("a real-time run then starts now"));
    }

    @Test
    void theDefaultRunAndAStartWithinTheBoundsDoNotWarn() {
        assertThat(run("--dry-run", "--duration", "2m", "--no-incidents").warnings()).isEmpty();
        assertThat(run("--dry-run", "--duration", "2m", "--no-incidents",
                "--start", NOW.minus(Duration.ofDays(6)).toString()).warnings()).isEmpty();
        assertThat(run("--dry-run", "--fast", "--duration", "4m", "--no-incidents",
                "--start", NOW.toString()).warnings()).isEmpty();
    }

    @Test
    void theConfiguredBoundsDecide(@TempDir Path dir) throws Exception {
        for (String file : List.of("policies.yml", "pricing.yml")) {
            Files.copy(REPO_CONFIG.resolve(file), dir.resolve(file));
        }
        Files.writeString(dir.resolve("oversight.yml"), Files.readString(REPO_CONFIG.resolve("oversight.yml"))
                .replace("max_ahead: 5m", "max_ahead: 1h"));
        assertThat(run("--dry-run", "--fast", "--events", "20000", "--start", NOW.toString(),
                "--config-dir", dir.toString()).warnings()).isEmpty();

        Files.writeString(dir.resolve("oversight.yml"), Files.readString(REPO_CONFIG.resolve("oversight.yml"))
                .replace("max_age: 7d", "max_age: 1h"));
        // a --fast run ending now that covers more than max_age loses its beginning
        Result tooOld = run("--dry-run", "--fast", "--duration", "2h", "--rate", "5", "--no-incidents",
                "--config-dir", dir.toString());
        assertThat(tooOld.warnings()).singleElement().asString()
                .contains(dir.resolve("oversight.yml") + ":" + lineOf(dir.resolve("oversight.yml"), "max_age:")
                        + ": ingestion.event_time.max_age (1h)")
                .contains("the run covers 2h of event time");
    }

    @Test
    void fastWithEventsAndALongerDurationEndsAtItsLastEvent(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        Result r = run("--dry-run", "--fast", "--duration", "192h", "--events", "2000", "--no-incidents",
                "--report", report.toString());

        assertThat(r.warnings()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(Files.readString(report));
        assertThat(Instant.parse(json.get("lastEventTime").asText())).isBeforeOrEqualTo(NOW).isAfter(NOW.minusSeconds(2));
    }

    @Test
    void durationsReadLikeTheBoundsTheyAreComparedWith() {
        assertThat(EventTimeCheck.human(400_000)).isEqualTo("6m40s");
        assertThat(EventTimeCheck.human(Duration.ofDays(2).plusHours(3).plusMinutes(5).toMillis())).isEqualTo("2d3h");
        assertThat(EventTimeCheck.human(450)).isEqualTo("450ms");
    }

    /** {rejected, checked} of a --fast run of {@code maxRecords} from {@code start}, all read at {@link #NOW}. */
    private static long[] countAgainstWindow(long maxRecords, Instant start, Duration maxAhead) {
        Fleet fleet = FleetLoader.load(REPO_CONFIG);
        Scenario scenario = new ScenarioLoader(fleet).loadBuiltIn();
        FleetSimulation simulation = new FleetSimulation(fleet, scenario, new SimulationSettings(42, start.toEpochMilli(), 50));
        RecordedRun.CollectingPublisher publisher = new RecordedRun.CollectingPublisher();
        new SimulationRun(simulation, publisher, maxRecords, SimulationRun.UNBOUNDED, false, null).run();
        List<SimulatedRecord> records = publisher.records;
        long checked = records.stream().filter(rec -> !rec.topic().equals(Topics.HEARTBEATS)).count();
        long rejected = records.stream().filter(rec -> !rec.topic().equals(Topics.HEARTBEATS))
                .filter(rec -> Instant.ofEpochMilli(rec.eventTime()).isAfter(NOW.plus(maxAhead))).count();
        return new long[] {rejected, checked};
    }

    private static int lineOf(Path file, String text) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        SimulateCommand command = new SimulateCommand();
        command.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        int exit = new CommandLine(command).setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()))
                .execute(args);
        return new Result(exit, err.toString());
    }

    private record Result(int exit, String err) {
        List<String> warnings() {
            return err.lines().filter(line -> line.contains("WARNING")).toList();
        }
    }
}
