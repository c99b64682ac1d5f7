package org.openclaw.oversight.platform.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `down` signals only the process it started: a PID that another process got since is left alone. */
class ProcessIdentityTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void theRecordedStartTimeIdentifiesTheProcessAndALaterProcessOnTheSamePidIsNotIt() {
        long started = ProcessIdentity.startedAt(SELF);
        assertThat(started).isPositive();
        assertThat(ProcessIdentity.isRecordedProcess(SELF, started)).isTrue();
        assertThat(ProcessIdentity.isRecordedProcess(SELF, started - 3_600_000)).as("recorded an hour before: another process").isFalse();
        assertThat(ProcessIdentity.isRecordedProcess(SELF, 0)).as("no start time recorded: the PID is trusted").isTrue();
    }

    @Test
    void aComponentRecordsItsProcessesStartAndAStateFileOfAnOlderBuildStillLoads(@TempDir Path dir) throws Exception {
        StackState.Component recorded = new StackState.Component("kafka", SELF, "127.0.0.1:1", null, 10, 1);
        assertThat(recorded.processStartedAtMillis()).isEqualTo(ProcessIdentity.startedAt(SELF));
        assertThat(recorded.processAlive()).isTrue();
        StackState.Component reused = new StackState.Component("kafka", SELF, "127.0.0.1:1", null, 10, 1,
                recorded.processStartedAtMillis() - 86_400_000);
        assertThat(reused.processAlive()).as("the PID now belongs to a process started a day later").isFalse();

        Path file = dir.resolve("stack.json");
        Files.writeString(file, "{\"components\":[{\"name\":\"kafka\",\"pid\":" + SELF + ",\"address\":\"127.0.0.1:1\","
                + "\"logFile\":null,\"startMillis\":10,\"rssBytes\":1}],\"jdbcUrl\":null,\"dbUser\":null,\"dbPassword\":null}");
        StackState.Component old = StackState.load(file).component("kafka").orElseThrow();
        assertThat(old.processStartedAtMillis()).isZero();
        assertThat(old.processAlive()).isTrue();
    }
}
