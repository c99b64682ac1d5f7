package org.openclaw.oversight.connectors.flink;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.openclaw.oversight.config.JobOptions;

/**
 * What a job start restores: a savepoint the user named, the latest completed checkpoint of earlier
 * runs, or nothing (empty state, Kafka sources from their committed offsets). Decided once, printed,
 * and handed to Flink as {@code execution.state-recovery.path}.
 */
public record ResumePoint(Kind kind, String path, Instant written, String checkpointDir) {

    public enum Kind {
        /** {@code --from-savepoint PATH}: the user's savepoint (or a retained checkpoint), never deleted by us or Flink. */
        SAVEPOINT,
        /** The newest {@code chk-N/_metadata} under {@code --checkpoint-dir}; the new run takes it over (CLAIM). */
        CHECKPOINT,
        /** {@code --checkpoint-dir} holds no completed checkpoint yet. */
        NONE,
        /** {@code --fresh}: earlier checkpoints exist or not, they are ignored. */
        FRESH,
        /** No {@code --checkpoint-dir}: state lives where the cluster's configuration puts it. */
        CLUSTER_DEFAULT
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    public static ResumePoint choose(JobOptions options) {
        boolean savepoint = options.fromSavepoint() != null && !options.fromSavepoint().isBlank();
        if (savepoint && options.fresh()) {
            throw new IllegalArgumentException("--from-savepoint and --fresh contradict each other: choose one");
        }
        if (savepoint) {
            requireLocalSavepointExists(options.fromSavepoint());
            return new ResumePoint(Kind.SAVEPOINT, options.fromSavepoint(), null, options.checkpointDir());
        }
        if (options.checkpointDir() == null || options.checkpointDir().isBlank()) {
            return new ResumePoint(options.fresh() ? Kind.FRESH : Kind.CLUSTER_DEFAULT, null, null, null);
        }
        if (options.fresh()) {
            return new ResumePoint(Kind.FRESH, null, null, options.checkpointDir());
        }
        return CheckpointDirectory.of(options.checkpointDir()).latestCompleted()
                .map(c -> new ResumePoint(Kind.CHECKPOINT, c.path(), c.written(), options.checkpointDir()))
                .orElseGet(() -> new ResumePoint(Kind.NONE, null, null, options.checkpointDir()));
    }

    private static void requireLocalSavepointExists(String path) {
        if (path.contains("://")) {
            return; // a remote file system: Flink says what is wrong when it tries
        }
        java.nio.file.Path local = java.nio.file.Path.of(path.startsWith("file:") ? path.substring("file:".length()) : path);
        boolean metadata = java.nio.file.Files.isRegularFile(local)
                || java.nio.file.Files.isRegularFile(local.resolve(CheckpointDirectory.METADATA));
        if (!metadata) {
            throw new IllegalArgumentException("--from-savepoint " + path + ": no savepoint or checkpoint there (a folder with "
                    + CheckpointDirectory.METADATA + "). What to do: name a savepoint-*/ or chk-N/ folder");
        }
    }

    public boolean restores() {
        return kind == Kind.SAVEPOINT || kind == Kind.CHECKPOINT;
    }

    /**
     * Tells Flink what to restore. Our own checkpoints are claimed: the new run owns them and deletes
     * them once its own newer ones are retained, so the folder does not grow with every restart. A
     * savepoint stays the user's (NO_CLAIM).
     */
    public void applyTo(StreamExecutionEnvironment env) {
        if (!restores()) {
            return;
        }
        Configuration conf = new Configuration();
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
        conf.set(StateRecoveryOptions.RESTORE_MODE, kind == Kind.CHECKPOINT ? RecoveryClaimMode.CLAIM : RecoveryClaimMode.NO_CLAIM);
        env.configure(conf);
    }

    /** One line for the terminal. */
    public String describe(Instant now) {
        return switch (kind) {
            case SAVEPOINT -> "resuming from savepoint " + path;
            case CHECKPOINT -> "resuming from checkpoint " + path + " (written " + TIME.format(written) + ", "
                    + ago(Duration.between(written, now)) + ")";
            case NONE -> "no checkpoint yet in " + checkpointDir + ": starting with empty state from the committed offsets";
            case FRESH -> "--fresh: earlier checkpoints ignored, starting with empty state from the committed offsets";
            case CLUSTER_DEFAULT -> "no --checkpoint-dir: checkpoints go where the cluster configuration says";
        };
    }

    public static String ago(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 120) {
            return seconds + " s ago";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86400 + " days ago";
    }
}
