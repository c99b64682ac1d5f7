package org.openclaw.oversight.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.platform.OversightCommand;

/** How the demo sets up its cluster, its simulator call and its memory readings, without servers. */
class DemoSetupTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theClusterHasASlotPerJobAndSubtaskAndBindsLoopbackOnly() {
        Configuration conf = DemoCluster.configuration(5, 2);

        assertThat(conf.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(10);
        assertThat(conf.get(RestOptions.BIND_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(conf.get(JobManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
        assertThat(conf.get(TaskManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
        assertThat(conf.get(RestOptions.BIND_PORT)).isEqualTo("8082-8181");
        assertThat(conf.get(TaskManagerOptions.MANAGED_MEMORY_SIZE)).isEqualTo(DemoCluster.MANAGED_MEMORY);
        assertThat(conf.get(TaskManagerOptions.NETWORK_MEMORY_MAX)).isEqualTo(DemoCluster.NETWORK_MEMORY);
        assertThat(DemoCluster.slots(0, 1)).isEqualTo(1);
    }

    /** The call is the simulator's real command line: its own parser accepts it (a dry run, no Kafka). */
    @Test
    void theSimulatorCallIsOneTheSimulateCommandAccepts() {
        Path report = dir.resolve("report.json");
        List<String> args = new ArrayList<>(DemoSimulator.arguments("127.0.0.1:1", "http://127.0.0.1:2",
                REPO.resolve("config"), null, "5s", 7, report));
        boolean hasHistory = OversightCommand.commandLine().getSubcommands().get("simulate").getCommandSpec()
                .findOption("--history") != null;
        assertThat(args.contains("--history")).as("--history passed exactly when the simulator has it").isEqualTo(hasHistory);
        assertThat(args).containsSubsequence("--seed", "7").containsSubsequence("--duration", "5s");

        args.add("--dry-run");
        StringWriter err = new StringWriter();
        int exitCode = OversightCommand.commandLine().setErr(new PrintWriter(err)).execute(args.toArray(String[]::new));

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(report).exists();
    }

    @Test
    void memoryOfThisJvmIsReadFromProc() {
        ProcessMemory memory = new ProcessMemory();
        memory.watch("test JVM", ProcessHandle.current().pid(), false);
        memory.watch("test JVM tree", ProcessHandle.current().pid(), true);

        List<ProcessMemory.Usage> usages = memory.sample();

        assertThat(usages).hasSize(2);
        for (ProcessMemory.Usage usage : usages) {
            assertThat(usage.residentBytes()).isPositive();
            assertThat(usage.peakBytes()).isGreaterThanOrEqualTo(usage.residentBytes());
        }
    }
}
