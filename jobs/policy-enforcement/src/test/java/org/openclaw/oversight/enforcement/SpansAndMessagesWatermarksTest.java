package org.openclaw.oversight.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openclaw.oversight.enforcement.TestEvents.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;

/** The clean topic's watermarks hold at the slower of spans and messages, and a quiet kind stops holding them. */
class SpansAndMessagesWatermarksTest {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final Duration IDLE = Duration.ofMinutes(1);

    private long nanos = 1_000_000_000L;
    private final SpansAndMessagesWatermarks generator = new SpansAndMessagesWatermarks(BOUND, IDLE, () -> nanos);
    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    };

    @Test
    void aBacklogOfMessagesAheadOfItsSpansDoesNotMoveEventTimePastTheSpans() {
        // the messages of an hour first, as ingestion writes a backlog: event time must stay where the spans are
        for (int minute = 0; minute < 60; minute++) {
            feed(message(SUPPORT, "c" + minute, "u", Direction.OUTBOUND, "hi", T0 + minute * 60_000L));
        }
        feed(clean(span(SUPPORT, "t0", EventKind.AGENT_RUN, T0 + 1_000, 2_000)));
        generator.onPeriodicEmit(output);
        assertThat(last()).isEqualTo(T0 + 1_000 - BOUND.toMillis() - 1);

        feed(clean(span(SUPPORT, "t59", EventKind.AGENT_RUN, T0 + 59 * 60_000L, 2_000)));
        generator.onPeriodicEmit(output);
        assertThat(last()).isEqualTo(T0 + 59 * 60_000L - BOUND.toMillis() - 1);
    }

    @Test
    void nothingIsEmittedUntilBothKindsWereSeenOrTheMissingOneIsIdle() {
        feed(message(SUPPORT, "c", "u", Direction.OUTBOUND, "hi", T0));
        generator.onPeriodicEmit(output);
        assertThat(emitted).as("spans may still come, from the start on").isEmpty();

        nanos += IDLE.toNanos() - 1;
        feed(message(SUPPORT, "c", "u", Direction.INBOUND, "hi", T0 + 10_000));
        generator.onPeriodicEmit(output);
        assertThat(emitted).isEmpty();

        nanos += 1; // spans have been quiet for the idleness period: a partition without spans advances
        generator.onPeriodicEmit(output);
        assertThat(last()).isEqualTo(T0 + 10_000 - BOUND.toMillis() - 1);
    }

    @Test
    void aKindThatGoesQuietStopsHoldingAndWatermarksNeverGoBack() {
        feed(clean(span(SUPPORT, "t1", EventKind.LLM_CALL, T0, 500)));
        feed(message(SUPPORT, "c", "u", Direction.OUTBOUND, "hi", T0 + 5_000));
        generator.onPeriodicEmit(output);
        assertThat(last()).isEqualTo(T0 - BOUND.toMillis() - 1);

        nanos += IDLE.toNanos() / 2;
        feed(message(SUPPORT, "c", "u", Direction.OUTBOUND, "hi", T0 + 120_000));
        nanos += IDLE.toNanos() / 2; // spans quiet for a minute now, messages not
        generator.onPeriodicEmit(output);
        assertThat(last()).isEqualTo(T0 + 120_000 - BOUND.toMillis() - 1);

        feed(clean(span(SUPPORT, "t2", EventKind.LLM_CALL, T0 + 60_000, 500))); // spans are back, behind
        generator.onPeriodicEmit(output);
        assertThat(emitted).isSorted();
        assertThat(last()).isEqualTo(T0 + 120_000 - BOUND.toMillis() - 1);
    }

    @Test
    void unreadableValuesMoveNothing() {
        KafkaRawRecord garbage = new KafkaRawRecord("t", 0, 0, T0, null, new byte[] {0, 0, 0, 0, 1, (byte) 0xff});
        generator.onEvent(garbage, Long.MIN_VALUE, output);
        assertThat(generator.kindOf(garbage.value)).isEqualTo(-1);
        assertThat(generator.kindOf(null)).isEqualTo(-1);
        nanos += IDLE.toNanos();
        generator.onPeriodicEmit(output);
        assertThat(emitted).isEmpty();
    }

    private void feed(CleanEvent event) {
        KafkaRawRecord record = new KafkaRawRecord("oversight.clean-events.v1", 0, 0, event.getEventTime().toEpochMilli(), null,
                framed(event));
        assertThat(generator.kindOf(record.value)).isEqualTo(event.getAgentEvent() != null ? 0 : 1);
        generator.onEvent(record, event.getEventTime().toEpochMilli(), output);
    }

    private long last() {
        assertThat(emitted).isNotEmpty();
        return emitted.get(emitted.size() - 1);
    }

    /** Confluent wire format: magic byte, a schema id, Avro binary. */
    static byte[] framed(CleanEvent event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {0, 0, 0, 0, 7});
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(CleanEvent.class).write(event, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
