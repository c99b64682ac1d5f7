package org.openclaw.oversight.ingestion;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;
import org.openclaw.oversight.connectors.kafka.AvroEventTime;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Event time for ingestion's two sources, only so that Flink's split-level watermark alignment keeps them
 * (and every partition of each) within {@link #MAX_DRIFT} of event time of one another.
 *
 * <p>Why: the clean topic is ingestion's output in the order ingestion reads its inputs. Reading a backlog
 * (a restart, {@code simulate --history}), one input ran minutes ahead of the other, so each clean partition
 * held minute after minute of spans before the messages of the same minutes, and cost-aggregation (10 min
 * allowed lateness) dead-lettered tens of thousands of them as {@code late_event}: the history the baselines
 * learn from was undercounted. Ingestion itself computes nothing on event time.
 *
 * <p>The time of a raw record is peeked from its Avro value ({@link AvroEventTime}, no decoding), and
 * <ul>
 *   <li>outside the accepted bounds ({@code ingestion.event_time}: older than {@code max_age}, further ahead
 *       than {@code max_ahead}) or unreadable, the record is <em>untimed</em>: it is dead-lettered anyway, and it
 *       neither moves a watermark nor counts as activity, so a partition of garbage goes idle instead of
 *       holding every other partition back;</li>
 *   <li>ahead of the wall clock it counts as now: alignment is about catching up, and a record from an
 *       agent's fast clock must not pause its partition until the rest of the world reaches it.</li>
 * </ul>
 * A partition without timed records for {@link #IDLENESS} is idle and holds nobody back; Flink reports an
 * idle source subtask to the alignment group as the end of time, and pauses only splits <em>ahead</em> of the
 * slowest active one, which therefore always reads on (no wedge). Stream timestamps are this time, so the
 * clean topic's Kafka timestamps are the (clamped) event times, as the simulator writes its inputs.
 */
final class AlignedSourceTime {

    /** Alignment group of both sources. */
    static final String GROUP = "ingestion-inputs";
    /**
     * Far below cost-aggregation's out-of-orderness (30 s): what the drift adds to a clean partition's disorder
     * stays inside it, and a few seconds of fetches (500 records a poll) stay inside the drift.
     */
    static final Duration MAX_DRIFT = Duration.ofSeconds(10);
    /**
     * How often subtasks report and the group announces the allowed maximum. A backlog is read at ~10,000
     * records/s, minutes of event time per second: at Flink's default of 1 s, the first announcement came after
     * one input had read 14 minutes ahead (measured), so this is short, and the split watermark moves with every
     * record (not only every 200 ms), so a split pauses at the first record beyond the announced maximum.
     */
    static final Duration UPDATE_INTERVAL = Duration.ofMillis(100);
    static final Duration IDLENESS = Duration.ofSeconds(30);

    private AlignedSourceTime() {}

    /**
     * Aligned watermarks for a raw source over values of {@code type}, timed by {@code field}; {@code aligned} false
     * for bounded reads: flink-connector-kafka 5.0 fails the job when alignment pauses or resumes a split that has
     * just reached its stopping offset ("No current assignment for partition", the consumer no longer holds it),
     * and a bounded read (tests, a replay) is not the live job whose backlog this is for.
     */
    static WatermarkStrategy<KafkaRawRecord> watermarks(Class<? extends SpecificRecord> type, String field, IngestionRules rules,
            Clock clock, boolean aligned) {
        WatermarkStrategy<KafkaRawRecord> timed = watermarks(type, field, rules, clock);
        return aligned ? timed.withWatermarkAlignment(GROUP, MAX_DRIFT, UPDATE_INTERVAL) : timed;
    }

    private static WatermarkStrategy<KafkaRawRecord> watermarks(Class<? extends SpecificRecord> type, String field,
            IngestionRules rules, Clock clock) {
        ClampedTime time = new ClampedTime(AvroEventTime.of(type, field, 0), rules.maxEventAge(), rules.maxClockSkew(), clock);
        long maxAgeMs = rules.maxEventAge().toMillis();
        return WatermarkStrategy.<KafkaRawRecord>forGenerator(context -> new IgnoringUntimed<>(
                        new WatermarksWithIdleness<>(new FromTheOldestAccepted<>(clock.millis() - maxAgeMs), IDLENESS,
                                context.getInputActivityClock())))
                .withTimestampAssigner(time);
    }

    /** The peeked time within ingestion's bounds and not after now, or {@link Long#MIN_VALUE} (untimed). */
    static final class ClampedTime implements SerializableTimestampAssigner<KafkaRawRecord> {
        private static final long serialVersionUID = 1L;
        private final AvroEventTime peek;
        private final long maxAgeMs;
        private final long maxAheadMs;
        private final Clock clock;

        ClampedTime(AvroEventTime peek, Duration maxAge, Duration maxAhead, Clock clock) {
            this.peek = Objects.requireNonNull(peek);
            this.maxAgeMs = maxAge.toMillis();
            this.maxAheadMs = maxAhead.toMillis();
            this.clock = Objects.requireNonNull(clock);
        }

        @Override
        public long extractTimestamp(KafkaRawRecord record, long kafkaTimestamp) {
            long time = peek.extractTimestamp(record, kafkaTimestamp);
            if (time == Long.MIN_VALUE) {
                return Long.MIN_VALUE;
            }
            long now = clock.millis();
            if (time < now - maxAgeMs || time > now + maxAheadMs) {
                return Long.MIN_VALUE;
            }
            return Math.min(time, now);
        }
    }

    /**
     * The newest time seen, starting at the oldest accepted time instead of "no watermark": Flink's alignment
     * group ignores a source subtask until all its partitions have a watermark, so without the start a subtask
     * whose partitions had not delivered yet (the first fetch of a big topic, the registry's first schema
     * lookup) held nobody back, and the other input read its whole backlog first (measured: a clean partition
     * with an hour of messages before the spans of the same hour). From the start, an assigned partition holds
     * the group back until it delivers, or for {@link #IDLENESS} if it has nothing.
     */
    static final class FromTheOldestAccepted<T> implements WatermarkGenerator<T> {
        private long newest;

        FromTheOldestAccepted(long oldestAccepted) {
            this.newest = oldestAccepted;
        }

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            if (eventTimestamp > newest) {
                newest = eventTimestamp;
                output.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(newest - 1));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(newest - 1));
        }
    }

    /** Untimed records are not events for the watermark (nor activity for idleness). */
    static final class IgnoringUntimed<T> implements WatermarkGenerator<T> {
        private final WatermarkGenerator<T> timed;

        IgnoringUntimed(WatermarkGenerator<T> timed) {
            this.timed = timed;
        }

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            if (eventTimestamp != Long.MIN_VALUE) {
                timed.onEvent(event, eventTimestamp, output);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            timed.onPeriodicEmit(output);
        }
    }
}
