package org.openclaw.oversight.connectors.flink;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The jobs running locally, one file per run: {@code <dir>/<job>-<pid>.json} with pid, web UI, metrics
 * port and start time. A run registers itself when it starts ({@link #claim}) and removes its file when
 * it ends; {@code oversight status} lists the entries and {@code oversight down} stops them. Entries of
 * processes that are gone (a {@code kill -9}) are deleted when read. Claims take an exclusive file lock,
 * so two copies of one job started at the same moment cannot both get through: they would fence each
 * other's Kafka transactions.
 */
public final class LocalJobRegistry {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Part of the command line of every process that runs one of our jobs (CLI or a job main). */
    static final String OUR_COMMAND_LINE = "org.openclaw.oversight";

    /** One running job. {@code webUi}, {@code metricsPort} and {@code flinkJobId} are null until the cluster is up. */
    public record Entry(long pid, String job, String started, String webUi, Integer metricsPort, String checkpointDir,
                        String flinkJobId) {

        @JsonIgnore
        public Instant startedAt() {
            return Instant.parse(started);
        }

        /** The pid is alive and (where the OS tells) runs one of our commands, not a process that reused the pid. */
        @JsonIgnore
        public boolean isRunning() {
            if (pid == ProcessHandle.current().pid()) {
                return true;
            }
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return false;
            }
            return commandLine(handle.get()).map(line -> line.contains(OUR_COMMAND_LINE)).orElse(true);
        }
    }

    /**
     * The full command line: Linux's {@code /proc/<pid>/cmdline} (the JDK's {@code ProcessHandle.Info}
     * cuts it at 4096 characters, before a JVM's main class when the classpath is long).
     */
    static Optional<String> commandLine(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            if (raw.length > 0) {
                return Optional.of(new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' '));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux, or the process just ended
        }
        return process.info().commandLine();
    }

    /** Thrown when the same job already runs: two copies would fence each other's Kafka transactions. */
    public static final class AlreadyRunningException extends IllegalStateException {
        AlreadyRunningException(Entry running) {
            super(running.job() + " is already running (pid " + running.pid()
                    + (running.webUi() == null ? "" : ", web UI " + running.webUi()) + "). Two copies of one job fence"
                    + " each other's Kafka transactions. What to do: stop it first (Ctrl-C in its terminal, or"
                    + " ./oversight down)");
        }
    }

    private final Path dir;

    public LocalJobRegistry(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Entries of running jobs, oldest first; files of processes that are gone are deleted. */
    public List<Entry> running() {
        List<Entry> running = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return running;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                Entry entry = read(file);
                if (entry == null) {
                    continue;
                }
                if (entry.isRunning()) {
                    running.add(entry);
                } else {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job registry " + dir + ": " + e.getMessage(), e);
        }
        running.sort(Comparator.comparing(Entry::started));
        return running;
    }

    /**
     * Registers this process as a run of {@code job}, unless another live process already runs it.
     * The entry gets its addresses later, through {@link Registration#update}.
     */
    public Registration claim(String job, String checkpointDir) {
        long pid = ProcessHandle.current().pid();
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                for (Entry entry : running()) {
                    if (entry.job().equals(job) && entry.pid() != pid) {
                        throw new AlreadyRunningException(entry);
                    }
                }
                Registration registration = new Registration(dir.resolve(job + "-" + pid + ".json"),
                        new Entry(pid, job, Instant.now().toString(), null, null, checkpointDir, null));
                registration.write();
                return registration;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job registry " + dir + ": " + e.getMessage()
                    + ". What to do: check that the data folder is writable", e);
        }
    }

    private static Entry read(Path file) {
        try {
            return JSON.readValue(file.toFile(), Entry.class);
        } catch (NoSuchFileException e) {
            return null; // removed by its run while we listed
        } catch (IOException e) {
            return null; // half-written by a run being started right now; the next read sees it whole
        }
    }

    /** This process's entry; {@link #close} removes it. */
    public static final class Registration implements AutoCloseable {

        private final Path file;
        private volatile Entry entry;

        private Registration(Path file, Entry entry) {
            this.file = file;
            this.entry = entry;
        }

        public Entry entry() {
            return entry;
        }

        public void update(String webUi, Integer metricsPort, String flinkJobId) {
            Entry e = entry;
            entry = new Entry(e.pid(), e.job(), e.started(), webUi, metricsPort, e.checkpointDir(), flinkJobId);
            write();
        }

        private void write() {
            try {
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                JSON.writeValue(tmp.toFile(), entry);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the next reader deletes an entry whose process is gone
            }
        }
    }
}
