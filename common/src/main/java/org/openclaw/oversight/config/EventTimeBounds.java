package org.openclaw.oversight.config;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code ingestion.event_time} of oversight.yml: the event times ingestion accepts, relative to the moment
 * it reads the event. Older or further ahead is dead-lettered as {@code event_time_out_of_range}: a late
 * event would land in long-closed windows, and one far ahead is a broken agent clock that would drag
 * watermarks forward. The simulator checks its plan against the same bounds and says where they are set.
 *
 * @param maxAge        oldest accepted event time, before now (default 7d)
 * @param maxAhead      newest accepted event time, after now (default 5m: clock skew)
 * @param maxAgeSource  where {@code max_age} is set (or that its default applies)
 * @param maxAheadSource where {@code max_ahead} is set (or that its default applies)
 */
public record EventTimeBounds(Duration maxAge, Duration maxAhead, ConfigLocation maxAgeSource,
                              ConfigLocation maxAheadSource) implements Serializable {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    public static final Duration DEFAULT_MAX_AHEAD = Duration.ofMinutes(5);
    /** Largest allowed {@code max_age}: beyond ten years an event time is a bug, not a backfill. */
    static final Duration LONGEST_MAX_AGE = Duration.ofDays(3650);
    /** Largest allowed {@code max_ahead}: a day of clock skew is already a broken clock. */
    static final Duration LONGEST_MAX_AHEAD = Duration.ofDays(1);

    static final String KEY = "ingestion.event_time";

    public EventTimeBounds {
        Objects.requireNonNull(maxAgeSource, "maxAgeSource");
        Objects.requireNonNull(maxAheadSource, "maxAheadSource");
        if (maxAge.isNegative() || maxAge.isZero() || maxAhead.isNegative() || maxAhead.isZero()) {
            throw new IllegalArgumentException("event time bounds must be positive, got max_age " + maxAge
                    + ", max_ahead " + maxAhead);
        }
    }

    /** The defaults, for a file that does not set them. */
    public static EventTimeBounds defaults(String file) {
        return new EventTimeBounds(DEFAULT_MAX_AGE, DEFAULT_MAX_AHEAD,
                ConfigLocation.unset(file, KEY + ".max_age"), ConfigLocation.unset(file, KEY + ".max_ahead"));
    }

    /** True when ingestion reading an event at {@code now} accepts {@code eventTime}. */
    public boolean accepts(Instant eventTime, Instant now) {
        return !isTooOld(eventTime, now) && !isTooFarAhead(eventTime, now);
    }

    public boolean isTooOld(Instant eventTime, Instant now) {
        return eventTime.isBefore(now.minus(maxAge));
    }

    public boolean isTooFarAhead(Instant eventTime, Instant now) {
        return eventTime.isAfter(now.plus(maxAhead));
    }
}
