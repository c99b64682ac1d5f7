package org.openclaw.oversight.platform;

import org.openclaw.oversight.platform.bench.BenchCommand;
import org.openclaw.oversight.platform.demo.DemoCommand;
import org.openclaw.oversight.platform.cluster.ClusterCommand;
import org.openclaw.oversight.platform.cluster.DeployCommand;
import org.openclaw.oversight.platform.policy.ChangeCommand;
import org.openclaw.oversight.platform.policy.PolicyCommand;
import org.openclaw.oversight.platform.dlq.DlqCommand;
import org.openclaw.oversight.platform.incident.IncidentGroupCommand;
import org.openclaw.oversight.platform.incident.IncidentsCommand;
import org.openclaw.oversight.platform.pii.PiiCommand;
import org.openclaw.oversight.platform.run.RunCommand;
import org.openclaw.oversight.platform.simulator.SimulateCommand;
import org.openclaw.oversight.platform.stack.DownCommand;
import org.openclaw.oversight.platform.stack.MigrateCommand;
import org.openclaw.oversight.platform.stack.StatusCommand;
import org.openclaw.oversight.platform.stack.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `oversight` command: the local stack, the simulator and (later) the jobs. */
@Command(
        name = "oversight",
        mixinStandardHelpOptions = true,
        versionProvider = OversightVersion.class,
        description = "OpenClaw Oversight: watch a fleet of LLM agents with Kafka, Flink, PostgreSQL and Alertmanager.",
        subcommands = {DemoCommand.class, UpCommand.class, StatusCommand.class, DownCommand.class, MigrateCommand.class,
                SimulateCommand.class, RunCommand.class, ClusterCommand.class, DeployCommand.class, PiiCommand.class,
                DlqCommand.class, PolicyCommand.class, ChangeCommand.class, IncidentsCommand.class, IncidentGroupCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class OversightCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new OversightCommand())
                .setExecutionExceptionHandler(new FriendlyErrors())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
