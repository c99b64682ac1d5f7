package org.openclaw.oversight.platform.cluster;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Each process of the cluster (pid, up/down, resident memory), the slots and the jobs with their "
                + "last checkpoint. Exit code 1 when any process is down.")
public final class ClusterStatusCommand implements Callable<Integer> {

    @Mixin
    FlinkClusterSettings settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ClusterState state = ClusterState.load(settings.clusterDir());
        if (state == null) {
            out.println("No Flink cluster runs (no " + ClusterState.file(settings.clusterDir()) + "). Start one: ./oversight cluster up");
            return 1;
        }
        boolean allUp = true;
        for (ClusterState.Member member : state.members()) {
            boolean alive = member.alive();
            allUp &= alive;
            out.printf("%-14s %-5s pid %-7d rss %-9s log %s%n", member.name(), alive ? "up" : "DOWN", member.pid(),
                    alive ? ClusterUpCommand.rss(member.pid()) : "-", member.logFile());
        }
        FlinkRest rest = new FlinkRest("http://127.0.0.1:" + state.restPort());
        var overview = rest.overview();
        if (overview.isEmpty()) {
            out.println("REST API       DOWN  " + rest.baseUrl());
            return 1;
        }
        out.printf("REST API       up    %s  Flink %s, %d TaskManagers, %d of %d slots free%n", rest.baseUrl(),
                overview.get().flinkVersion(), overview.get().taskManagers(), overview.get().slotsAvailable(), overview.get().slotsTotal());
        for (FlinkRest.Job job : rest.jobs()) {
            String checkpoint = "";
            if (!job.state().equals("FINISHED") && !job.state().equals("CANCELED") && !job.state().equals("FAILED")) {
                FlinkRest.Checkpoints c = rest.checkpoints(job.id());
                checkpoint = "checkpoints " + c.completed() + " (failed " + c.failed() + "), restarts " + rest.restarts(job.id())
                        + (c.latestPath() == null ? "" : ", latest " + c.latestPath());
            }
            out.printf("job %-24s %-10s %s %s%n", job.name(), job.state(), job.id(), checkpoint);
        }
        return allUp ? 0 : 1;
    }
}
