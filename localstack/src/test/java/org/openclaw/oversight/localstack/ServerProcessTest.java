package org.openclaw.oversight.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessTest {

    @Test
    void deadlineStopsTheProcessAndNamesTheLog(@TempDir Path dir) {
        Path log = dir.resolve("slow.log");
        ServerProcess process = ServerProcess.launch("slow server",
                List.of("/bin/sh", "-c", "echo warming up; exec sleep 60"), dir, log, Map.of());
        long pid = process.pid();

        assertThatThrownBy(() -> process.awaitReady(Duration.ofSeconds(1), () -> false, "give it more time"))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("slow server did not become ready within 1 s")
                .hasMessageContaining("Log: " + log)
                .hasMessageContaining("warming up")
                .hasMessageContaining("What to do: give it more time");
        assertThat(process.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void processThatDiesEarlyFailsFastWithItsExitCode(@TempDir Path dir) {
        Path log = dir.resolve("crash.log");
        ServerProcess process = ServerProcess.launch("crashing server",
                List.of("/bin/sh", "-c", "echo bad config line 3 >&2; exit 3"), dir, log, Map.of());
        long started = System.nanoTime();

        assertThatThrownBy(() -> process.awaitReady(Duration.ofSeconds(60), () -> false, "fix the config"))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("exited with code 3 before it was ready")
                .hasMessageContaining("bad config line 3");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void readinessRecordsTheStartDuration(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ready");
        ServerProcess process = ServerProcess.launch("marker server",
                List.of("/bin/sh", "-c", "touch " + marker + "; exec sleep 60"), dir, dir.resolve("m.log"), Map.of());
        try {
            process.awaitReady(Duration.ofSeconds(30), () -> Files.exists(marker), "");
            assertThat(process.startDuration()).isPositive();
            assertThat(ResidentMemory.of(process.pid())).isPositive();
        } finally {
            process.stop(Duration.ofSeconds(5));
        }
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void freePortsAreFreeAndTakenOnesAreNot() throws Exception {
        int port = Ports.pickFree();
        assertThat(Ports.isFree(port)).isTrue();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThat(Ports.isFree(port)).isFalse();
            assertThat(Ports.isListening(port)).isTrue();
            assertThatThrownBy(() -> Ports.resolve("Kafka broker", port))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("Kafka broker: port " + port + " is already in use (by another oversight stack?)"
                            + " — stop it or choose another port");
        }
    }
}
