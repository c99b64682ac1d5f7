package org.openclaw.oversight.platform.simulator;

/**
 * What makes a run reproducible: the seed, the simulated start time, the target rate, the heartbeat interval and
 * the delivery disorder.
 *
 * <p>Time model: the simulator keeps a simulated clock that starts at {@code startMillis}. Work (agent runs with
 * their spans and channel messages, heartbeats) is scheduled on that clock so that, on average,
 * {@code eventsPerSecond} events fall into each simulated second; events are generated in event-time order and,
 * with {@code disorderMs} 0, delivered so. With a disorder bound some records are delivered later than their event
 * time ({@link DeliveryDisorder}), from a random sequence of their own, so the records themselves stay the same.
 * The clock never looks at the wall clock, so a seed and a start time always give the same bytes. Pacing (sending
 * no faster than the simulated clock advances) is the publisher's business, not the generator's.
 */
public record SimulationSettings(long seed, long startMillis, double eventsPerSecond, long heartbeatIntervalMs,
        long disorderMs) {
    public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 5_000;

    public SimulationSettings {
        if (eventsPerSecond <= 0) {
            throw new IllegalArgumentException("the rate must be above 0 events/s, got " + eventsPerSecond);
        }
        if (heartbeatIntervalMs <= 0) {
            throw new IllegalArgumentException("the heartbeat interval must be above 0 ms");
        }
        if (disorderMs < 0) {
            throw new IllegalArgumentException("the disorder bound must not be negative, got " + disorderMs + " ms");
        }
    }

    public SimulationSettings(long seed, long startMillis, double eventsPerSecond, long heartbeatIntervalMs) {
        this(seed, startMillis, eventsPerSecond, heartbeatIntervalMs, 0);
    }

    public SimulationSettings(long seed, long startMillis, double eventsPerSecond) {
        this(seed, startMillis, eventsPerSecond, DEFAULT_HEARTBEAT_INTERVAL_MS, 0);
    }

    /** The same run with records delivered out of order within {@code boundMs} (0: in event-time order). */
    public SimulationSettings withDisorder(long boundMs) {
        return new SimulationSettings(seed, startMillis, eventsPerSecond, heartbeatIntervalMs, boundMs);
    }
}
