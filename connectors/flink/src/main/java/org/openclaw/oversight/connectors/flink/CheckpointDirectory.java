package org.openclaw.oversight.connectors.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * One job's checkpoint folder as Flink lays it out: {@code <dir>/<flink job id>/chk-<n>/_metadata}, one
 * job-id folder per run. A checkpoint is complete once its {@code _metadata} exists: Flink writes that
 * file last, through a recoverable writer (temporary file, then rename), so a run killed while writing
 * it leaves no {@code _metadata} behind. Uses Flink's file systems, so {@code s3://...} works as well
 * as a local folder.
 */
public final class CheckpointDirectory {

    /** Flink's name for the file that makes a checkpoint restorable. */
    public static final String METADATA = "_metadata";

    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");

    private final Path root;

    private CheckpointDirectory(Path root) {
        this.root = root;
    }

    /** {@code dir} as a URI Flink understands: a plain local path becomes {@code file:///...}. */
    public static String uri(String dir) {
        URI uri = URI.create(dir.replace(" ", "%20"));
        if (uri.getScheme() != null) {
            return dir;
        }
        return java.nio.file.Path.of(dir).toAbsolutePath().normalize().toUri().toString();
    }

    public static CheckpointDirectory of(String dir) {
        return new CheckpointDirectory(new Path(uri(dir)));
    }

    /** A completed checkpoint: where it is (a local path without {@code file:}), its number and when its metadata was written. */
    public record Completed(String path, long id, Instant written) {}

    /** The newest completed checkpoint of any run of this job, by the time its metadata was written. */
    public Optional<Completed> latestCompleted() {
        return completed().stream()
                .max(Comparator.comparing(Completed::written).thenComparingLong(Completed::id));
    }

    /** Every completed checkpoint under the folder, in no particular order. */
    public List<Completed> completed() {
        List<Completed> found = new ArrayList<>();
        try {
            FileSystem fs = root.getFileSystem();
            for (FileStatus run : list(fs, root)) {
                if (!run.isDir() || !JOB_ID.matcher(run.getPath().getName()).matches()) {
                    continue;
                }
                for (FileStatus checkpoint : list(fs, run.getPath())) {
                    Matcher name = CHECKPOINT.matcher(checkpoint.getPath().getName());
                    if (!checkpoint.isDir() || !name.matches()) {
                        continue;
                    }
                    Path metadata = new Path(checkpoint.getPath(), METADATA);
                    if (fs.exists(metadata)) {
                        found.add(new Completed(display(checkpoint.getPath()), Long.parseLong(name.group(1)),
                                Instant.ofEpochMilli(fs.getFileStatus(metadata).getModificationTime())));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoints in " + root + ": " + e.getMessage()
                    + ". What to do: check that the folder is readable, or start with --fresh", e);
        }
        return found;
    }

    /**
     * Keeps the newest {@code keep} completed checkpoints (across runs) and deletes older ones, then
     * deletes run folders that hold no completed checkpoint and have not changed for {@code quiet}:
     * what is left of runs whose checkpoints a later run took over (Flink's CLAIM mode deletes a
     * restored checkpoint once it is subsumed) or of runs that died before their first checkpoint.
     * Call it before the job starts, never while another run of the job writes here. Returns how many
     * folders were deleted.
     */
    public int prune(int keep, Duration quiet) {
        int deleted = 0;
        try {
            FileSystem fs = root.getFileSystem();
            List<Completed> newestFirst = new ArrayList<>(completed());
            newestFirst.sort(Comparator.comparing(Completed::written).thenComparingLong(Completed::id).reversed());
            for (Completed old : newestFirst.subList(Math.min(keep, newestFirst.size()), newestFirst.size())) {
                fs.delete(new Path(uri(old.path())), true);
                deleted++;
            }
            long before = System.currentTimeMillis() - quiet.toMillis();
            for (FileStatus run : list(fs, root)) {
                if (run.isDir() && JOB_ID.matcher(run.getPath().getName()).matches()
                        && !hasCompletedCheckpoint(fs, run.getPath()) && newestChange(fs, run) < before) {
                    fs.delete(run.getPath(), true);
                    deleted++;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // housekeeping only: a folder we cannot delete costs disk space, not correctness
            return deleted;
        }
        return deleted;
    }

    private static boolean hasCompletedCheckpoint(FileSystem fs, Path run) throws IOException {
        for (FileStatus checkpoint : list(fs, run)) {
            if (checkpoint.isDir() && CHECKPOINT.matcher(checkpoint.getPath().getName()).matches()
                    && fs.exists(new Path(checkpoint.getPath(), METADATA))) {
                return true;
            }
        }
        return false;
    }

    private static long newestChange(FileSystem fs, FileStatus status) throws IOException {
        long newest = status.getModificationTime();
        if (status.isDir()) {
            for (FileStatus child : list(fs, status.getPath())) {
                newest = Math.max(newest, newestChange(fs, child));
            }
        }
        return newest;
    }

    /** A local path as the user typed it (no {@code file:} prefix), anything else as a URI. */
    public static String display(Path path) {
        URI uri = path.toUri();
        return "file".equals(uri.getScheme()) ? uri.getPath() : path.toString();
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        if (!fs.exists(dir)) {
            return new FileStatus[0];
        }
        FileStatus[] children = fs.listStatus(dir);
        return children == null ? new FileStatus[0] : children;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
