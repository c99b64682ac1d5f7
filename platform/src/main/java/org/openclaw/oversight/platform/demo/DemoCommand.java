package org.openclaw.oversight.platform.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobStatus;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.config.JobOptions;
import org.openclaw.oversight.connectors.flink.JobBootstrap;
import org.openclaw.oversight.connectors.flink.LocalJobRegistry;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.platform.run.JobLogFile;
import org.openclaw.oversight.platform.run.RunCommand;
import org.openclaw.oversight.platform.stack.StackComponents;
import org.openclaw.oversight.platform.stack.StackSettings;
import org.openclaw.oversight.platform.stack.StackState;
import org.openclaw.oversight.platform.stack.UpCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code oversight demo}: the stack (as `up`), every job of {@link RunCommand#jobs()} on one MiniCluster,
 * the simulator in real time with the built-in scenario, and a summary read back from the tables, topics
 * and Alertmanager while it runs and at the end. See platform/README.md, "oversight demo".
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole platform on this machine: start the stack (as `oversight up`; a running one is "
                + "used as it is), run every job on one local Flink MiniCluster (web UI on 127.0.0.1, port printed), "
                + "play the simulator's built-in scenario in real time and print what the platform made of it: every "
                + "15 s a short line, at the end a summary (events, PII, windows, anomalies, violations, incidents, "
                + "what the agents obeyed, the alerts Alertmanager holds, peak memory per process).",
                "Ctrl-C stops everything the demo started: a last checkpoint per job, the jobs, and the servers it "
                        + "started (a stack that ran before stays up). A demo started again resumes each job from its "
                        + "checkpoints in <data dir>/checkpoints/JOB, also after kill -9."})
public final class DemoCommand implements Callable<Integer> {

    static final Duration SUMMARY_EVERY = Duration.ofSeconds(15);
    /** After the simulator's last record: how long the jobs get to process everything it sent. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(500);

    @Option(names = "--duration", description = "How long the simulator runs (real time), e.g. 90s, 5m "
            + "(default: the scenario's length plus 30s, about 12 minutes for the built-in one).")
    String duration;

    @Option(names = "--scenario", paramLabel = "FILE", description = "Scenario YAML replacing the built-in one.")
    Path scenario;

    @Option(names = "--keep-running", description = "After the scenario, keep the jobs and the stack running (and the "
            + "summary line coming) until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--seed", description = "Simulator seed (default: from the start time, so a second run sends new "
            + "event ids instead of ones ingestion drops as duplicates).")
    Long seed;

    @Option(names = "--parallelism", defaultValue = "1",
            description = "Parallelism of every job (default: ${DEFAULT-VALUE}; the cluster gets a slot per job and subtask).")
    int parallelism;

    @Mixin
    StackSettings settings;

    @Spec
    CommandSpec spec;

    private final Object stopLock = new Object();
    private volatile boolean stopped;
    private DemoRun run;

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1) {
            throw new UserFacingException("--parallelism must be 1 or more, got " + parallelism, "e.g. --parallelism 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Instant startedAt = Instant.now();
        Path log = JobLogFile.of(settings.dataDir(), "demo");
        JobLogFile.configure(log);
        out.println("oversight demo: the stack, " + RunCommand.jobs().size() + " jobs on one MiniCluster, the simulator;"
                + " log " + log + " (Ctrl-C stops everything the demo started)");
        out.flush();

        DemoServers servers = new DemoServers(settings.dataDir(), settings.stateFile());
        Set<String> before = DemoServers.running(StackState.load(settings.stateFile()));
        if (UpCommand.up(settings, out) != 0) {
            throw new UserFacingException("the stack did not come up", "see the lines above");
        }
        // `up` showed the config's warnings; the jobs and the simulator load the same files and would repeat them
        Configurator.setLevel(OversightConfiguration.class.getName(), Level.ERROR);
        Set<String> owned = servers.claim(before);
        out.println(owned.isEmpty() ? "the stack ran before the demo: it stays up when the demo ends (./oversight down stops it)"
                : "servers started for the demo (stopped when it ends): " + String.join(", ", owned));
        out.flush();

        run = new DemoRun(servers, startedAt);
        Thread hook = new Thread(this::stopOnSignal, "oversight-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        int exitCode;
        try {
            start(out);
            exitCode = watch(out);
        } catch (Exception e) {
            stop(out);
            removeHook(hook);
            throw e;
        }
        stop(out);
        removeHook(hook);
        return exitCode;
    }

    private void start(PrintWriter out) throws Exception {
        StackState state = StackState.load(settings.stateFile());
        List<String> stack = RunCommand.stackArguments(settings);
        for (Map.Entry<String, RunCommand.JobFactory> job : RunCommand.jobs().entrySet()) {
            List<String> args = new ArrayList<>(stack);
            args.addAll(RunCommand.localRunArguments(settings.dataDir(), job.getKey()));
            args.addAll(List.of("--parallelism", Integer.toString(parallelism)));
            DemoJob demoJob = DemoJob.prepare(JobBootstrap.define(JobOptions.parse(args.toArray(String[]::new)), job.getValue()));
            run.jobs.add(demoJob);
            out.println(DemoSummary.row("job " + demoJob.name(), demoJob.resumeLine()));
        }
        run.cluster = DemoCluster.start(run.jobs.size(), parallelism);
        LocalJobRegistry registry = new LocalJobRegistry(RunCommand.jobsDir(settings.dataDir()));
        for (DemoJob job : run.jobs) {
            job.submit(run.cluster.miniCluster(), run.cluster.webUi(), registry);
        }
        out.println("Flink web UI " + run.cluster.webUi() + " · " + run.jobs.size() + " jobs, "
                + DemoCluster.slots(run.jobs.size(), parallelism) + " slots, parallelism " + parallelism);

        String kafka = state.component(StackComponents.KAFKA).orElseThrow().address();
        String registryUrl = state.component(StackComponents.SCHEMA_REGISTRY).orElseThrow().address();
        String alertmanagerUrl = state.component(StackComponents.ALERTMANAGER).orElseThrow().address();
        ProcessMemory memory = new ProcessMemory();
        memory.watch("demo JVM", ProcessHandle.current().pid(), false);
        for (StackState.Component component : state.components()) {
            if (component.pid() != null) {
                memory.watch(component.name(), component.pid(), StackComponents.POSTGRESQL.equals(component.name()));
            }
        }
        run.summary = new DemoSummary(RunCommand.jobs().keySet(),
                new TableReadings(new JdbcConnection(state.jdbcUrl(), state.dbUser(), state.dbPassword())),
                new TopicReadings(kafka, registryUrl), new AlertmanagerReadings(alertmanagerUrl), memory);

        long simulatorSeed = seed != null ? seed : run.startedAt.getEpochSecond();
        Path report = settings.dataDir().resolve("demo").resolve("simulator-report.json");
        run.simulator = new DemoSimulator(DemoSimulator.arguments(kafka, registryUrl, settings.configDir(), scenario,
                duration, simulatorSeed, report), JobLogFile.of(settings.dataDir(), "simulator"), report);
        run.simulator.start();
        if (!run.summary.notRunning().isEmpty()) {
            out.println("not in this build (their summary sections say \"not running\"): "
                    + String.join(", ", run.summary.notRunning()));
        }
        out.println("simulator: " + (scenario == null ? "built-in scenario" : scenario) + ", seed " + simulatorSeed
                + ", real time" + (duration == null ? "" : ", " + duration) + "; its log " + run.simulator.log());
        out.flush();
    }

    /** Summary lines until the simulator is done (then a drain) or, with --keep-running, until Ctrl-C. */
    private int watch(PrintWriter out) throws Exception {
        long nextLine = System.nanoTime() + SUMMARY_EVERY.toNanos();
        boolean announcedEnd = false;
        while (!stopped) {
            for (DemoJob job : run.jobs) {
                JobStatus status = job.status();
                if (status != null && status.isGloballyTerminalState()) {
                    out.println("job " + job.name() + " " + status + ": " + job.describe() + " (details in the log)");
                    out.flush();
                    return 1;
                }
            }
            if (run.simulator.finished() && !announcedEnd) {
                announcedEnd = true;
                out.println("simulator done (exit code " + run.simulator.exitCode() + "); letting the jobs finish what was sent ...");
                out.flush();
                drain(out);
                if (!keepRunning) {
                    return run.simulator.exitCode() == 0 ? 0 : 1;
                }
                out.println("--keep-running: the jobs and the stack keep running; Ctrl-C stops them");
                out.flush();
            }
            if (System.nanoTime() - nextLine >= 0) {
                nextLine += SUMMARY_EVERY.toNanos();
                out.println(run.summary.line(Duration.between(run.startedAt, Instant.now())));
                out.flush();
            }
            Thread.sleep(POLL.toMillis()); // polling job states and the clock, not synchronisation
        }
        return 0;
    }

    /**
     * After the simulator's last record: checkpoint rounds (every job in registration order, so a job's
     * committed output is there for the jobs after it) until a round changes nothing the summary reads and
     * ingestion has taken every record sent, or {@link #DRAIN_TIMEOUT}. No input arrives any more, so the
     * platform comes to rest; the final summary then shows everything the run produced. (The last minute
     * of event time stays open: no later event moves the watermark past it.)
     */
    private void drain(PrintWriter out) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        DemoSummary.Progress previous = null;
        while (System.nanoTime() < deadline && !stopped) {
            for (DemoJob job : run.jobs) {
                try {
                    job.checkpoint();
                } catch (Exception e) {
                    out.println("job " + job.name() + ": checkpoint failed while draining (" + e.getMessage() + ")");
                }
            }
            DemoSummary.Progress now = run.summary.progress();
            if (now != null && now.equals(previous) && now.caughtUp()) {
                return;
            }
            previous = now;
            Thread.sleep(POLL.toMillis()); // between rounds: the jobs after a checkpoint read what it committed
        }
        out.println("the jobs were still busy after " + DemoDurations.format(DRAIN_TIMEOUT) + "; the summary shows where they are");
    }

    private void stopOnSignal() {
        stop(spec.commandLine().getOut());
    }

    /**
     * Stops what the demo started, once: the simulator, a last checkpoint and cancel per job, the final
     * summary (the servers still answer), the cluster, then the servers the demo started.
     */
    private void stop(PrintWriter out) {
        synchronized (stopLock) {
            if (stopped || run == null) {
                stopped = true;
                return;
            }
            stopped = true;
            try {
                if (run.simulator != null) {
                    run.simulator.stop(Duration.ofSeconds(30));
                }
                Map<String, String> states = new LinkedHashMap<>();
                for (DemoJob job : run.jobs) {
                    states.put(job.name(), job.describe());
                }
                out.println("stopping: a last checkpoint per job ...");
                out.flush();
                for (DemoJob job : run.jobs) {
                    out.println("  " + job.stop());
                    out.flush();
                }
                if (run.summary != null) {
                    run.summary.full(Duration.between(run.startedAt, Instant.now()), states,
                            run.simulator == null ? null : run.simulator.report(),
                            run.simulator == null ? List.of() : run.simulator.closingSummary()).forEach(out::println);
                    out.flush();
                }
                if (run.cluster != null) {
                    run.cluster.close();
                }
            } catch (Exception e) {
                out.println("stopping the jobs: " + e);
            } finally {
                run.jobs.forEach(DemoJob::unregister);
            }
            try {
                if (!run.servers.owned().isEmpty()) {
                    boolean clean = run.servers.stop(out);
                    out.println(clean ? "demo stopped: jobs, cluster and the servers it started; data kept in "
                            + settings.dataDir() + " (./oversight down --purge deletes it)"
                            : "demo stopped, but a server did not stop: ./oversight down");
                } else {
                    out.println("demo stopped; the stack stays up (./oversight down stops it)");
                }
            } catch (Exception e) {
                out.println("stopping the servers: " + e + "; ./oversight down stops them");
            }
            out.flush();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs: it stops everything itself
        }
    }

    /** What one demo run holds, for the stop path. */
    private static final class DemoRun {
        final DemoServers servers;
        final Instant startedAt;
        final List<DemoJob> jobs = new ArrayList<>();
        DemoCluster cluster;
        DemoSimulator simulator;
        DemoSummary summary;

        DemoRun(DemoServers servers, Instant startedAt) {
            this.servers = servers;
            this.startedAt = startedAt;
        }
    }
}
