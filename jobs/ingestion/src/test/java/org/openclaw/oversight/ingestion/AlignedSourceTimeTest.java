package org.openclaw.oversight.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.connectors.kafka.ConfluentWireFormat;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.Direction;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

class AlignedSourceTimeTest {

    private static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final IngestionRules RULES = TestRules.shipped();

    @Test
    void aRecordIsTimedByItsEventTimeWithinIngestionsBoundsAndNeverAfterNow() throws Exception {
        WatermarkStrategy<KafkaRawRecord> strategy = AlignedSourceTime.watermarks(AgentEvent.class, "startTime", RULES, CLOCK, true);
        var assigner = strategy.createTimestampAssigner(null);
        Instant hourAgo = NOW.minus(Duration.ofHours(1));

        assertThat(assigner.extractTimestamp(span(hourAgo), 1L)).isEqualTo(hourAgo.toEpochMilli());
        assertThat(assigner.extractTimestamp(span(NOW.plusSeconds(60)), 1L)).as("ahead within max_ahead: now").isEqualTo(NOW.toEpochMilli());
        assertThat(assigner.extractTimestamp(span(NOW.plus(RULES.maxClockSkew()).plusSeconds(1)), 1L))
                .as("beyond max_ahead: untimed").isEqualTo(Long.MIN_VALUE);
        assertThat(assigner.extractTimestamp(span(NOW.minus(RULES.maxEventAge()).minusSeconds(1)), 1L))
                .as("older than max_age: untimed").isEqualTo(Long.MIN_VALUE);
        assertThat(assigner.extractTimestamp(raw(new byte[] {0, 0, 0, 0, 1, (byte) 0xff}), 1L)).as("garbage: untimed")
                .isEqualTo(Long.MIN_VALUE);
        assertThat(AlignedSourceTime.watermarks(ChannelMessage.class, "timestamp", RULES, CLOCK, true).createTimestampAssigner(null)
                .extractTimestamp(message(hourAgo), 1L)).isEqualTo(hourAgo.toEpochMilli());
        assertThat(strategy.getAlignmentParameters().getWatermarkGroup()).isEqualTo(AlignedSourceTime.GROUP);
        assertThat(strategy.getAlignmentParameters().getMaxAllowedWatermarkDrift()).isEqualTo(AlignedSourceTime.MAX_DRIFT.toMillis());
        assertThat(AlignedSourceTime.watermarks(AgentEvent.class, "startTime", RULES, CLOCK, false).getAlignmentParameters().isEnabled())
                .as("bounded reads are not aligned").isFalse();
    }

    @Test
    void untimedRecordsNeitherMoveTheWatermarkNorKeepAPartitionActive() throws Exception {
        ManualClock activity = new ManualClock();
        WatermarkGenerator<KafkaRawRecord> generator = AlignedSourceTime.watermarks(AgentEvent.class, "startTime", RULES, CLOCK, true)
                .createWatermarkGenerator(new WatermarkGeneratorSupplier.Context() {
                    @Override
                    public org.apache.flink.metrics.MetricGroup getMetricGroup() {
                        return new UnregisteredMetricsGroup();
                    }

                    @Override
                    public org.apache.flink.util.clock.RelativeClock getInputActivityClock() {
                        return activity;
                    }
                });
        Recording out = new Recording();
        generator.onPeriodicEmit(out);
        assertThat(out.last()).as("before its first record a partition holds the group at the oldest accepted time")
                .isEqualTo(NOW.minus(RULES.maxEventAge()).toEpochMilli() - 1);
        long t = NOW.minusSeconds(600).toEpochMilli();
        generator.onEvent(span(Instant.ofEpochMilli(t)), t, out);
        generator.onPeriodicEmit(out);
        assertThat(out.last()).isEqualTo(t - 1);

        // garbage keeps arriving for longer than the idleness timeout: the partition goes idle
        for (int i = 0; i < 40; i++) {
            activity.advanceTime(Duration.ofSeconds(1));
            generator.onEvent(raw(new byte[] {1, 2, 3}), Long.MIN_VALUE, out);
            generator.onPeriodicEmit(out);
        }
        assertThat(out.idle).as("a partition of nothing but untimed records is idle").isTrue();
        assertThat(out.last()).isEqualTo(t - 1);
    }

    private static final class Recording implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }

        long last() {
            return watermarks.get(watermarks.size() - 1);
        }
    }

    private static KafkaRawRecord span(Instant start) throws Exception {
        AgentEvent event = AgentEvent.newBuilder(TestEvents.llmCall("e-1", "support-agent", "t-1", "hi", "ok"))
                .setParentSpanId("parent-1").setStartTime(start).build();
        return raw(framed(event));
    }

    private static KafkaRawRecord message(Instant at) throws Exception {
        ChannelMessage m = ChannelMessage.newBuilder(anyMessage()).setTimestamp(at).setDirection(Direction.OUTBOUND).build();
        return raw(framed(m));
    }

    private static ChannelMessage anyMessage() {
        return ChannelMessage.newBuilder().setMessageId("m-1").setTenantId("acme-retail").setAgentId("support-agent")
                .setConversationId("c-1").setUserId("u-1").setChannel(org.openclaw.oversight.schema.Channel.WEBCHAT)
                .setDirection(Direction.INBOUND).setText("hallo").setMediaType(null).setTimestamp(NOW).build();
    }

    private static KafkaRawRecord raw(byte[] value) {
        return new KafkaRawRecord("t", 0, 0, 1L, null, value);
    }

    private static <T extends SpecificRecord> byte[] framed(T record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ConfluentWireFormat.header(7));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        @SuppressWarnings("unchecked")
        SpecificDatumWriter<T> writer = new SpecificDatumWriter<>((Class<T>) record.getClass());
        writer.write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
