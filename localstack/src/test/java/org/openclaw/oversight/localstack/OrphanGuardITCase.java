package org.openclaw.oversight.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server started for tests dies with its JVM even when that JVM is killed with SIGKILL or by Ctrl-C. */
class OrphanGuardITCase {

    /** Runs in a child JVM: starts Alertmanager with the guard on, prints its PID, then waits to be killed. */
    public static void main(String[] args) throws Exception {
        OrphanGuard.enable();
        LocalAlertmanager alertmanager = LocalAlertmanager.start(Path.of(args[0]), 0, null);
        System.out.println("PID " + alertmanager.pid());
        System.out.flush();
        System.in.read();
    }

    @Test
    void serverDiesWhenItsJvmIsKilled(@TempDir Path dataDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                OrphanGuardITCase.class.getName(), dataDir.toString()))
                .redirectErrorStream(true).start();
        long serverPid = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("PID ")) {
                    serverPid = Long.parseLong(line.substring(4).trim());
                    break;
                }
            }
            assertThat(serverPid).as("the child JVM reported the server's PID").isPositive();
            ProcessAssertions.assertRunning(serverPid);

            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();

            Optional<ProcessHandle> server = ProcessHandle.of(serverPid);
            if (server.isPresent()) {
                try {
                    server.get().onExit().get(30, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // asserted below with the PID in the message
                }
            }
            assertThat(isAlive(serverPid)).as("server %d outlived its killed JVM", serverPid).isFalse();
        } finally {
            jvm.destroyForcibly();
            if (serverPid > 0) {
                ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /**
     * A benchmark stopped with Ctrl-C: the terminal signals the JVM's whole process group. The server runs in
     * a session of its own, so the signal cannot stop it; the guard, in its own session too, must.
     */
    @Test
    void serverDiesWhenItsJvmsProcessGroupGetsCtrlC(@TempDir Path dataDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // setsid: a fresh process group, as a terminal gives each command; it execs, so pgid = the JVM's pid
        Process jvm = new ProcessBuilder(List.of("setsid", java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                OrphanGuardITCase.class.getName(), dataDir.toString()))
                .redirectErrorStream(true).start();
        long serverPid = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("PID ")) {
                    serverPid = Long.parseLong(line.substring(4).trim());
                    break;
                }
            }
            assertThat(serverPid).as("the child JVM reported the server's PID").isPositive();
            ProcessAssertions.assertRunning(serverPid);

            Process ctrlC = new ProcessBuilder("kill", "-INT", "--", "-" + jvm.pid()).inheritIO().start();
            assertThat(ctrlC.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).as("the JVM stops on Ctrl-C").isTrue();

            Optional<ProcessHandle> server = ProcessHandle.of(serverPid);
            if (server.isPresent()) {
                try {
                    server.get().onExit().get(30, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // asserted below with the PID in the message
                }
            }
            assertThat(isAlive(serverPid)).as("server %d outlived its JVM's Ctrl-C", serverPid).isFalse();
        } finally {
            jvm.destroyForcibly();
            if (serverPid > 0) {
                ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
