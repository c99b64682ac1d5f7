package org.openclaw.oversight.platform.simulator;

import java.io.PrintWriter;
import java.time.Instant;
import org.openclaw.oversight.config.EventTimeBounds;

/**
 * --history: past normal traffic laid down before the live part, so that 3σ baselines have an hour (say) to learn
 * from when the incidents start. The same fleet and rate without incidents, with event times in
 * {@code [live start - history, live start)}, sent as fast as the broker takes them before the first live record.
 *
 * <p>It is a simulation of its own with a seed derived from the run's, so its ids never collide with the live
 * part's and the live part is byte for byte what it is without --history.
 */
final class HistoryRun {
    /** Mixed into the run's seed for the history's. */
    private static final long SEED_SALT = 0x686973746f7279L; // "history"

    private final Fleet fleet;
    private final SimulationSettings settings;
    private final long historyMs;

    HistoryRun(Fleet fleet, SimulationSettings live, long historyMs) {
        this.fleet = fleet;
        this.historyMs = historyMs;
        this.settings = new SimulationSettings(live.seed() ^ SEED_SALT, live.startMillis() - historyMs,
                live.eventsPerSecond(), live.heartbeatIntervalMs(), live.disorderMs());
    }

    SimulationSettings settings() {
        return settings;
    }

    /** Sends the history unpaced, flushes, and returns its report. */
    InjectionReport run(RecordPublisher publisher, PrintWriter err) {
        FleetSimulation past = new FleetSimulation(fleet, Scenario.none(), settings);
        err.printf("simulate: history: %s of normal traffic from %s, as fast as possible ...%n",
                EventTimeCheck.human(historyMs), Instant.ofEpochMilli(settings.startMillis()));
        err.flush();
        long began = System.nanoTime();
        InjectionReport report = new SimulationRun(past, publisher, SimulationRun.UNBOUNDED, historyMs, false, null)
                .run();
        err.printf("simulate: history: %,d records %s in %.1f s; the live part starts at %s%n", report.emittedTotal(),
                report.emittedByTopic(), (System.nanoTime() - began) / 1e9,
                Instant.ofEpochMilli(settings.startMillis() + historyMs));
        err.flush();
        return report;
    }

    /**
     * One line on stderr when ingestion would dead-letter part of the history: it is sent at once, at about
     * {@code now}, so its oldest records are {@code now - (live start - history)} old when read.
     */
    void warnAboutEventTimes(PrintWriter err, EventTimeBounds bounds, long now) {
        EventTimeCheck check = new EventTimeCheck(bounds, settings.startMillis(), false, now);
        if (!check.mayReject(historyMs)) {
            return;
        }
        PlannedEventTimes times = PlannedEventTimes.plan(fleet, Scenario.none(), settings.seed(),
                settings.eventsPerSecond(), SimulationRun.UNBOUNDED, historyMs);
        check.warning(check.evaluate(times), "shorten --history (or move --start closer to now)", "the --history part")
                .ifPresent(err::println);
    }
}
