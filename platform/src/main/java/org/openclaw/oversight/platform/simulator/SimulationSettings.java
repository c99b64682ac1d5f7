package org.openclaw.oversight.platform.simulator;

/**
 * What makes a run reproducible: the seed, the simulated start time and the target rate.
 *
 * <p>Time model: the simulator keeps a simulated clock that starts at {@code startMillis}. Work (agent runs with
 * their spans and channel messages, heartbeats) is scheduled on that clock so that, on average,
 * {@code eventsPerSecond} events fall into each simulated second; events come out ordered by event time. The
 * clock never looks at the wall clock, so a seed and a start time always give the same bytes. Pacing (sending
 * no faster than the simulated clock advances) is the publisher's business, not the generator's.
 */
public record SimulationSettings(long seed, long startMillis, double eventsPerSecond, long heartbeatIntervalMs) {
    public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 5_000;

    public SimulationSettings {
        if (eventsPerSecond <= 0) {
            throw new IllegalArgumentException("the rate must be above 0 events/s, got " + eventsPerSecond);
        }
        if (heartbeatIntervalMs <= 0) {
            throw new IllegalArgumentException("the heartbeat interval must be above 0 ms");
        }
    }

    public SimulationSettings(long seed, long startMillis, double eventsPerSecond) {
        this(seed, startMillis, eventsPerSecond, DEFAULT_HEARTBEAT_INTERVAL_MS);
    }
}
