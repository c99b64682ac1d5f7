package org.openclaw.oversight.platform.simulator;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.openclaw.oversight.config.ConfigException;
import org.openclaw.oversight.config.EventTimeBounds;
import org.openclaw.oversight.config.LocalAddresses;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.platform.UserFacingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code oversight simulate}: plays the agent fleet against Kafka, with scripted incidents, and reports what it
 * injected. See platform/README-simulator.md.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate the agent fleet: traces, channel messages and heartbeats in Avro (Confluent wire "
                + "format) to Kafka, with scripted incidents and planted PII.",
                "Event time is a simulated clock that starts at --start and carries about --rate records per "
                        + "simulated second; the same --seed and --start give byte-identical records."})
public final class SimulateCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate", defaultValue = "50", description = "Records per simulated second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", description = "Simulated time to cover, e.g. 30s, 5m "
            + "(default: until the scenario's last incident ends plus 30s, at least 1m).")
    String duration;

    @Option(names = "--events", description = "Stop after this many records (with --duration: whichever comes first).")
    Long events;

    @Option(names = "--start", description = "Simulated start time, ISO-8601 such as 2025-01-01T00:00:00Z "
            + "(default: now, to the second; with --fast: so that the events end now).")
    String start;

    @Option(names = "--scenario", description = "Scenario YAML replacing the built-in one (scenarios/built-in.yml).")
    Path scenario;

    @Option(names = "--no-incidents", description = "Normal traffic only, no scenario.")
    boolean noIncidents;

    @Option(names = "--bootstrap-servers", defaultValue = LocalAddresses.KAFKA_BOOTSTRAP,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--registry-url", defaultValue = LocalAddresses.REGISTRY_URL,
            description = "Schema registry URL (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--config-dir", description = "Folder with oversight.yml for the fleet and the event-time "
            + "bounds of ingestion, which the run is checked against "
            + "(default: <home>/config when present, else the built-in ten-agent fleet and default bounds).")
    Path configDir;

    @Option(names = "--report", description = "Write the injection report (incidents, affected ids, planted PII "
            + "values) as JSON to this file.")
    Path report;

    @Option(names = "--fast", description = "Send as fast as possible instead of in real time; without --start the "
            + "event times end at now (so ingestion accepts them) instead of starting there.")
    boolean fast;

    @Option(names = "--dry-run", description = "Generate without Kafka and print the summary (with --report: the JSON).")
    boolean dryRun;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Option(names = "--history", description = "Before the live part, lay down this much past normal traffic "
            + "(no incidents, event times ending at the live start) as fast as possible, e.g. 1h, so that 3-sigma "
            + "baselines have history.")
    String history;

    @Option(names = "--disorder", description = "Deliver records out of event-time order within this bound, e.g. "
            + "5s (" + (int) (DeliveryDisorder.DELAYED_SHARE * 100) + " %% of them delayed up to the bound, "
            + DeliveryDisorder.LATE_SHARE * 100 + " %% later than it: late records); default: in order.")
    String disorder;

    @Option(names = "--obey-control", negatable = true, description = "The simulated agents read "
            + "oversight.agent-control.v1 while live and obey PAUSE, RESUME, SHUTDOWN, RESTART, ROLLBACK, RATE_LIMIT "
            + "(default: on when Kafka is used in real time, i.e. without --dry-run and --fast; --no-obey-control to "
            + "run as scripted).")
    Boolean obeyControl;

    @Option(names = "--score", description = "Score alerts against the injection report given with --report "
            + "instead of simulating: every expected alert detected or MISSED, every unexplained alert a FALSE "
            + "POSITIVE; exit code 1 on any miss or false positive.")
    boolean score;

    @Option(names = "--alerts", description = "With --score: alerts as JSON lines (Alert.avsc fields or "
            + "Alertmanager's API shape); default: read oversight.alerts.v1 (read_committed) from the broker.")
    Path alerts;

    @Option(names = "--source", description = "With --score: only the alerts of this job (Alert.source, e.g. "
            + "anomaly-detection); repeatable. Default: every job.")
    List<String> sources = new ArrayList<>();

    /** What "now" is: where a run starts (or, --fast, ends) and what ingestion compares event times with. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return simulate(err);
        } catch (ConfigException e) {
            return fail(err, e, e.getMessage(), "fix the file and run again", EXIT_USAGE);
        } catch (IllegalArgumentException e) {
            return fail(err, e, e.getMessage(), "see oversight simulate --help", EXIT_USAGE);
        } catch (UserFacingException e) {
            return fail(err, e, e.getMessage(), e.whatToDo(), EXIT_FAILED);
        } catch (RuntimeException e) {
            return fail(err, e, "simulation failed: " + e, "run again with --verbose and report the stack trace",
                    EXIT_FAILED);
        }
    }

    private int simulate(PrintWriter err) {
        if (score) {
            return score(err);
        }
        OversightConfiguration config = FleetLoader.loadConfig(effectiveConfigDir());
        Fleet fleet = FleetLoader.fleetOf(config);
        EventTimeBounds bounds = config != null ? config.settings().ingestion().eventTime()
                : EventTimeBounds.defaults("the built-in defaults (no config/oversight.yml found)");
        ScenarioLoader loader = new ScenarioLoader(fleet);
        Scenario incidents = noIncidents ? Scenario.none()
                : scenario == null ? loader.loadBuiltIn() : loader.load(scenario);
        long durationMs = duration != null ? positive(DurationText.parseMillis(duration), "--duration")
                : events != null ? SimulationRun.UNBOUNDED : Math.max(60_000, incidents.endMs() + 30_000);
        long maxRecords = events == null ? SimulationRun.UNBOUNDED : positive(events, "--events");
        Plan plan = new Plan(fleet, incidents, maxRecords, durationMs);
        long historyMs = history == null ? 0 : positive(DurationText.parseMillis(history), "--history");
        long disorderMs = disorder == null ? 0 : positive(DurationText.parseMillis(disorder), "--disorder");
        // a --fast run is over before any command could come back; obeying is for real-time runs
        boolean obey = obeyControl == null ? !dryRun && !fast : obeyControl;
        if (obey && dryRun) {
            throw new IllegalArgumentException("--obey-control needs Kafka; leave out --dry-run");
        }
        long now = clock.millis();
        SimulationSettings settings = new SimulationSettings(seed, startMillis(now, plan), rate)
                .withDisorder(disorderMs);

        err.printf("simulate: %d agents, %d scripted incidents (plus the cascades they cause) from %s, seed %d,"
                + " start %s%s, %s%n", fleet.agents().size(), incidents.incidents().size(), incidents.source(), seed,
                Instant.ofEpochMilli(settings.startMillis()), fast && start == null ? " (--fast: event times end now)" : "",
                dryRun ? "dry run (no Kafka)" : "to " + bootstrapServers + " / " + registryUrl);
        warnAboutEventTimes(err, bounds, settings.startMillis(), now, plan);
        HistoryRun past = historyMs == 0 ? null : new HistoryRun(fleet, settings, historyMs);
        if (past != null) {
            past.warnAboutEventTimes(err, bounds, now);
        }
        err.flush();
        ProgressLine progress = new ProgressLine(err, System.console() != null);
        InjectionReport result;
        try (RecordPublisher publisher = dryRun ? new DiscardingPublisher()
                : KafkaRecordPublisher.connect(bootstrapServers, registryUrl)) {
            InjectionReport pastReport = past == null ? null : past.run(publisher, err);
            try (KafkaControlCommandFeed commands = obey
                    ? KafkaControlCommandFeed.start(bootstrapServers, registryUrl, clock) : null) {
                if (commands != null) {
                    err.println("simulate: the agents obey " + Topics.AGENT_CONTROL
                            + " (--no-obey-control to run as scripted)");
                }
                FleetSimulation simulation = new FleetSimulation(fleet, incidents, settings, commands);
                simulation.report().history(pastReport);
                // a real-time run from "now" keeps event time on the wall clock, whatever the start-up took
                long lag = start == null && !fast && !dryRun ? clock.millis() - settings.startMillis() : 0;
                result = new SimulationRun(simulation, publisher, maxRecords, durationMs, !fast && !dryRun, progress)
                        .catchingUp(lag).run();
            }
        }
        err.print(result.summary());
        if (report != null) {
            writeReport(result);
            err.println("Report written to " + report + " (it contains the planted PII values: synthetic, but "
                    + "keep it out of logs).");
        }
        err.flush();
        return EXIT_OK;
    }

    /** --score: the report's expected alerts against the alerts of a file or of the broker. */
    private int score(PrintWriter err) {
        if (report == null) {
            throw new IllegalArgumentException("--score needs --report FILE: the injection report of the run to score");
        }
        ScoredReport expected = ScoredReport.read(report);
        List<ObservedAlert> observed = alerts != null ? AlertLines.read(alerts)
                : AlertTopicReader.readAll(bootstrapServers, registryUrl);
        AlertScorer.Score result = AlertScorer.of(expected, Set.copyOf(sources)).score(observed);
        PrintWriter out = spec.commandLine().getOut();
        out.print(result.describe());
        out.flush();
        err.flush();
        return result.passed() ? EXIT_OK : EXIT_FAILED;
    }

    private Path effectiveConfigDir() {
        if (configDir != null) {
            return configDir;
        }
        Path home = Paths.get(System.getProperty("oversight.home", ".")).toAbsolutePath().normalize();
        Path candidate = home.resolve("config");
        return Files.isRegularFile(candidate.resolve("oversight.yml")) ? candidate : null;
    }

    /**
     * --start, else now; with --fast (and no --start) the run ends at now instead, so every event time is one
     * ingestion accepts: a fast run starting now would put its events up to the whole span into the future.
     */
    private long startMillis(long now, Plan plan) {
        if (start != null) {
            try {
                return Instant.parse(start).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--start '" + start + "' is not an ISO-8601 instant; write e.g. "
                        + "2025-01-01T00:00:00Z");
            }
        }
        long end = fast ? now - plan.spanMs() : now;
        return Math.floorDiv(end, 1000) * 1000;
    }

    /** One line on stderr when the configured ingestion would dead-letter some of the planned event times. */
    private void warnAboutEventTimes(PrintWriter err, EventTimeBounds bounds, long startMillis, long now, Plan plan) {
        EventTimeCheck check = new EventTimeCheck(bounds, startMillis, !fast, now);
        if (!check.mayReject(plan.durationMs)) {
            return;
        }
        check.warning(check.evaluate(plan.times()), start != null, plan.spanMs()).ifPresent(err::println);
    }

    /** The run's bounds, and its event times planned on first use (a dry pass: only when a bound is in doubt). */
    private final class Plan {
        private final Fleet fleet;
        private final Scenario incidents;
        private final long maxRecords;
        private final long durationMs;
        private PlannedEventTimes times;

        Plan(Fleet fleet, Scenario incidents, long maxRecords, long durationMs) {
            this.fleet = fleet;
            this.incidents = incidents;
            this.maxRecords = maxRecords;
            this.durationMs = durationMs;
        }

        PlannedEventTimes times() {
            if (times == null) {
                times = PlannedEventTimes.plan(fleet, incidents, seed, rate, maxRecords, durationMs);
            }
            return times;
        }

        /** Simulated time covered: --duration, or up to the last planned record when --events may end it sooner. */
        long spanMs() {
            return maxRecords == SimulationRun.UNBOUNDED ? durationMs : times().lastOffsetMs() + 1;
        }
    }

    private static long positive(long value, String option) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be above 0, got " + value);
        }
        return value;
    }

    private void writeReport(InjectionReport result) {
        try {
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(report, result.toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserFacingException("cannot write the report to " + report + ": " + e.getMessage(),
                    "choose a writable path for --report", e);
        }
    }

    private int fail(PrintWriter err, Exception e, String message, String whatToDo, int exitCode) {
        err.println("oversight simulate: " + message);
        if (whatToDo != null) {
            err.println("  -> " + whatToDo);
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }

    /** --dry-run: the records are generated and counted, then dropped. */
    private static final class DiscardingPublisher implements RecordPublisher {
        @Override
        public void publish(SimulatedRecord record) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
