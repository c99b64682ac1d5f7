package org.openclaw.oversight.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.platform.stack.StackComponents;
import org.openclaw.oversight.platform.stack.StackState;

/** Which servers a demo stops when it ends: those it started, and those a killed demo before it started. */
class DemoServersTest {

    @TempDir
    Path data;

    /** A live process stands in for a server: this JVM. */
    private static final long LIVE_PID = ProcessHandle.current().pid();

    private Path stateWith(String... names) {
        Path file = data.resolve("stack.json");
        StackState state = StackState.load(file);
        for (String name : names) {
            state.put(new StackState.Component(name, LIVE_PID, "127.0.0.1:1", null, 0, -1));
        }
        return file;
    }

    @Test
    void ownsWhatWasNotRunningBeforeItsUpAndNothingOfAStackThatRanBefore() throws Exception {
        Path file = stateWith(StackComponents.KAFKA, StackComponents.POSTGRESQL);

        assertThat(new DemoServers(data, file).claim(Set.of(StackComponents.KAFKA)))
                .containsExactly(StackComponents.POSTGRESQL);
        assertThat(new DemoServers(data.resolve("other"), file)
                .claim(Set.of(StackComponents.KAFKA, StackComponents.POSTGRESQL))).isEmpty();
    }

    @Test
    void aDemoAfterAKilledOneOwnsTheServersTheKilledOneStarted() throws Exception {
        Path file = stateWith(StackComponents.KAFKA, StackComponents.ALERTMANAGER);
        new DemoServers(data, file).claim(Set.of()); // the first demo started both, then was killed (no stop)

        // the next demo finds both running before its `up`, and still owns them
        assertThat(new DemoServers(data, file).claim(Set.of(StackComponents.KAFKA, StackComponents.ALERTMANAGER)))
                .containsExactlyInAnyOrder(StackComponents.KAFKA, StackComponents.ALERTMANAGER);
    }

    @Test
    void runningIgnoresExternalAndDeadComponents() {
        Path file = data.resolve("stack.json");
        StackState state = StackState.load(file);
        state.put(new StackState.Component(StackComponents.POSTGRESQL, null, "jdbc:postgresql://db:5432/o", null, 0, -1));
        state.put(new StackState.Component(StackComponents.KAFKA, LIVE_PID, "127.0.0.1:1", null, 0, -1));
        state.put(new StackState.Component(StackComponents.ALERTMANAGER, Long.MAX_VALUE, "http://127.0.0.1:2", null, 0, -1));

        assertThat(DemoServers.running(StackState.load(file))).containsExactly(StackComponents.KAFKA);
    }
}
