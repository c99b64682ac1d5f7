package org.openclaw.oversight.connectors.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.config.JobOptions;

/** What a start restores, what it says about it, and the Flink settings it hands over. */
class ResumePointTest {

    private static final Instant WRITTEN = Instant.parse("2026-01-10T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theLatestCompletedCheckpointIsRestoredAndClaimed() throws IOException {
        Path chk = Files.createDirectories(dir.resolve("0123456789abcdef0123456789abcdef").resolve("chk-12"));
        Files.setLastModifiedTime(Files.writeString(chk.resolve("_metadata"), "m"), FileTime.from(WRITTEN));

        ResumePoint resume = ResumePoint.choose(options("--checkpoint-dir", dir.toString()));

        assertThat(resume.kind()).isEqualTo(ResumePoint.Kind.CHECKPOINT);
        assertThat(resume.path()).isEqualTo(chk.toString());
        assertThat(resume.describe(WRITTEN.plusSeconds(42))).startsWith("resuming from checkpoint " + chk + " (written ")
                .endsWith(", 42 s ago)");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        resume.applyTo(env);
        assertThat(env.getConfiguration().get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo(chk.toString());
        assertThat(env.getConfiguration().get(StateRecoveryOptions.RESTORE_MODE)).isEqualTo(RecoveryClaimMode.CLAIM);
    }

    @Test
    void withoutACheckpointItSaysSoAndRestoresNothing() {
        ResumePoint resume = ResumePoint.choose(options("--checkpoint-dir", dir.toString()));
        assertThat(resume.kind()).isEqualTo(ResumePoint.Kind.NONE);
        assertThat(resume.restores()).isFalse();
        assertThat(resume.describe(Instant.now())).contains("no checkpoint yet in " + dir, "committed offsets");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        resume.applyTo(env);
        assertThat(env.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH)).isEmpty();
    }

    @Test
    void freshIgnoresCheckpointsAndASavepointIsNotClaimed() throws IOException {
        Path chk = Files.createDirectories(dir.resolve("0123456789abcdef0123456789abcdef").resolve("chk-3"));
        Files.writeString(chk.resolve("_metadata"), "m");
        assertThat(ResumePoint.choose(options("--checkpoint-dir", dir.toString(), "--fresh")).kind())
                .isEqualTo(ResumePoint.Kind.FRESH);

        Path savepoint = Files.createDirectories(dir.resolve("savepoint-abc"));
        Files.writeString(savepoint.resolve("_metadata"), "m");
        ResumePoint fromSavepoint = ResumePoint.choose(options("--checkpoint-dir", dir.toString(), "--from-savepoint", savepoint.toString()));
        assertThat(fromSavepoint.kind()).isEqualTo(ResumePoint.Kind.SAVEPOINT);
        assertThat(fromSavepoint.describe(Instant.now())).isEqualTo("resuming from savepoint " + savepoint);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        fromSavepoint.applyTo(env);
        assertThat(env.getConfiguration().get(StateRecoveryOptions.RESTORE_MODE)).isEqualTo(RecoveryClaimMode.NO_CLAIM);
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> ResumePoint.choose(options("--from-savepoint", dir.resolve("nothing").toString())))
                .hasMessageContaining("no savepoint or checkpoint there");
        assertThatThrownBy(() -> ResumePoint.choose(options("--from-savepoint", dir.toString(), "--fresh")))
                .hasMessageContaining("contradict");
    }

    private static JobOptions options(String... args) {
        return JobOptions.parse(args, Map.of());
    }
}
