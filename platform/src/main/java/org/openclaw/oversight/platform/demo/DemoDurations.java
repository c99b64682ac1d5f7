package org.openclaw.oversight.platform.demo;

import java.time.Duration;

/** Elapsed time as the demo prints it: 45s, 3m05s, 1h02m. */
final class DemoDurations {

    private DemoDurations() {}

    static String format(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format("%02ds", seconds % 60);
        }
        return seconds / 3600 + "h" + String.format("%02dm", seconds % 3600 / 60);
    }
}
