package org.openclaw.oversight.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Resident memory from /proc/&lt;pid&gt;/status (Linux); -1 where /proc is not there. */
public final class ResidentMemory {

    private ResidentMemory() {}

    /** VmRSS of one process in bytes, or -1. */
    public static long of(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * VmRSS of a process plus all its descendants: PostgreSQL works in child processes. Shared memory is
     * counted once per process, so this over-states what the tree really uses; it is an upper bound.
     */
    public static long ofTree(long pid) {
        long own = of(pid);
        if (own < 0) {
            return -1;
        }
        long total = own;
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            long rss = of(child.pid());
            if (rss > 0) {
                total += rss;
            }
        }
        return total;
    }
}
