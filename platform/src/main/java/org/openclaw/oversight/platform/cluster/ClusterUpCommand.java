package org.openclaw.oversight.platform.cluster;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.openclaw.oversight.localstack.ResidentMemory;
import org.openclaw.oversight.localstack.ServerProcess;
import org.openclaw.oversight.platform.UserFacingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the JobManager and the TaskManagers (each its own process, in a session of its own: they "
                + "outlive this command until `oversight cluster down`). Safe to run twice.")
public final class ClusterUpCommand implements Callable<Integer> {

    @Mixin
    FlinkClusterSettings settings;

    @Option(names = "--task-managers", defaultValue = "2", description = "How many TaskManagers (default: ${DEFAULT-VALUE}), "
            + FlinkCluster.SLOTS_PER_TASK_MANAGER + " slots each.")
    int taskManagers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ClusterState existing = ClusterState.load(settings.clusterDir());
        if (existing != null && existing.members().stream().anyMatch(ClusterState.Member::alive)) {
            out.println("The Flink cluster already runs (" + settings.clusterDir() + "): ./oversight cluster status");
            return 0;
        }
        int mark = ServerProcess.launchMark();
        long started = System.nanoTime();
        try {
            FlinkCluster cluster = FlinkCluster.at(settings.clusterDir(), settings.ports()).prepare();
            ClusterState state = new ClusterState(settings.restPort, settings.rpcPort, settings.metricsPorts, java.util.List.of());
            ServerProcess jobManager = cluster.startJobManager(Duration.ofSeconds(120));
            state = state.with(member("jobmanager", jobManager));
            state.save(settings.clusterDir());
            out.printf("%-14s pid %-7d %s  (%.1f s)%n", "jobmanager", jobManager.pid(), settings.restUrl(),
                    jobManager.startDuration().toMillis() / 1000.0);
            for (int i = 1; i <= taskManagers; i++) {
                ServerProcess taskManager = cluster.startTaskManager("taskmanager-" + i, i, Duration.ofSeconds(120));
                state = state.with(member("taskmanager-" + i, taskManager));
                state.save(settings.clusterDir());
                out.printf("%-14s pid %-7d %d slots  (%.1f s)%n", "taskmanager-" + i, taskManager.pid(),
                        FlinkCluster.SLOTS_PER_TASK_MANAGER, taskManager.startDuration().toMillis() / 1000.0);
            }
            out.printf("Flink cluster up in %.1f s: web UI and REST %s, checkpoints %s, savepoints %s, logs %s%n",
                    (System.nanoTime() - started) / 1e9, settings.restUrl(), cluster.checkpointDir(), cluster.savepointDir(),
                    cluster.dir().resolve("logs"));
            out.println("Next: ./oversight deploy ingestion (and cost-aggregation); ./oversight cluster status; ./oversight cluster down");
            return 0;
        } catch (RuntimeException e) {
            for (ServerProcess process : ServerProcess.launchedSince(mark)) {
                process.stop(Duration.ofSeconds(20));
            }
            ClusterState.delete(settings.clusterDir());
            throw new UserFacingException("the Flink cluster did not start: " + e.getMessage() + " (what it had started was stopped)",
                    "read the logs under " + settings.clusterDir().resolve("logs"), e);
        }
    }

    static ClusterState.Member member(String name, ServerProcess process) {
        return new ClusterState.Member(name, process.pid(), process.logFile().toString(), System.currentTimeMillis());
    }

    static String rss(long pid) {
        long bytes = ResidentMemory.of(pid);
        return bytes < 0 ? "?" : (bytes >> 20) + " MiB";
    }
}
