package org.openclaw.oversight.platform.cluster;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the processes `oversight cluster up` started (TaskManagers first, then the JobManager), by PID. "
                + "Running jobs stop with them; their retained checkpoints and savepoints stay on disk.")
public final class ClusterDownCommand implements Callable<Integer> {

    @Mixin
    FlinkClusterSettings settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ClusterState state = ClusterState.load(settings.clusterDir());
        if (state == null) {
            out.println("No Flink cluster to stop (no " + ClusterState.file(settings.clusterDir()) + ").");
            return 0;
        }
        List<ClusterState.Member> members = new java.util.ArrayList<>(state.members());
        java.util.Collections.reverse(members); // TaskManagers before the JobManager
        for (ClusterState.Member member : members) {
            if (!member.alive()) { // gone, or its PID now belongs to another process: never signal that one
                out.printf("%-14s was not running%n", member.name());
                continue;
            }
            out.printf("%-14s %s%n", member.name(), stop(member.pid()) ? "stopped" : "still running (pid " + member.pid() + ")");
        }
        ClusterState.delete(settings.clusterDir());
        out.println("Checkpoints and savepoints are kept in " + settings.clusterDir());
        return 0;
    }

    static boolean stop(long pid) throws Exception {
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle == null) {
            return true;
        }
        handle.destroy();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            handle.destroyForcibly();
            handle.onExit().get(10, TimeUnit.SECONDS);
        }
        return !handle.isAlive();
    }
}
