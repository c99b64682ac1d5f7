package org.openclaw.oversight.localstack;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which process listens on a TCP port, from Linux's {@code /proc}: the socket inodes in LISTEN state on
 * that port ({@code /proc/net/tcp}, {@code tcp6}), then the process holding one of them as a file
 * descriptor. Only the PID and the program's short name ({@code /proc/PID/comm}) are reported: a
 * command line may carry a password. Empty when unknown (another user's process, a container's
 * namespace, not Linux).
 */
public final class PortHolder {

    private static final String LISTEN = "0A";

    private PortHolder() {}

    /** "pid 812 (postgres)", or empty when no process of ours can be seen holding {@code port}. */
    public static Optional<String> describe(int port) {
        return pid(port).map(pid -> "pid " + pid + name(pid).map(name -> " (" + name + ")").orElse(""));
    }

    /** The PID of the process listening on {@code port}, when visible. */
    public static Optional<Long> pid(int port) {
        Set<String> inodes = listeningInodes(port);
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                if (holdsAny(process.resolve("fd"), inodes)) {
                    return Optional.of(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Set<String> listeningInodes(int port) {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 9 && fields[1].endsWith(hexPort) && LISTEN.equals(fields[3])) {
                        inodes.add(fields[9]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // table missing (no IPv6) or unreadable: look at the other one
            }
        }
        return inodes;
    }

    private static boolean holdsAny(Path fdDir, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                        return true;
                    }
                } catch (IOException e) {
                    // the descriptor closed while we looked
                }
            }
        } catch (IOException | RuntimeException e) {
            // another user's process, or it exited: not ours to inspect
        }
        return false;
    }

    private static Optional<String> name(long pid) {
        try {
            return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim())
                    .filter(name -> !name.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
