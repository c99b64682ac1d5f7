package org.openclaw.oversight.bench.pii;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Throughput per CPU-second of the measuring thread, as a cross-check of the JMH wall-clock numbers. On a shared
 * machine (2 cores, load 8-10 from other builds) wall-clock throughput mostly measures how often the thread was
 * scheduled; thread CPU time leaves that out. Scanner and baseline run interleaved, best of several rounds.
 */
final class CpuTimeThroughput {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile int sink;

    private CpuTimeThroughput() {
    }

    /**
     * Runs {@code work} over the messages until this thread has used {@code cpuNanos} of CPU time, so that the JIT
     * has compiled it. Counted in CPU time, not wall-clock time: on a busy machine a wall-clock warm-up may end
     * before the compiler threads got enough CPU to finish (seen: scan loop compiled by C2 only after 8-14 s).
     */
    static void warmUp(List<String> messages, ToIntFunction<String> work, long cpuNanos) {
        long spent = 0;
        while (spent < cpuNanos) {
            spent += passCpuNanos(messages, work);
        }
    }

    /** MB (10^6 bytes of UTF-8) per CPU-second, best of {@code rounds} passes over the messages. */
    static double megabytesPerCpuSecond(List<String> messages, ToIntFunction<String> work, int rounds) {
        long best = Long.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            best = Math.min(best, passCpuNanos(messages, work));
        }
        return MixedCorpus.utf8Bytes(messages) / 1e6 / (best / 1e9);
    }

    static long passCpuNanos(List<String> messages, ToIntFunction<String> work) {
        int acc = 0;
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (String m : messages) {
            acc += work.applyAsInt(m);
        }
        long t = THREADS.getCurrentThreadCpuTime() - t0;
        sink = acc;
        return t;
    }
}
