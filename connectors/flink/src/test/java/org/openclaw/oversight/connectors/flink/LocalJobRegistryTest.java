package org.openclaw.oversight.connectors.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's life cycle in one process; two processes and stale pids are covered by LocalRunsITCase (platform). */
class LocalJobRegistryTest {

    @TempDir
    Path dir;

    @Test
    void aClaimIsListedUpdatedAndRemovedOnClose() {
        LocalJobRegistry registry = new LocalJobRegistry(dir);
        LocalJobRegistry.Registration registration = registry.claim("ingestion", "/data/checkpoints/ingestion");
        long pid = ProcessHandle.current().pid();
        assertThat(dir.resolve("ingestion-" + pid + ".json")).exists();

        registration.update("http://127.0.0.1:8083", 9250, "0123456789abcdef0123456789abcdef");
        assertThat(new LocalJobRegistry(dir).running()).singleElement().satisfies(entry -> {
            assertThat(entry.pid()).isEqualTo(pid);
            assertThat(entry.job()).isEqualTo("ingestion");
            assertThat(entry.webUi()).isEqualTo("http://127.0.0.1:8083");
            assertThat(entry.metricsPort()).isEqualTo(9250);
            assertThat(entry.checkpointDir()).isEqualTo("/data/checkpoints/ingestion");
        });

        registration.close();
        assertThat(dir.resolve("ingestion-" + pid + ".json")).doesNotExist();
    }

    @Test
    void entriesOfProcessesThatAreGoneAreDeletedWhenRead() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = dir.resolve("cost-aggregation-" + gone.pid() + ".json");
        Files.writeString(stale, "{\"pid\":" + gone.pid() + ",\"job\":\"cost-aggregation\",\"started\":\"2026-01-10T10:00:00Z\"}");

        assertThat(new LocalJobRegistry(dir).running()).isEmpty();
        assertThat(stale).doesNotExist();
    }

    @Test
    void theWholeCommandLineIsRead() {
        // the JDK's ProcessHandle.Info stops at 4096 characters, before a JVM's main class
        String line = LocalJobRegistry.commandLine(ProcessHandle.current()).orElseThrow();
        assertThat(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
                .allSatisfy(arg -> assertThat(line).contains(arg));
    }
}
