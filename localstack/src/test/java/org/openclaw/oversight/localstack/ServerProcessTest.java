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
            long self = ProcessHandle.current().pid();
            assertThatThrownBy(() -> Ports.resolve("Kafka broker", port))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("Kafka broker: port " + port + " is already in use by pid " + self + " (java)"
                            + " — stop it or choose another port")
                    .satisfies(e -> assertThat(((PortInUseException) e).holder()).contains("pid " + self + " (java)"));
        }
        assertThat(PortHolder.pid(port)).isEmpty();
    }

    @Test
    void aServerRunsInASessionOfItsOwnUnderThePidWeHold(@TempDir Path dir) throws Exception {
        int mark = ServerProcess.launchMark();
        ServerProcess process = ServerProcess.launch("sleeper", List.of("/bin/sleep", "60"), dir,
                dir.resolve("s.log"), Map.of());
        try {
            long pid = process.pid();
            // the PID becomes the server's own once setsid has exec'd it, so `down` and stop() signal the right process
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!commandOf(pid).endsWith("sleep") && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000); // poll interval
            }
            assertThat(commandOf(pid)).endsWith("sleep");
            assertThat(process.isAlive()).isTrue();
            // a session leader: a Ctrl-C to the terminal's process group that started it cannot reach it
            assertThat(sessionOf(pid)).isEqualTo(pid);
            assertThat(processGroupOf(pid)).isNotEqualTo(processGroupOf(ProcessHandle.current().pid()));
            assertThat(ServerProcess.launchedSince(mark)).containsExactly(process);
        } finally {
            process.stop(Duration.ofSeconds(5));
        }
        assertThat(ServerProcess.launchedSince(mark)).isEmpty();
    }

    private static String commandOf(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().command()).orElse("");
    }

    /** Fields 5 and 6 of /proc/PID/stat (after the parenthesised name, which may contain spaces). */
    private static long[] groupAndSession(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[2]), Long.parseLong(fields[3])};
    }

    private static long processGroupOf(long pid) throws Exception {
        return groupAndSession(pid)[0];
    }

    private static long sessionOf(long pid) throws Exception {
        return groupAndSession(pid)[1];
    }
}
