package org.openclaw.oversight.ingestion;

import java.nio.charset.StandardCharsets;

/**
 * Step 2: keeps a trace or drops it whole. The decision is a pure function of the trace id, so every
 * span of a trace, on any subtask, after any restart, gets the same answer without shared state.
 * The hash is 64-bit FNV-1a over the UTF-8 bytes, finished with the SplitMix64 mixer so ids that
 * differ in one character still spread evenly over [0, 1).
 */
public final class TraceSampler {

    private TraceSampler() {}

    /** Whether a trace is kept at {@code rate} (0 drops all, 1 keeps all). */
    public static boolean keep(String traceId, double rate) {
        if (rate >= 1.0) {
            return true;
        }
        if (rate <= 0.0) {
            return false;
        }
        return position(traceId) < rate;
    }

    /** Where the trace falls in [0, 1). */
    static double position(String traceId) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : traceId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 30;
        hash *= 0xbf58476d1ce4e5b9L;
        hash ^= hash >>> 27;
        hash *= 0x94d049bb133111ebL;
        hash ^= hash >>> 31;
        return (hash >>> 11) * 0x1.0p-53;
    }
}
