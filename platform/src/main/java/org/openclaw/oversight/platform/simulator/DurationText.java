package org.openclaw.oversight.platform.simulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in scenario files and on the command line: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
public final class DurationText {
    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)\\s*");

    private DurationText() {
    }

    /** Milliseconds, or an IllegalArgumentException that shows the accepted form. */
    public static long parseMillis(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 500ms, 30s, 5m or 1h");
        }
        double amount = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        };
        return Math.round(amount * unit);
    }

    public static String format(long millis) {
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
