package org.openclaw.oversight.enforcement;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.openclaw.oversight.connectors.kafka.AvroEventTime;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.schema.CleanEvent;

/**
 * Per-partition watermarks of the clean topic that follow spans and channel messages separately and hold event time
 * at the slower of the two (minus the out-of-orderness).
 *
 * <p>Why: ingestion reads agent events and channel messages from two topics at their own pace and writes both to
 * the same clean partitions. Reading a backlog (a restart, {@code simulate --history}), the small message topic is
 * done minutes of event time ahead of the span topic, so one clean partition holds the messages of an hour before
 * the spans of that hour. One bounded out-of-orderness over both would let the messages push event time past the
 * spans' and the rules that wait for a span after a message (mandatory_logging, human_escalation_enabled) would
 * judge before the spans came: arrival order, not event time. Holding at the slower kind judges the trace against
 * the message in event time however the two interleave.
 *
 * <p>A kind that has sent nothing for {@code idleness} (wall clock; from the start when it was never seen) stops
 * holding event time back, as Flink's idleness does for a whole partition, so a partition without messages (or
 * without spans) still advances.
 */
final class SpansAndMessagesWatermarks implements WatermarkGenerator<KafkaRawRecord> {
    private static final int HEADER = 5;
    private static final int SPANS = 0;
    private static final int MESSAGES = 1;

    private final long boundMs;
    private final long idleNanos;
    private final LongSupplier nanoClock;
    private final long[] maxTime = {Long.MIN_VALUE, Long.MIN_VALUE};
    private final long[] lastSeenNanos = new long[2];
    private long emitted = Long.MIN_VALUE;
    private BinaryDecoder decoder;

    SpansAndMessagesWatermarks(Duration outOfOrderness, Duration idleness, LongSupplier nanoClock) {
        this.boundMs = outOfOrderness.toMillis();
        this.idleNanos = idleness.toNanos();
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        lastSeenNanos[SPANS] = now;
        lastSeenNanos[MESSAGES] = now;
    }

    /** The strategy of the clean-event source: event time from the value, watermarks from this, idle partitions skipped. */
    static WatermarkStrategy<KafkaRawRecord> strategy(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<KafkaRawRecord>forGenerator(context -> new SpansAndMessagesWatermarks(outOfOrderness, idleness,
                        System::nanoTime))
                .withTimestampAssigner(AvroEventTime.of(CleanEvent.class, "eventTime", 0))
                .withIdleness(idleness);
    }

    @Override
    public void onEvent(KafkaRawRecord record, long eventTimestamp, WatermarkOutput output) {
        int kind = kindOf(record.value);
        if (kind < 0 || eventTimestamp == Long.MIN_VALUE) {
            return; // unreadable: decoding makes it a dead letter; it moves no watermark
        }
        maxTime[kind] = Math.max(maxTime[kind], eventTimestamp);
        lastSeenNanos[kind] = nanoClock.getAsLong();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = nanoClock.getAsLong();
        long held = Long.MAX_VALUE;
        boolean anyActive = false;
        for (int kind = 0; kind < 2; kind++) {
            if (now - lastSeenNanos[kind] < idleNanos) {
                held = Math.min(held, maxTime[kind]);
                anyActive = true;
            }
        }
        if (!anyActive) {
            held = Math.max(maxTime[SPANS], maxTime[MESSAGES]);
        }
        if (held == Long.MIN_VALUE) {
            return;
        }
        long watermark = held - boundMs - 1;
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    /**
     * 0 for a span, 1 for a channel message, -1 when unreadable: the union index of {@code agentEvent}, right after
     * {@code eventTime} (CleanEvent's fields are only appended, which keeps the position; AvroEventTime relies on
     * the same).
     */
    int kindOf(byte[] value) {
        if (value == null || value.length <= HEADER) {
            return -1;
        }
        try {
            decoder = DecoderFactory.get().binaryDecoder(value, HEADER, value.length - HEADER, decoder);
            decoder.skipString(); // eventId
            decoder.skipString(); // tenantId
            decoder.skipString(); // agentId
            decoder.readLong(); // eventTime
            return decoder.readIndex() == 1 ? SPANS : MESSAGES;
        } catch (Exception e) {
            return -1;
        }
    }
}
