package org.openclaw.oversight.platform.simulator;

import java.util.Arrays;
import org.openclaw.oversight.connectors.kafka.Topics;

/**
 * The event times a run will produce, known before anything is sent. The generator is deterministic and works
 * only with offsets from its start (the start shifts every time, never a random draw), so a dry pass from start
 * 0 with the same seed, rate and bounds yields each record's offset. {@code simulate} uses it to end a
 * {@code --fast} run at now and to count what ingestion would reject. The pass costs as much generating as the
 * run itself, so it is made only when a bound is in doubt.
 */
final class PlannedEventTimes {

    private final long[] checkedOffsets;
    private final int checkedCount;
    private final long lastOffsetMs;

    private PlannedEventTimes(long[] checkedOffsets, int checkedCount, long lastOffsetMs) {
        this.checkedOffsets = checkedOffsets;
        this.checkedCount = checkedCount;
        this.lastOffsetMs = lastOffsetMs;
    }

    /** Plans a run with the bounds of {@link SimulationRun} ({@link SimulationRun#UNBOUNDED} for none). */
    static PlannedEventTimes plan(Fleet fleet, Scenario scenario, long seed, double rate, long maxRecords,
            long durationMs) {
        FleetSimulation dry = new FleetSimulation(fleet, scenario, new SimulationSettings(seed, 0, rate));
        OffsetCollector collector = new OffsetCollector();
        new SimulationRun(dry, collector, maxRecords, durationMs, false, null).run();
        return new PlannedEventTimes(collector.offsets, collector.count, collector.last);
    }

    /** How many records ingestion validates: agent events and channel messages (heartbeats are not checked). */
    int checkedCount() {
        return checkedCount;
    }

    /** Offset of the i-th checked record from the start, ascending (records come out in event-time order). */
    long checkedOffset(int i) {
        return checkedOffsets[i];
    }

    /** Offset of the last record of any topic; -1 when the run has none. */
    long lastOffsetMs() {
        return lastOffsetMs;
    }

    /** Collects offsets in a growing array: a million records cost 8 MB, not a million boxed longs. */
    private static final class OffsetCollector implements RecordPublisher {
        private long[] offsets = new long[1024];
        private int count;
        private long last = -1;

        @Override
        public void publish(SimulatedRecord record) {
            last = record.eventTime();
            if (!Topics.AGENT_EVENTS.equals(record.topic())
                    && !Topics.CHANNEL_MESSAGES.equals(record.topic())) {
                return;
            }
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[count++] = record.eventTime();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
