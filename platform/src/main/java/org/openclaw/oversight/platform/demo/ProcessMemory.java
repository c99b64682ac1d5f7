package org.openclaw.oversight.platform.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resident memory of the processes the demo knows (its own JVM and the stack's servers), from
 * {@code /proc/<pid>/status} (VmRSS now, VmHWM the peak since the process started) and, for a process
 * with children (PostgreSQL: one backend per connection), the sum over the tree of each process's
 * proportional share ({@code Pss} of {@code /proc/<pid>/smaps_rollup}), so shared buffers count once.
 * The peak of a tree is the largest sum the demo sampled. Linux only; elsewhere nothing is shown.
 */
final class ProcessMemory {

    /** One process (or tree): current and peak resident bytes; {@code sampledPeak} when the peak is our sampling's. */
    record Usage(String name, long pid, long residentBytes, long peakBytes, boolean tree) {}

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Long> treePeaks = new LinkedHashMap<>();
    private final java.util.Set<String> trees = new java.util.HashSet<>();

    void watch(String name, long pid, boolean tree) {
        pids.put(name, pid);
        if (tree) {
            trees.add(name);
        }
    }

    /** Samples every process now; call it regularly so the peak of the trees is seen. */
    synchronized List<Usage> sample() {
        List<Usage> usages = new java.util.ArrayList<>();
        pids.forEach((name, pid) -> {
            if (trees.contains(name)) {
                long now = treePss(pid);
                if (now > 0) {
                    long peak = Math.max(now, treePeaks.getOrDefault(name, 0L));
                    treePeaks.put(name, peak);
                    usages.add(new Usage(name, pid, now, peak, true));
                }
            } else {
                statusKiB(pid, "VmRSS:").ifPresent(rss -> usages.add(
                        new Usage(name, pid, rss * 1024, statusKiB(pid, "VmHWM:").orElse(rss) * 1024, false)));
            }
        });
        return usages;
    }

    static Optional<Long> statusKiB(long pid, String field) {
        return kibField(Path.of("/proc", Long.toString(pid), "status"), field);
    }

    private static long treePss(long pid) {
        Optional<Long> own = kibField(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
        if (own.isEmpty()) {
            return -1;
        }
        long total = own.get();
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            total += kibField(Path.of("/proc", Long.toString(child.pid()), "smaps_rollup"), "Pss:").orElse(0L);
        }
        return total * 1024;
    }

    private static Optional<Long> kibField(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Optional.of(Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static String mib(long bytes) {
        return bytes < 0 ? "?" : (bytes + (1 << 19)) / (1 << 20) + " MiB";
    }
}
