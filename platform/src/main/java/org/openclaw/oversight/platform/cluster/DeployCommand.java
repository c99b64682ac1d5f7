package org.openclaw.oversight.platform.cluster;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.openclaw.oversight.config.LocalAddresses;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.platform.stack.StackComponents;
import org.openclaw.oversight.platform.stack.StackState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `oversight deploy JOB [--upgrade]`: the job's shaded jar onto the cluster of `oversight cluster up`. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Submit a job's jar (jobs/<job>/target/oversight-job-<job>-*-job.jar) to the Flink cluster of "
                + "`oversight cluster up` through its REST API, with the program arguments of the job's FlinkDeployment, "
                + "pointed at the local stack. --upgrade stops the running job with a savepoint and starts the (new) jar "
                + "from it; --from-savepoint PATH starts from a given savepoint (a rollback: the old jar with the savepoint "
                + "an upgrade printed).")
public final class DeployCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The job: ingestion, cost-aggregation, ...")
    String job;

    @Option(names = "--upgrade", description = "Stop the running job with a savepoint, then start the jar from it.")
    boolean upgrade;

    @Option(names = "--jar", description = "The jar to submit (default: the build's jobs/<job>/target/oversight-job-<job>-*-job.jar).")
    Path jar;

    @Option(names = "--from-savepoint", description = "Start from this savepoint (or retained checkpoint).")
    String fromSavepoint;

    @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Mixin
    FlinkClusterSettings settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ClusterState cluster = ClusterState.load(settings.clusterDir());
        if (cluster == null) {
            throw new UserFacingException("no Flink cluster runs (no " + ClusterState.file(settings.clusterDir()) + ")",
                    "start one: ./oversight cluster up");
        }
        if (upgrade && fromSavepoint != null) {
            throw new UserFacingException("--upgrade and --from-savepoint exclude each other",
                    "--upgrade takes its own savepoint; use --from-savepoint alone to start from an older one");
        }
        Path jobJar = jar != null ? jar.toAbsolutePath() : JobDeployment.jobJar(settings.home(), job);
        JobDeployment deployment = new JobDeployment(new FlinkRest("http://127.0.0.1:" + cluster.restPort()));
        var running = deployment.running(job);
        String savepoint = fromSavepoint;
        if (upgrade) {
            if (running.isEmpty()) {
                throw new UserFacingException("no running " + JobDeployment.flinkJobName(job) + " to upgrade",
                        "deploy it without --upgrade: ./oversight deploy " + job);
            }
            out.println("stopping " + JobDeployment.flinkJobName(job) + " (" + running.get().id() + ") with a savepoint ...");
            out.flush();
            savepoint = deployment.stopWithSavepoint(job, settings.clusterDir().resolve("savepoints").resolve(job), Duration.ofMinutes(5));
            out.println("savepoint " + savepoint + " (roll back: ./oversight deploy " + job + " --jar OLD.jar --from-savepoint " + savepoint + ")");
        } else if (running.isPresent()) {
            throw new UserFacingException(JobDeployment.flinkJobName(job) + " already runs (" + running.get().id() + ")",
                    "to replace it with a new jar and keep its state: ./oversight deploy " + job + " --upgrade");
        }
        List<String> args = stackArguments();
        out.println("submitting " + jobJar.getFileName() + " to " + "http://127.0.0.1:" + cluster.restPort() + " ...");
        out.flush();
        JobDeployment.Deployed deployed = deployment.start(jobJar, args, parallelism, savepoint, Duration.ofMinutes(3));
        out.println(JobDeployment.flinkJobName(job) + " RUNNING: job " + deployed.jobId() + ", " + deployed.entryClass()
                + (savepoint == null ? ", empty state (committed offsets)" : ", restored from " + savepoint)
                + "; web UI http://127.0.0.1:" + cluster.restPort() + "/#/job/running/" + deployed.jobId() + "/overview");
        return 0;
    }

    private List<String> stackArguments() {
        StackState state = StackState.load(settings.stackDataDir().resolve("stack.json"));
        String kafka = state.component(StackComponents.KAFKA).map(StackState.Component::address).orElse(null);
        String registry = state.component(StackComponents.SCHEMA_REGISTRY).map(StackState.Component::address).orElse(null);
        if (kafka == null || registry == null || state.jdbcUrl() == null) {
            throw new UserFacingException("the local stack is not running (no " + settings.stackDataDir().resolve("stack.json") + ")",
                    "start it with ./oversight up (same --data-dir)");
        }
        String alertmanager = state.component(StackComponents.ALERTMANAGER).map(StackState.Component::address)
                .orElse(LocalAddresses.ALERTMANAGER_URL);
        return ClusterJobArguments.of(kafka, registry, state.jdbcUrl(), alertmanager, settings.home().resolve("config"),
                settings.stackDataDir());
    }
}
