package org.openclaw.oversight.platform.cluster;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `oversight cluster up|status|down`: a Flink standalone session cluster of separate processes on this machine. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "A Flink standalone session cluster on 127.0.0.1: one JobManager and two TaskManagers, each its own "
                + "JVM on a Flink distribution's classpath, checkpoints and savepoints under <data-dir>/flink-cluster/. "
                + "Submit jobs to it with `oversight deploy JOB`.",
        subcommands = {ClusterUpCommand.class, ClusterStatusCommand.class, ClusterDownCommand.class})
public final class ClusterCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
