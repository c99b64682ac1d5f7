package org.openclaw.oversight.platform.simulator;

import java.util.Random;
import java.util.UUID;

/** Ids drawn from the simulation's seeded random, so a seed always gives the same trace, span and event ids. */
final class RandomIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RandomIds() {
    }

    /** Lower-case hex like OpenTelemetry ids: 32 digits for trace ids, 16 for span ids. */
    static String hex(Random random, int digits) {
        char[] out = new char[digits];
        boolean allZero = true;
        for (int i = 0; i < digits; i += 16) {
            long bits = random.nextLong();
            for (int j = 0; j < 16 && i + j < digits; j++) {
                out[i + j] = HEX[(int) (bits >>> (60 - 4 * j)) & 0xf];
                allZero &= out[i + j] == '0';
            }
        }
        // OpenTelemetry treats all-zero ids as invalid
        return allZero ? hex(random, digits) : new String(out);
    }

    static String uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
