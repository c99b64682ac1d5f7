package org.openclaw.oversight.localstack;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks shared by the server tests: after close the process is gone and the port can be bound. */
final class ProcessAssertions {

    private ProcessAssertions() {}

    static void assertStopped(long pid, int... ports) {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("process %d is gone", pid).isFalse();
        for (int port : ports) {
            assertThat(Ports.isFree(port)).as("port %d is free", port).isTrue();
        }
    }

    static void assertRunning(long pid) {
        assertThat(pid).isPositive();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("process %d is alive", pid).isTrue();
    }
}
