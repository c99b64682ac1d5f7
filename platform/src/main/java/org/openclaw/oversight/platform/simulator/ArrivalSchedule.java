package org.openclaw.oversight.platform.simulator;

import java.util.Random;

/**
 * When the next user turn arrives: exponential gaps sized so that the records the turns produce, plus the
 * heartbeats, average the target rate. The size of a turn is learned from what has been scheduled so far.
 */
final class ArrivalSchedule {
    private final int agents;
    private final SimulationSettings settings;
    private final Random random;
    private final PendingRecords pending;
    private long nextAt;
    private long started;

    ArrivalSchedule(int agents, SimulationSettings settings, Random random, PendingRecords pending) {
        this.agents = agents;
        this.settings = settings;
        this.random = random;
        this.pending = pending;
        this.nextAt = settings.startMillis();
    }

    /** Simulated time of the next user turn. */
    long nextAt() {
        return nextAt;
    }

    /** Called once the turn at {@link #nextAt()} has been generated: moves on to the next one. */
    void advance() {
        started++;
        nextAt += gapMs();
    }

    private long gapMs() {
        double heartbeatsPerSecond = agents * 1000.0 / settings.heartbeatIntervalMs();
        double recordsPerTurn = (pending.scheduled() + 10.0 * 20) / (started + 20); // prior: 10 records per turn
        double turnsPerSecond = Math.max(0.05, settings.eventsPerSecond() - heartbeatsPerSecond) / recordsPerTurn;
        double gap = -Math.log(1 - random.nextDouble()) / turnsPerSecond * 1000.0;
        return Math.max(1, Math.round(gap));
    }
}
