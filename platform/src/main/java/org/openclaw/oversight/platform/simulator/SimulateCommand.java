package org.openclaw.oversight.platform.simulator;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.openclaw.oversight.config.ConfigException;
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
            + "(default: now, to the second).")
    String start;

    @Option(names = "--scenario", description = "Scenario YAML replacing the built-in one (scenarios/built-in.yml).")
    Path scenario;

    @Option(names = "--no-incidents", description = "Normal traffic only, no scenario.")
    boolean noIncidents;

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--registry-url", defaultValue = "http://127.0.0.1:8081",
            description = "Schema registry URL (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--config-dir", description = "Folder with oversight.yml for the fleet "
            + "(default: <home>/config when present, else the built-in ten-agent fleet).")
    Path configDir;

    @Option(names = "--report", description = "Write the injection report (incidents, affected ids, planted PII "
            + "values) as JSON to this file.")
    Path report;

    @Option(names = "--fast", description = "Send as fast as possible instead of in real time; event times are unchanged.")
    boolean fast;

    @Option(names = "--dry-run", description = "Generate without Kafka and print the summary (with --report: the JSON).")
    boolean dryRun;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

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
        Fleet fleet = FleetLoader.load(effectiveConfigDir());
        ScenarioLoader loader = new ScenarioLoader(fleet);
        Scenario incidents = noIncidents ? Scenario.none()
                : scenario == null ? loader.loadBuiltIn() : loader.load(scenario);
        long durationMs = duration != null ? positive(DurationText.parseMillis(duration), "--duration")
                : events != null ? SimulationRun.UNBOUNDED : Math.max(60_000, incidents.endMs() + 30_000);
        long maxRecords = events == null ? SimulationRun.UNBOUNDED : positive(events, "--events");
        SimulationSettings settings = new SimulationSettings(seed, startMillis(), rate);
        FleetSimulation simulation = new FleetSimulation(fleet, incidents, settings);

        err.printf("simulate: %d agents, %d scripted incidents (plus the cascades they cause) from %s, seed %d,"
                + " start %s, %s%n", fleet.agents().size(), incidents.incidents().size(), incidents.source(), seed, Instant.ofEpochMilli(settings.startMillis()),
                dryRun ? "dry run (no Kafka)" : "to " + bootstrapServers + " / " + registryUrl);
        err.flush();
        ProgressLine progress = new ProgressLine(err, System.console() != null);
        InjectionReport result;
        try (RecordPublisher publisher = dryRun ? new DiscardingPublisher()
                : KafkaRecordPublisher.connect(bootstrapServers, registryUrl)) {
            result = new SimulationRun(simulation, publisher, maxRecords, durationMs, !fast && !dryRun, progress)
                    .run();
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

    private Path effectiveConfigDir() {
        if (configDir != null) {
            return configDir;
        }
        Path home = Paths.get(System.getProperty("oversight.home", ".")).toAbsolutePath().normalize();
        Path candidate = home.resolve("config");
        return Files.isRegularFile(candidate.resolve("oversight.yml")) ? candidate : null;
    }

    private long startMillis() {
        if (start == null) {
            return Instant.now().truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
        }
        try {
            return Instant.parse(start).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start '" + start + "' is not an ISO-8601 instant; write e.g. "
                    + "2025-01-01T00:00:00Z");
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
