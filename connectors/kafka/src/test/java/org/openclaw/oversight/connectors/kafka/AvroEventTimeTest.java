package org.openclaw.oversight.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentMetrics;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.CleanEvent;

class AvroEventTimeTest {

    private static final Instant TIME = Instant.parse("2026-12-02T01:02:03.456Z");

    @Test
    void readsTheEventTimeOfACleanEventWithoutDecodingIt() throws Exception {
        CleanEvent event = CleanEvent.newBuilder().setEventId("e-ü-1").setTenantId("acme").setAgentId("support-agent")
                .setEventTime(TIME).setAgentEvent(AgentEvent.newBuilder(TestRecords.agentEvent(1)).build())
                .setPiiTypes(java.util.List.of()).setInjectionSuspected(false).setCostEur(null).setSampled(true)
                .setTags(java.util.List.of()).build();
        byte[] value = framed(event);

        assertThat(AvroEventTime.of(CleanEvent.class, "eventTime", 0).extractTimestamp(raw(value), 7L)).isEqualTo(TIME.toEpochMilli());
    }

    @Test
    void addsTheOffsetForAMinuteRowTimedAtItsLastMillisecond() throws Exception {
        Instant bucket = Instant.parse("2026-12-02T01:02:00Z");
        AgentMetrics row = AgentMetrics.newBuilder().setBucket(bucket).setTenantId("acme").setAgentId("a").setRequests(1)
                .setErrors(0).setErrorRate(0).setInputTokens(1).setOutputTokens(1).setCostEur(0.1).build();

        assertThat(AvroEventTime.of(AgentMetrics.class, "bucket", 59_999).extractTimestamp(raw(framed(row)), 7L))
                .isEqualTo(bucket.toEpochMilli() + 59_999);
    }

    @Test
    void aValueItCannotReadMovesNoWatermark() throws Exception {
        AvroEventTime time = AvroEventTime.of(CleanEvent.class, "eventTime", 0);
        byte[] valid = framed(CleanEvent.newBuilder().setEventId("e").setTenantId("t").setAgentId("a").setEventTime(TIME)
                .setPiiTypes(java.util.List.of()).setInjectionSuspected(false).setSampled(true).setTags(java.util.List.of()).build());

        assertThat(time.extractTimestamp(raw(null), 7L)).isEqualTo(Long.MIN_VALUE);
        assertThat(time.extractTimestamp(raw(new byte[] {1, 0, 0, 0, 1, 2, 3}), 7L)).as("bad magic byte").isEqualTo(Long.MIN_VALUE);
        assertThat(time.extractTimestamp(raw(Arrays.copyOf(valid, 8)), 7L)).as("cut short").isEqualTo(Long.MIN_VALUE);
        byte[] hugeLength = {0, 0, 0, 0, 1, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
        assertThat(time.extractTimestamp(raw(hugeLength), 7L)).as("absurd string length").isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void skipsUnionsAndEnumsToTheTimeOfARawAgentEventAndChannelMessage() throws Exception {
        // AgentEvent: parentSpanId (a union) and kind (an enum) stand before startTime; both branches of the union
        AgentEvent withParent = AgentEvent.newBuilder(TestRecords.agentEvent(1)).setParentSpanId("p-ä").setStartTime(TIME).build();
        AgentEvent root = AgentEvent.newBuilder(TestRecords.agentEvent(2)).setParentSpanId(null).setStartTime(TIME.plusMillis(5)).build();
        AvroEventTime spans = AvroEventTime.of(AgentEvent.class, "startTime", 0);
        assertThat(spans.extractTimestamp(raw(framed(withParent)), 7L)).isEqualTo(TIME.toEpochMilli());
        assertThat(spans.extractTimestamp(raw(framed(root)), 7L)).isEqualTo(TIME.toEpochMilli() + 5);

        // ChannelMessage: channel and direction (enums), mediaType (a union) before timestamp
        ChannelMessage message = ChannelMessage.newBuilder().setMessageId("m").setTenantId("t").setAgentId("a")
                .setConversationId("c").setUserId("u").setChannel(Channel.values()[Channel.values().length - 1])
                .setDirection(Direction.OUTBOUND).setText("hallo").setMediaType("text/plain").setTimestamp(TIME).build();
        assertThat(AvroEventTime.of(ChannelMessage.class, "timestamp", 0).extractTimestamp(raw(framed(message)), 7L))
                .isEqualTo(TIME.toEpochMilli());

        byte[] badBranch = framed(root);
        // the union's index sits after the six leading strings; a branch beyond the union is unreadable, not a time
        int unionAt = 5;
        for (int i = 0; i < 6; i++) {
            unionAt += 1 + (badBranch[unionAt] >> 1);
        }
        badBranch[unionAt] = 8;
        assertThat(spans.extractTimestamp(raw(badBranch), 7L)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void refusesAFieldBehindOneItCannotSkip() {
        // AgentEvent.attributes (a map) stands before cacheCreationInputTokens
        assertThatThrownBy(() -> AvroEventTime.of(AgentEvent.class, "cacheCreationInputTokens", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attributes");
        assertThatThrownBy(() -> AvroEventTime.of(CleanEvent.class, "tenantId", 0)).hasMessageContaining("no long field");
    }

    private static KafkaRawRecord raw(byte[] value) {
        return new KafkaRawRecord("t", 0, 0, 7L, null, value);
    }

    private static <T extends SpecificRecord> byte[] framed(T record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ConfluentWireFormat.header(42));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        @SuppressWarnings("unchecked")
        SpecificDatumWriter<T> writer = new SpecificDatumWriter<>((Class<T>) record.getClass());
        writer.write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
