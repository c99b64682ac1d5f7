package org.openclaw.oversight.bench.choices;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM and, optionally, by a server's process tree (PostgreSQL: the
 * postmaster, its live backends, and the backends that already exited, which Linux adds to the
 * postmaster's children time). On a machine shared with other work, CPU per item moves much less
 * than wall-clock throughput, so it is reported next to it.
 */
final class CpuClock {

    /** USER_HZ of /proc/[pid]/stat; 100 on every Linux this runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final long serverPid;

    /** @param serverPid the server's main process, or -1 to count this JVM only */
    CpuClock(long serverPid) {
        this.serverPid = serverPid;
    }

    /** Nanoseconds of CPU of this JVM plus the server's tree; -1 when not measurable here. */
    long nanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof com.sun.management.OperatingSystemMXBean sun)) {
            return -1;
        }
        long jvm = sun.getProcessCpuTime();
        if (serverPid < 0 || jvm < 0) {
            return jvm;
        }
        long server = serverTreeNanos();
        return server < 0 ? -1 : jvm + server;
    }

    private long serverTreeNanos() {
        try {
            long[] own = stat(serverPid);
            if (own == null) {
                return -1;
            }
            long ticks = own[1] + own[2] + own[3] + own[4]; // utime stime cutime cstime
            for (long child : children(serverPid)) {
                long[] c = stat(child);
                if (c != null) {
                    ticks += c[1] + c[2];
                }
            }
            return ticks * NANOS_PER_TICK;
        } catch (IOException e) {
            return -1;
        }
    }

    private static List<Long> children(long parent) throws IOException {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    long[] s = stat(Long.parseLong(name));
                    if (s != null && s[0] == parent) {
                        found.add(Long.parseLong(name));
                    }
                }
            }
        }
        return found;
    }

    /** ppid, utime, stime, cutime, cstime of a process; null when it is gone. */
    private static long[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may contain spaces: the fields after it start behind the last ')'
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                    Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
