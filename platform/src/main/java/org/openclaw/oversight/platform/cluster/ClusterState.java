package org.openclaw.oversight.platform.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.openclaw.oversight.platform.stack.ProcessIdentity;

/**
 * What `oversight cluster up` started, in {@code <cluster-dir>/cluster.json}: the ports and each process's PID,
 * so `status` and `down` (separate invocations) act on exactly those processes.
 */
public record ClusterState(int restPort, int rpcPort, String metricsPorts, List<Member> members) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One JVM of the cluster. */
    public record Member(String name, long pid, String logFile, long startMillis, long processStartedAtMillis) {

        /** A member whose process runs now: its start time is read from the process itself. */
        public Member(String name, long pid, String logFile, long startMillis) {
            this(name, pid, logFile, startMillis, ProcessIdentity.startedAt(pid));
        }

        /** Alive and still the JVM that was started, not a later process that got its PID. */
        public boolean alive() {
            return ProcessIdentity.isRecordedProcess(pid, processStartedAtMillis);
        }
    }

    public static Path file(Path clusterDir) {
        return clusterDir.resolve("cluster.json");
    }

    public static ClusterState load(Path clusterDir) {
        Path file = file(clusterDir);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), ClusterState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (delete it if no cluster runs)", e);
        }
    }

    public ClusterState with(Member member) {
        List<Member> next = new ArrayList<>(members);
        next.removeIf(m -> m.name().equals(member.name()));
        next.add(member);
        return new ClusterState(restPort, rpcPort, metricsPorts, next);
    }

    public void save(Path clusterDir) {
        Path file = file(clusterDir);
        try {
            Files.createDirectories(clusterDir);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static void delete(Path clusterDir) {
        try {
            Files.deleteIfExists(file(clusterDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file(clusterDir), e);
        }
    }
}
