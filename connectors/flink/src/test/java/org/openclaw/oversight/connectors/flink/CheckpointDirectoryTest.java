package org.openclaw.oversight.connectors.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flink's layout <dir>/<job id>/chk-N/_metadata: what counts as completed, which is latest, what pruning keeps. */
class CheckpointDirectoryTest {

    private static final String RUN_A = "0123456789abcdef0123456789abcdef";
    private static final String RUN_B = "fedcba9876543210fedcba9876543210";
    private static final Instant T0 = Instant.parse("2026-01-10T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void anEmptyOrMissingFolderHasNoCheckpoint() {
        assertThat(CheckpointDirectory.of(dir.toString()).latestCompleted()).isEmpty();
        assertThat(CheckpointDirectory.of(dir.resolve("missing").toString()).latestCompleted()).isEmpty();
    }

    @Test
    void theLatestIsTheNewestMetadataOfAnyRunAndUnfinishedOnesDoNotCount() throws IOException {
        checkpoint(RUN_A, 7, T0);
        checkpoint(RUN_B, 3, T0.plusSeconds(60)); // a later run restarts numbering after a --fresh start
        Files.createDirectories(dir.resolve(RUN_B).resolve("chk-4")); // killed while writing: no _metadata
        Files.writeString(Files.createDirectories(dir.resolve(RUN_B).resolve("chk-5")).resolve("state-file"), "x");
        Files.createDirectories(dir.resolve("not-a-job-id").resolve("chk-99"));
        Files.writeString(dir.resolve("not-a-job-id").resolve("chk-99").resolve(CheckpointDirectory.METADATA), "x");

        CheckpointDirectory.Completed latest = CheckpointDirectory.of(dir.toString()).latestCompleted().orElseThrow();
        assertThat(latest.path()).isEqualTo(dir.resolve(RUN_B).resolve("chk-3").toString());
        assertThat(latest.id()).isEqualTo(3);
        assertThat(latest.written()).isEqualTo(T0.plusSeconds(60));
        assertThat(CheckpointDirectory.of(dir.toString()).completed()).hasSize(2);
    }

    @Test
    void pruneKeepsTheNewestAndDeletesOldCheckpointsAndAbandonedRuns() throws IOException {
        for (int i = 1; i <= 4; i++) {
            checkpoint(RUN_A, i, T0.plusSeconds(i));
        }
        checkpoint(RUN_B, 5, T0.plusSeconds(10));
        String abandoned = "00000000000000000000000000000001";
        Files.createDirectories(dir.resolve(abandoned).resolve("shared"));
        Files.setLastModifiedTime(dir.resolve(abandoned).resolve("shared"), FileTime.from(T0));
        Files.setLastModifiedTime(dir.resolve(abandoned), FileTime.from(T0));
        String starting = "00000000000000000000000000000002"; // a run that has not checkpointed yet, but just now
        Files.createDirectories(dir.resolve(starting).resolve("shared"));

        int deleted = CheckpointDirectory.of(dir.toString()).prune(3, Duration.ofMinutes(10));

        assertThat(deleted).isEqualTo(3); // chk-1, chk-2 and the abandoned run
        assertThat(CheckpointDirectory.of(dir.toString()).completed())
                .extracting(CheckpointDirectory.Completed::id).containsExactlyInAnyOrder(3L, 4L, 5L);
        assertThat(dir.resolve(abandoned)).doesNotExist();
        assertThat(dir.resolve(starting)).exists();
    }

    @Test
    void plainPathsBecomeFileUrisAndUrisStayAsTheyAre() {
        assertThat(CheckpointDirectory.uri("/data/checkpoints/ingestion")).isEqualTo("file:///data/checkpoints/ingestion");
        assertThat(CheckpointDirectory.uri("s3://bucket/checkpoints/ingestion")).isEqualTo("s3://bucket/checkpoints/ingestion");
    }

    private void checkpoint(String run, int id, Instant written) throws IOException {
        Path chk = Files.createDirectories(dir.resolve(run).resolve("chk-" + id));
        Path metadata = Files.writeString(chk.resolve(CheckpointDirectory.METADATA), "metadata");
        Files.setLastModifiedTime(metadata, FileTime.from(written));
    }
}
