package org.openclaw.oversight.platform.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What `oversight up` started, written to {@code <data-dir>/stack.json} so that `status` and `down`
 * (later, separate processes) act on exactly those processes and nothing else.
 */
public final class StackState {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One started component; pid is null for external services we only connect to. {@code processStartedAtMillis}
     * is when that process began (0: not recorded, a state file of an older build): after a reboot the PID may
     * belong to somebody else's process, which `down` must never signal.
     */
    public record Component(String name, Long pid, String address, String logFile, long startMillis, long rssBytes,
            long processStartedAtMillis) {

        /** A component whose process runs now: its start time is read from the process itself. */
        public Component(String name, Long pid, String address, String logFile, long startMillis, long rssBytes) {
            this(name, pid, address, logFile, startMillis, rssBytes, pid == null ? 0 : ProcessIdentity.startedAt(pid));
        }

        /** Alive and still the process that was recorded, not a later one that got its PID. */
        public boolean processAlive() {
            return pid != null && ProcessIdentity.isRecordedProcess(pid, processStartedAtMillis);
        }
    }

    public record Snapshot(List<Component> components, String jdbcUrl, String dbUser, String dbPassword) {}

    private final Path file;
    private final List<Component> components = new ArrayList<>();
    private String jdbcUrl;
    private String dbUser;
    private String dbPassword;

    private StackState(Path file) {
        this.file = file;
    }

    public static StackState load(Path file) {
        StackState state = new StackState(file);
        if (Files.exists(file)) {
            try {
                Snapshot snapshot = JSON.readValue(file.toFile(), Snapshot.class);
                state.components.addAll(snapshot.components());
                state.jdbcUrl = snapshot.jdbcUrl();
                state.dbUser = snapshot.dbUser();
                state.dbPassword = snapshot.dbPassword();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + " (delete it if the stack is not running)", e);
            }
        }
        return state;
    }

    public Optional<Component> component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<Component> components() {
        return List.copyOf(components);
    }

    public void put(Component component) {
        components.removeIf(c -> c.name().equals(component.name()));
        components.add(component);
        save();
    }

    public void remove(String name) {
        components.removeIf(c -> c.name().equals(name));
        save();
    }

    public void database(String url, String user, String password) {
        this.jdbcUrl = url;
        this.dbUser = user;
        this.dbPassword = password;
        save();
    }

    public String jdbcUrl() { return jdbcUrl; }
    public String dbUser() { return dbUser; }
    public String dbPassword() { return dbPassword; }

    public boolean isEmpty() {
        return components.isEmpty();
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), new Snapshot(components, jdbcUrl, dbUser, dbPassword));
            // it holds the database password (an external one from OVERSIGHT_DB_PASSWORD, too): owner only
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
