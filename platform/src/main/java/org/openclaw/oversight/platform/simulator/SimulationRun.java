package org.openclaw.oversight.platform.simulator;

import java.util.function.LongSupplier;

/**
 * Drives a {@link FleetSimulation} into a {@link RecordPublisher} until a bound is reached: a number of records,
 * an end in simulated time, or both (whichever comes first).
 *
 * <p>Paced runs send each record no earlier than its offset from the simulated start on the wall clock, so the
 * simulated clock runs in real time and the target rate is the sending rate; unpaced runs send as fast as the
 * publisher takes them (for tests and backfills). Pacing never changes the records, only when they leave.
 */
public final class SimulationRun {
    /** No bound of this kind. */
    public static final long UNBOUNDED = -1;

    private final FleetSimulation simulation;
    private final RecordPublisher publisher;
    private final long maxRecords;
    private final long durationMs;
    private final boolean paced;
    private final ProgressLine progress;
    private final LongSupplier nanoClock;
    private long startLagMs;

    public SimulationRun(FleetSimulation simulation, RecordPublisher publisher, long maxRecords, long durationMs,
            boolean paced, ProgressLine progress) {
        this(simulation, publisher, maxRecords, durationMs, paced, progress, System::nanoTime);
    }

    SimulationRun(FleetSimulation simulation, RecordPublisher publisher, long maxRecords, long durationMs,
            boolean paced, ProgressLine progress, LongSupplier nanoClock) {
        if (maxRecords == UNBOUNDED && durationMs == UNBOUNDED) {
            throw new IllegalArgumentException("a run needs a bound: a number of records or a duration");
        }
        this.simulation = simulation;
        this.publisher = publisher;
        this.maxRecords = maxRecords;
        this.durationMs = durationMs;
        this.paced = paced;
        this.progress = progress;
        this.nanoClock = nanoClock;
    }

    /**
     * A paced run whose simulated start is already {@code lagMs} in the past on the wall clock (it was "now" when
     * the command began, and connecting, the control reader and --history took that long): it sends what is due
     * at once and then keeps event time equal to the wall clock, instead of trailing it by the lag all along.
     */
    public SimulationRun catchingUp(long lagMs) {
        this.startLagMs = Math.max(0, lagMs);
        return this;
    }

    /** Runs to the bound, flushes, and returns what was injected. Interrupting the thread ends the run early. */
    public InjectionReport run() {
        InjectionReport report = simulation.report();
        long start = report.startMillis();
        long end = durationMs == UNBOUNDED ? Long.MAX_VALUE : start + durationMs;
        long began = nanoClock.getAsLong();
        long wallStart = began - startLagMs * 1_000_000;
        long sent = 0;
        while (maxRecords == UNBOUNDED || sent < maxRecords) {
            SimulatedRecord record = simulation.nextBefore(end);
            if (record == null) {
                break;
            }
            if (paced && !waitUntil(wallStart, simulation.lastDeliveryTime() - start)) {
                break;
            }
            publisher.publish(record);
            sent++;
            if (progress != null) {
                progress.update(report, nanoClock.getAsLong() - began);
            }
        }
        publisher.flush();
        if (progress != null) {
            progress.finish(report, nanoClock.getAsLong() - began);
        }
        return report;
    }

    /** Sleeps until the wall clock has advanced {@code offsetMs} since the start; false when interrupted. */
    private boolean waitUntil(long wallStartNanos, long offsetMs) {
        long aheadMs = offsetMs - (nanoClock.getAsLong() - wallStartNanos) / 1_000_000;
        if (aheadMs <= 2) {
            return true;
        }
        try {
            Thread.sleep(aheadMs); // pacing against the wall clock, not synchronisation
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
