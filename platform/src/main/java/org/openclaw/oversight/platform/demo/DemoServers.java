package org.openclaw.oversight.platform.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.openclaw.oversight.platform.stack.DownCommand;
import org.openclaw.oversight.platform.stack.StackComponents;
import org.openclaw.oversight.platform.stack.StackState;

/**
 * Which servers of the stack belong to the demo: those `up` started for it, and those a demo before it
 * started and did not get to stop (it was killed): {@code <data dir>/demo/servers}, one name a line.
 * The demo stops exactly these when it ends; a stack that ran before the demo stays up for
 * `oversight down`.
 */
final class DemoServers {

    private final Path stateFile;
    private final Path marker;
    private final Set<String> owned = new LinkedHashSet<>();

    DemoServers(Path dataDir, Path stateFile) {
        this.stateFile = stateFile;
        this.marker = dataDir.resolve("demo").resolve("servers");
    }

    /** The servers running now (per the state file, with a live process). */
    static Set<String> running(StackState state) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : StackComponents.START_ORDER) {
            state.component(name).filter(c -> c.pid() != null && c.processAlive()).ifPresent(c -> names.add(name));
        }
        return names;
    }

    /** After `up`: the demo owns what was not running before it, and what a killed demo had started. */
    Set<String> claim(Set<String> runningBefore) throws IOException {
        Set<String> runningNow = running(StackState.load(stateFile));
        Set<String> inherited = new LinkedHashSet<>();
        if (Files.exists(marker)) {
            inherited.addAll(Files.readAllLines(marker, StandardCharsets.UTF_8));
        }
        for (String name : runningNow) {
            if (!runningBefore.contains(name) || inherited.contains(name)) {
                owned.add(name);
            }
        }
        Files.createDirectories(marker.getParent());
        Files.write(marker, owned, StandardCharsets.UTF_8);
        return Set.copyOf(owned);
    }

    Set<String> owned() {
        return Set.copyOf(owned);
    }

    /** Stops the servers the demo owns (newest first); false if one could not be stopped. */
    boolean stop(PrintWriter out) throws Exception {
        StackState state = StackState.load(stateFile);
        boolean clean = DownCommand.stopServers(state, owned, out);
        if (clean) {
            Files.deleteIfExists(marker);
            if (state.isEmpty()) {
                state.delete();
            }
        }
        return clean;
    }
}
