package org.openclaw.oversight.platform.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openclaw.oversight.config.DurationSyntax;
import org.openclaw.oversight.config.EventTimeBounds;

/**
 * Whether a run's event times fall where the configured ingestion accepts them ({@code ingestion.event_time} of
 * oversight.yml). Ingestion compares an event's time with its own clock when it reads the event: a paced run
 * sends each record when the wall clock reaches its offset, so every record is off by the same
 * {@code start - now}; a {@code --fast} run sends everything at once, so its records span
 * {@code [start, start + span]} against one "now". Both cases assume ingestion reads the records as they are
 * sent; a job started much later sees older events.
 */
final class EventTimeCheck {

    /**
     * What a run would lose.
     *
     * @param planned      agent events and channel messages planned
     * @param tooOld       of them, older than max_age when read
     * @param tooFarAhead  of them, further ahead than max_ahead
     * @param oldestMs     age of the oldest rejected one (0 when none is too old)
     * @param furthestMs   lead of the furthest-ahead rejected one (0 when none is ahead)
     */
    record Outcome(long planned, long tooOld, long tooFarAhead, long oldestMs, long furthestMs) {
        long rejected() {
            return tooOld + tooFarAhead;
        }
    }

    private final EventTimeBounds bounds;
    private final long startMillis;
    private final boolean paced;
    private final long nowMillis;

    EventTimeCheck(EventTimeBounds bounds, long startMillis, boolean paced, long nowMillis) {
        this.bounds = bounds;
        this.startMillis = startMillis;
        this.paced = paced;
        this.nowMillis = nowMillis;
    }

    /**
     * False when every record the run can produce is surely accepted, without planning it: the run's event
     * times lie within {@code [start, start + spanMs]} ({@code spanMs} {@link SimulationRun#UNBOUNDED} when only a
     * record count bounds it).
     */
    boolean mayReject(long spanMs) {
        long earliestLead = startMillis - nowMillis;
        long latestLead = paced ? earliestLead : spanMs == SimulationRun.UNBOUNDED ? Long.MAX_VALUE
                : startMillis + spanMs - nowMillis;
        return -earliestLead > bounds.maxAge().toMillis() || latestLead > bounds.maxAhead().toMillis();
    }

    Outcome evaluate(PlannedEventTimes plan) {
        long tooOld = 0;
        long tooFarAhead = 0;
        long oldest = 0;
        long furthest = 0;
        long maxAge = bounds.maxAge().toMillis();
        long maxAhead = bounds.maxAhead().toMillis();
        for (int i = 0; i < plan.checkedCount(); i++) {
            long offset = plan.checkedOffset(i);
            long readAt = paced ? nowMillis + offset : nowMillis;
            long lead = startMillis + offset - readAt;
            if (lead > maxAhead) {
                tooFarAhead++;
                furthest = Math.max(furthest, lead);
            } else if (-lead > maxAge) {
                tooOld++;
                oldest = Math.max(oldest, -lead);
            }
        }
        return new Outcome(plan.checkedCount(), tooOld, tooFarAhead, oldest, furthest);
    }

    /**
     * One line for stderr when anything would be rejected: how many and what share, by how much, the config
     * key (file:line) that decides it, and what to change.
     *
     * @param startGiven whether --start was on the command line (it is then the thing to drop)
     * @param spanMs     simulated time the run covers, for the hint when a run ending now is too long
     */
    Optional<String> warning(Outcome outcome, boolean startGiven, long spanMs) {
        String hint;
        if (startGiven) {
            hint = paced ? "leave out --start (a real-time run then starts now)"
                    : "leave out --start (a --fast run then ends its events at now)";
        } else {
            hint = "the run covers " + human(spanMs) + " of event time; shorten --duration/--events or raise the bound";
        }
        return warning(outcome, hint, null);
    }

    /**
     * The same line for a part of the run ({@code part}, e.g. "the --history part"; null: the whole run) with a
     * hint of the caller's.
     */
    Optional<String> warning(Outcome outcome, String hint, String part) {
        if (outcome.rejected() == 0) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        if (outcome.tooFarAhead() > 0) {
            parts.add(String.format(Locale.ROOT, "%,d are up to %s ahead of ingestion's clock, more than %s (%s) allows",
                    outcome.tooFarAhead(), human(outcome.furthestMs()), bounds.maxAheadSource(),
                    DurationSyntax.format(bounds.maxAhead())));
        }
        if (outcome.tooOld() > 0) {
            parts.add(String.format(Locale.ROOT, "%,d are up to %s old, more than %s (%s) allows",
                    outcome.tooOld(), human(outcome.oldestMs()), bounds.maxAgeSource(),
                    DurationSyntax.format(bounds.maxAge())));
        }
        return Optional.of(String.format(Locale.ROOT,
                "simulate: WARNING: %,d of %,d planned agent events and channel messages%s (%.1f %%) would be "
                        + "dead-lettered by ingestion as event_time_out_of_range: %s; %s",
                outcome.rejected(), outcome.planned(), part == null ? "" : " of " + part,
                100.0 * outcome.rejected() / Math.max(1, outcome.planned()), String.join("; ", parts), hint));
    }

    /** {@code 6m40s}, {@code 2d3h}, {@code 450ms}: the two largest units, enough to compare with a bound. */
    static String human(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        long days = d.toDays();
        int hours = d.toHoursPart();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        if (days > 0) {
            return days + "d" + (hours > 0 ? hours + "h" : "");
        }
        if (hours > 0) {
            return hours + "h" + (minutes > 0 ? minutes + "m" : "");
        }
        if (minutes > 0) {
            return minutes + "m" + (seconds > 0 ? seconds + "s" : "");
        }
        return seconds > 0 ? seconds + "s" : d.toMillis() + "ms";
    }
}
