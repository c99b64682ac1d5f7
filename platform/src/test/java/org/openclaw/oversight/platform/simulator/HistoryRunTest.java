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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.HeartbeatStatus;
import picocli.CommandLine;

/** --history: past normal traffic ending where the live part starts, and the live part as it is without it. */
class HistoryRunTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");
    private static final long START = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();

    @Test
    void historyIsNormalTrafficEndingAtTheLiveStartWithIdsOfItsOwn() {
        Fleet fleet = Fleet.builtIn();
        SimulationSettings live = new SimulationSettings(42, START, 50);
        HistoryRun history = new HistoryRun(fleet, live, 10 * 60_000);
        RecordedRun.CollectingPublisher publisher = new RecordedRun.CollectingPublisher();
        InjectionReport report = history.run(publisher, new PrintWriter(new StringWriter()));

        assertThat(publisher.records).hasSizeGreaterThan(50 * 600 * 8 / 10)
                .allSatisfy(r -> assertThat(r.eventTime()).isBetween(START - 10 * 60_000, START - 1));
        assertThat(publisher.records.get(0).eventTime()).isLessThan(START - 10 * 60_000 + 1_000);
        assertThat(publisher.records.get(publisher.records.size() - 1).eventTime()).isGreaterThan(START - 2_000);
        assertThat(report.incidents()).isEmpty();
        assertThat(publisher.records.stream().map(SimulatedRecord::value).filter(AgentHeartbeat.class::isInstance))
                .allSatisfy(h -> assertThat(((AgentHeartbeat) h).getStatus()).isEqualTo(HeartbeatStatus.UP));

        RecordedRun.CollectingPublisher livePublisher = new RecordedRun.CollectingPublisher();
        new SimulationRun(new FleetSimulation(fleet, new ScenarioLoader(fleet).loadBuiltIn(), live), livePublisher,
                SimulationRun.UNBOUNDED, 10 * 60_000, false, null).run();
        Set<String> liveIds = livePublisher.records.stream().map(SimulatedRecord::id).collect(Collectors.toSet());
        assertThat(liveIds).hasSizeGreaterThan(10_000);
        assertThat(publisher.records.stream().map(SimulatedRecord::id).filter(id -> !id.startsWith("heartbeat:"))
                .filter(liveIds::contains).toList()).isEmpty();
    }

    @Test
    void theReportDescribesTheHistoryAndTheLivePartIsUnchanged(@TempDir Path dir) throws Exception {
        Path with = dir.resolve("with.json");
        Path without = dir.resolve("without.json");
        Result r = run("--dry-run", "--start", Instant.ofEpochMilli(START).toString(), "--duration", "2m",
                "--history", "10m", "--report", with.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.err).contains("history: 10m of normal traffic").doesNotContain("WARNING");
        assertThat(run("--dry-run", "--start", Instant.ofEpochMilli(START).toString(), "--duration", "2m",
                "--report", without.toString()).exit).isZero();

        ObjectMapper mapper = new ObjectMapper();
        JsonNode a = mapper.readTree(Files.readString(with));
        JsonNode b = mapper.readTree(Files.readString(without));
        assertThat(a.get("history").get("fromMillis").asLong()).isEqualTo(START - 10 * 60_000);
        assertThat(Instant.parse(a.get("history").get("lastEventTime").asText()).toEpochMilli()).isLessThan(START);
        assertThat(a.get("emittedByTopic")).isEqualTo(b.get("emittedByTopic"));
        assertThat(a.get("incidents")).isEqualTo(b.get("incidents"));
        assertThat(b.has("history")).isFalse();
        // the history's planted values are reported too, marked as such
        assertThat(a.get("plantedPii").size()).isGreaterThan(b.get("plantedPii").size());
        assertThat(a.get("plantedPii").get(0).get("phase").asText()).isEqualTo("history");
        // the scorer counts alerts from the start of the history: it had no incidents, so any alert there is false
        assertThat(ScoredReport.read(with).fromMillis()).isEqualTo(START - 10 * 60_000);
    }

    @Test
    void aHistoryReachingBeyondMaxAgeWarnsWithItsShareAndTheOption() {
        Instant start = NOW.minus(Duration.ofDays(7)).plus(Duration.ofMinutes(5));
        Result r = run("--dry-run", "--fast", "--no-incidents", "--duration", "1m", "--start", start.toString(),
                "--history", "20m");
        assertThat(r.exit).as(r.err).isZero();
        List<String> warnings = r.err.lines().filter(l -> l.contains("WARNING")).toList();
        // the history spans 7d15m .. 6d23h55m before now: three quarters of it is older than 7 days
        assertThat(warnings).singleElement().asString().contains("of the --history part")
                .contains("ingestion.event_time.max_age").contains("(7d) allows").contains("shorten --history")
                .containsPattern("\\((6\\d|7\\d|8\\d)\\.\\d %\\)");
    }

    @Test
    void badValuesAreExplained() {
        Result r = run("--dry-run", "--history", "an hour");
        assertThat(r.exit).isEqualTo(SimulateCommand.EXIT_USAGE);
        assertThat(r.err).contains("not a duration");
        Result d = run("--dry-run", "--disorder", "0s", "--events", "5");
        assertThat(d.exit).isEqualTo(SimulateCommand.EXIT_USAGE);
        assertThat(d.err).contains("--disorder must be above 0");
        Result c = run("--dry-run", "--obey-control", "--events", "5");
        assertThat(c.exit).isEqualTo(SimulateCommand.EXIT_USAGE);
        assertThat(c.err).contains("--obey-control needs Kafka");
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
    }
}
