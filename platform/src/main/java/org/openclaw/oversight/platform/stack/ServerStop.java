package org.openclaw.oversight.platform.stack;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops one server process by PID, the way `down` does; used by `down` and by a failed `up`. */
final class ServerStop {

    private static final long GRACE_SECONDS = 30;

    private ServerStop() {}

    /**
     * SIGTERM (PostgreSQL: SIGINT, its "fast" shutdown that does not wait for clients), then SIGKILL after a
     * grace period. True when the process is gone.
     *
     * @param name a component name of {@link StackComponents} or a server's name ("PostgreSQL")
     */
    static boolean stop(String name, long pid) throws Exception {
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle == null) {
            return true;
        }
        if (StackComponents.POSTGRESQL.equalsIgnoreCase(name)) {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
        } else {
            handle.destroy();
        }
        try {
            handle.onExit().get(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            handle.destroyForcibly();
            handle.onExit().get(10, TimeUnit.SECONDS);
        }
        return !handle.isAlive();
    }
}
