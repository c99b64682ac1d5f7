package org.openclaw.oversight.localstack;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Servers started by this JVM for tests, stopped by a shutdown hook if nothing else stopped them first,
 * so no broker or database outlives a test JVM that is interrupted or exits early.
 */
final class RunningServers {

    private static final Set<AutoCloseable> RUNNING = new LinkedHashSet<>();
    private static boolean hookInstalled;

    private RunningServers() {}

    static synchronized void add(AutoCloseable server) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(RunningServers::stopAll, "oversight-localstack-stop"));
            hookInstalled = true;
        }
        RUNNING.add(server);
    }

    static synchronized void remove(AutoCloseable server) {
        RUNNING.remove(server);
    }

    private static void stopAll() {
        List<AutoCloseable> servers;
        synchronized (RunningServers.class) {
            servers = new ArrayList<>(RUNNING);
            RUNNING.clear();
        }
        // newest first: a server may depend on one started before it
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (Exception e) {
                System.err.println("oversight localstack: could not stop " + servers.get(i) + ": " + e);
            }
        }
    }
}
