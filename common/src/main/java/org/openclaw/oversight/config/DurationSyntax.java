package org.openclaw.oversight.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration notation of the config files: a whole number and one unit, as in the seed
 * ({@code 5s}, {@code 5000ms}, {@code 90d}, {@code 1095d}, {@code 5y}). A year is 365 days — retention
 * periods are legal minimums, so a year never means less than 365 days.
 */
public final class DurationSyntax {

    public static final String HELP = "use a whole number and a unit: ms, s, m, h, d, w or y (e.g. 500ms, 5s, 90d, 5y)";

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w|y)");

    private DurationSyntax() {
    }

    /** Parses {@code text}, or returns empty when it is not in the notation above. */
    public static Optional<Duration> parse(String text) {
        Matcher matcher = SYNTAX.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        return Optional.of(switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            case "w" -> Duration.ofDays(amount * 7);
            case "y" -> Duration.ofDays(amount * 365);
            default -> throw new IllegalStateException("unit not covered: " + matcher.group(2));
        });
    }

    /** Writes a duration back in the largest unit that represents it exactly (for messages and reports). */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        long day = Duration.ofDays(1).toMillis();
        if (millis != 0 && millis % (365 * day) == 0) {
            return millis / (365 * day) + "y";
        }
        if (millis != 0 && millis % day == 0) {
            return millis / day + "d";
        }
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis != 0 && millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
