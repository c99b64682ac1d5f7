package org.openclaw.oversight.localstack;

import java.io.IOException;
import java.util.List;

/**
 * Makes server processes die with the JVM that started them, even when that JVM is killed with SIGKILL
 * (a surefire timeout, a cancelled CI job) and its shutdown hooks never run. For each server a tiny
 * {@code sh} loop watches both PIDs; when the JVM is gone it sends SIGTERM, then SIGKILL after a grace
 * period. Enabled by the JUnit extension only: servers of {@code oversight up} must outlive the CLI.
 */
final class OrphanGuard {

    private static volatile boolean enabled;

    private OrphanGuard() {}

    static void enable() {
        enabled = true;
    }

    static boolean isEnabled() {
        return enabled;
    }

    /** Starts a watcher for {@code serverPid} when enabled; best effort, a failure only loses the backstop. */
    static void watch(long serverPid) {
        if (!enabled) {
            return;
        }
        long jvm = ProcessHandle.current().pid();
        String script = "while kill -0 " + jvm + " 2>/dev/null && kill -0 " + serverPid + " 2>/dev/null;"
                + " do sleep 2; done;"
                + " if kill -0 " + serverPid + " 2>/dev/null; then kill -TERM " + serverPid + ";"
                + " for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do kill -0 " + serverPid + " 2>/dev/null || exit 0;"
                + " sleep 1; done; kill -KILL " + serverPid + "; fi";
        try {
            // in its own session like the server: a Ctrl-C to the JVM's process group must not kill the guard
            new ProcessBuilder(ServerProcess.inOwnSession(List.of("/bin/sh", "-c", script)))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            System.err.println("oversight localstack: no orphan guard for pid " + serverPid + ": " + e.getMessage());
        }
    }
}
