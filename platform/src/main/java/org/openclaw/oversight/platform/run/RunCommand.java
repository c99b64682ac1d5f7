package org.openclaw.oversight.platform.run;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.openclaw.oversight.config.LocalAddresses;
import org.openclaw.oversight.connectors.flink.JobBootstrap;
import org.openclaw.oversight.connectors.flink.JobContext;
import org.openclaw.oversight.connectors.flink.OversightJob;
import org.openclaw.oversight.anomaly.AnomalyDetectionJob;
import org.openclaw.oversight.cost.CostAggregationJob;
import org.openclaw.oversight.incident.IncidentResponseJob;
import org.openclaw.oversight.enforcement.PolicyEnforcementJob;
import org.openclaw.oversight.ingestion.IngestionJob;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.platform.stack.StackComponents;
import org.openclaw.oversight.platform.stack.StackSettings;
import org.openclaw.oversight.platform.stack.StackState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs one job on an in-process Flink MiniCluster against the local stack: the same {@code main} a
 * FlinkDeployment runs, given {@code --local} and the stack's addresses from {@code stack.json}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a job on a local Flink MiniCluster against the stack of `oversight up` "
                + "(web UI on 127.0.0.1:8082 or the next free port). Checkpoints are kept in "
                + "<data dir>/checkpoints/JOB and a start resumes from the latest one; the log is "
                + "<data dir>/logs/JOB.log. Extra options go to the job (e.g. --fresh, --from-savepoint PATH, "
                + "--from-beginning, --parallelism 2).")
public final class RunCommand implements Callable<Integer> {

    /**
     * How a job is made from its context: its {@code from}, the factory its one-line {@code main} hands to
     * {@link JobBootstrap}. `oversight run` runs it as {@code main} does; `oversight demo` defines every
     * one of them and runs them together on one MiniCluster.
     */
    @FunctionalInterface
    public interface JobFactory extends Function<JobContext, OversightJob<?, ?>> {}

    /**
     * Job name (its {@code JOB}) -> factory; a new job adds one line here,
     * {@code JOBS.put(<Name>Job.JOB, <Name>Job::from)}, and a dependency in platform/pom.xml: then both
     * `oversight run <job>` and `oversight demo` know it.
     */
    static final Map<String, JobFactory> JOBS = new LinkedHashMap<>();

    static {
        JOBS.put(IngestionJob.JOB, IngestionJob::from);
        JOBS.put(CostAggregationJob.JOB, CostAggregationJob::from);
        JOBS.put(AnomalyDetectionJob.JOB, AnomalyDetectionJob::from);
        JOBS.put(PolicyEnforcementJob.JOB, PolicyEnforcementJob::from);
        JOBS.put(IncidentResponseJob.JOB, IncidentResponseJob::from);
    }

    /** Every registered job, in registration order (the order `oversight demo` starts them in). */
    public static Map<String, JobFactory> jobs() {
        return Collections.unmodifiableMap(JOBS);
    }

    @Parameters(index = "0", paramLabel = "JOB", description = "One of: ${COMPLETION-CANDIDATES}",
            completionCandidates = JobNames.class)
    String job;

    @Unmatched
    List<String> jobArgs = new ArrayList<>();

    @Mixin
    StackSettings settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        JobFactory factory = JOBS.get(job);
        if (factory == null) {
            throw new UserFacingException("unknown job '" + job + "'", "choose one of " + JOBS.keySet());
        }
        List<String> args = new ArrayList<>(stackArguments(settings));
        args.addAll(localRunArguments(settings.dataDir(), job));
        args.addAll(jobArgs); // later options win in JobOptions.parse
        Path logFile = JobLogFile.of(settings.dataDir(), job);
        JobLogFile.configure(logFile);
        PrintWriter out = spec.commandLine().getOut();
        out.println("oversight run " + job + ": a local MiniCluster; log " + logFile + "; checkpoints "
                + checkpointDir(settings.dataDir(), job) + " (Ctrl-C takes a last checkpoint and stops; the next run resumes from it)");
        out.flush();
        JobBootstrap.run(args.toArray(String[]::new), factory); // what the job's main does
        return 0;
    }

    /** The job options that point a job at the local stack of {@code stack.json}; fails when it is not up. */
    public static List<String> stackArguments(StackSettings settings) {
        StackState state = StackState.load(settings.stateFile());
        String kafka = state.component(StackComponents.KAFKA).map(StackState.Component::address).orElse(null);
        String registry = state.component(StackComponents.SCHEMA_REGISTRY).map(StackState.Component::address)
                .orElse(null);
        if (kafka == null || registry == null || state.jdbcUrl() == null) {
            throw new UserFacingException("the local stack is not running (no " + settings.stateFile() + ")",
                    "start it with ./oversight up");
        }
        List<String> args = new ArrayList<>(List.of("--local",
                "--bootstrap-servers", kafka, "--registry-url", registry,
                "--db-url", state.jdbcUrl(), "--db-user", state.dbUser(),
                "--db-password", state.dbPassword() == null ? "" : state.dbPassword(),
                "--config-dir", settings.configDir().toString()));
        state.component(StackComponents.ALERTMANAGER)
                .ifPresent(am -> args.addAll(List.of("--alertmanager-url", am.address())));
        return args;
    }

    /**
     * Where a local run keeps its state and registers itself. The web UI (8082, DESIGN §8) and metrics
     * (9249) ports are ranges the job binds the first free port of, so runs started together never
     * race for one port; the job prints the ones it got.
     */
    public static List<String> localRunArguments(Path dataDir, String job) {
        List<String> args = new ArrayList<>(List.of(
                "--checkpoint-dir", checkpointDir(dataDir, job).toString(),
                "--jobs-dir", jobsDir(dataDir).toString(),
                "--web-ui-port", Integer.toString(LocalAddresses.WEB_UI_PORT)));
        // the local stack's keys, which `oversight up` creates
        args.addAll(List.of("--dlq-key-file", LocalKeys.file(dataDir, SecretKind.DLQ_KEY).toString()));
        args.addAll(List.of("--pii-key-file", LocalKeys.file(dataDir, SecretKind.PII_KEY).toString()));
        return args;
    }

    public static Path checkpointDir(Path dataDir, String job) {
        return dataDir.resolve("checkpoints").resolve(job);
    }

    public static Path jobsDir(Path dataDir) {
        return dataDir.resolve("jobs");
    }

    static final class JobNames extends ArrayList<String> {
        JobNames() {
            super(JOBS.keySet());
        }
    }
}
