package org.openclaw.oversight.connectors.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfluentAvroDecoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBJECT = "oversight.agent-events.v1-value";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentAvroEncoder encoder = new ConfluentAvroEncoder(registry);
    private final ConfluentAvroDecoder<AgentEvent> decoder = new ConfluentAvroDecoder<>(registry, AgentEvent.class);

    @Test
    void roundTripsAgentEventsAndHeartbeats() {
        for (int i = 0; i < 20; i++) {
            AgentEvent event = TestRecords.agentEvent(i);
            byte[] bytes = encoder.encode(SUBJECT, event);
            assertThat(bytes[0]).isEqualTo((byte) 0);
            assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(registry.register(SUBJECT, AgentEvent.getClassSchema()));
            assertThat(decoder.decode(bytes)).isEqualTo(event);
        }
        ConfluentAvroDecoder<AgentHeartbeat> heartbeats = new ConfluentAvroDecoder<>(registry, AgentHeartbeat.class);
        AgentHeartbeat heartbeat = TestRecords.heartbeat(7);
        assertThat(heartbeats.decode(encoder.encode("oversight.heartbeats.v1-value", heartbeat))).isEqualTo(heartbeat);
    }

    @Test
    void olderWriterWithoutDefaultedFieldsDecodesWithDefaults() throws IOException {
        Schema older = withoutFields(AgentEvent.getClassSchema(), "attributes", "userSatisfaction", "cachedInputTokens");
        AgentEvent event = TestRecords.agentEvent(4);
        byte[] bytes = frame(registry.register(SUBJECT, older), older, asGeneric(event, older));

        AgentEvent decoded = decoder.decode(bytes);

        assertThat(decoded.getEventId()).isEqualTo(event.getEventId());
        assertThat(decoded.getInput()).isEqualTo(event.getInput());
        assertThat(decoded.getStartTime()).isEqualTo(event.getStartTime());
        assertThat(decoded.getAttributes()).isEmpty();
        assertThat(decoded.getCachedInputTokens()).isZero();
        assertThat(decoded.getUserSatisfaction()).isNull();
    }

    @Test
    void newerWriterWithAnExtraFieldDecodesIgnoringIt() throws IOException {
        Schema newer = withExtraStringField(AgentEvent.getClassSchema(), "conversationId");
        AgentEvent event = TestRecords.agentEvent(5);
        GenericRecord record = asGeneric(event, newer);
        record.put("conversationId", "conv-9");
        byte[] bytes = frame(registry.register(SUBJECT, newer), newer, record);

        assertThat(decoder.decode(bytes)).isEqualTo(event);
    }

    @Test
    void writerMissingARequiredFieldIsIncompatibleSchema() throws IOException {
        Schema broken = withoutFields(AgentEvent.getClassSchema(), "eventId");
        byte[] bytes = frame(registry.register(SUBJECT, broken), broken, asGeneric(TestRecords.agentEvent(1), broken));

        assertFailure(bytes, DecodeFailure.INCOMPATIBLE_SCHEMA, "eventId");
        // cached verdict, same answer the second time
        assertFailure(bytes, DecodeFailure.INCOMPATIBLE_SCHEMA, "eventId");
    }

    @Test
    void recordOfAnotherTypeIsIncompatibleSchema() {
        byte[] heartbeat = encoder.encode("oversight.heartbeats.v1-value", TestRecords.heartbeat(1));
        assertFailure(heartbeat, DecodeFailure.INCOMPATIBLE_SCHEMA, "AgentHeartbeat");
    }

    @Test
    void unknownSchemaIdIsTyped() {
        byte[] bytes = encoder.encode(SUBJECT, TestRecords.agentEvent(1));
        ConfluentWireFormat.writeHeader(987_654, bytes, 0);
        assertFailure(bytes, DecodeFailure.UNKNOWN_SCHEMA_ID, "987654");
    }

    @Test
    void headerFailuresAreTyped() {
        assertFailure(null, DecodeFailure.NULL_PAYLOAD, "tombstone");
        assertFailure(new byte[0], DecodeFailure.TRUNCATED, "0 bytes");
        assertFailure(new byte[] {0, 0, 1}, DecodeFailure.TRUNCATED, "3 bytes");
        byte[] valid = encoder.encode(SUBJECT, TestRecords.agentEvent(1));
        valid[0] = 1;
        assertFailure(valid, DecodeFailure.BAD_MAGIC_BYTE, "0x01");
    }

    @Test
    void headerWithoutBodyAndCutOffBodiesAreTruncatedAvro() {
        byte[] valid = encoder.encode(SUBJECT, TestRecords.agentEvent(2));
        assertFailure(Arrays.copyOf(valid, ConfluentWireFormat.HEADER_LENGTH), DecodeFailure.TRUNCATED_AVRO, "ended before");
        for (int cut = ConfluentWireFormat.HEADER_LENGTH + 1; cut < valid.length; cut += 7) {
            assertFailure(Arrays.copyOf(valid, cut), DecodeFailure.TRUNCATED_AVRO, "ended before");
        }
    }

    @Test
    void invalidBodiesAreCorruptAvro() {
        int id = registry.register(SUBJECT, AgentEvent.getClassSchema());
        // first field (string eventId) with a negative length: zig-zag varint 0x01 = -1
        assertFailure(withHeader(id, 0x01, 'a', 'b'), DecodeFailure.CORRUPT_AVRO, "negative");

        // parentSpanId (7th field) is a union ["null","string"]; index 5 does not exist
        byte[] body = withHeader(id, 2, 'e', 2, 't', 2, 'a', 2, 'v', 2, 't', 2, 's', 10);
        assertFailure(body, DecodeFailure.CORRUPT_AVRO, "");
    }

    @Test
    void hugeDeclaredLengthFailsWithoutExhaustingMemory() {
        int id = registry.register(SUBJECT, AgentEvent.getClassSchema());
        // eventId claims ~1 GiB (zig-zag varint of 2^30) in a 10-byte body
        byte[] payload = withHeader(id, 0x80, 0x80, 0x80, 0x80, 0x08, 'x', 'y', 'z');
        assertFailure(payload, DecodeFailure.TRUNCATED_AVRO, "String length declares");
    }

    @Test
    void hugeDeclaredMapSizeFailsWithoutExhaustingMemory() {
        AgentEvent event = TestRecords.agentEvent(6);
        event.setAttributes(Map.of());
        event.setCacheCreationInputTokens(0L);
        byte[] valid = encoder.encode(SUBJECT, event);
        // attributes is followed by cacheCreationInputTokens: an empty map and a long 0 are the last two bytes 0, 0
        assertThat(AgentEvent.getClassSchema().getFields().get(AgentEvent.getClassSchema().getFields().size() - 2).name())
                .isEqualTo("attributes");
        assertThat(Arrays.copyOfRange(valid, valid.length - 2, valid.length)).containsExactly(0, 0);
        byte[] bomb = Arrays.copyOf(valid, valid.length + 4);
        byte[] count = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 0};
        System.arraycopy(count, 0, bomb, valid.length - 2, count.length);
        assertFailure(bomb, DecodeFailure.TRUNCATED_AVRO, "Map block size");
    }

    @Test
    void bytesAfterACompleteRecordAreTrailingBytes() {
        byte[] valid = encoder.encode(SUBJECT, TestRecords.agentEvent(3));
        byte[] padded = Arrays.copyOf(valid, valid.length + 3);
        assertFailure(padded, DecodeFailure.TRAILING_BYTES, "3 bytes");
    }

    @Test
    void decoderRecoversAfterFailures() {
        byte[] valid = encoder.encode(SUBJECT, TestRecords.agentEvent(8));
        assertFailure(Arrays.copyOf(valid, valid.length - 4), DecodeFailure.TRUNCATED_AVRO, "");
        assertThat(decoder.decode(valid)).isEqualTo(TestRecords.agentEvent(8));
    }

    @Test
    void kafkaSerializerAndDeserializerUseValueSubjectOfTheTopic() {
        try (ConfluentAvroSerializer<AgentEvent> serializer = new ConfluentAvroSerializer<>(registry);
             ConfluentAvroDeserializer<AgentEvent> deserializer = new ConfluentAvroDeserializer<>(registry, AgentEvent.class)) {
            AgentEvent event = TestRecords.agentEvent(11);
            byte[] bytes = serializer.serialize("oversight.agent-events.v1", event);
            assertThat(deserializer.deserialize("oversight.agent-events.v1", bytes)).isEqualTo(event);
            assertThat(serializer.serialize("t", null)).isNull();
            assertThat(deserializer.deserialize("t", null)).isNull();
            assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {9, 9, 9, 9, 9, 9}))
                    .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                    .hasMessageContaining("0x09");
        }
    }

    private void assertFailure(byte[] payload, DecodeFailure reason, String messagePart) {
        assertThatThrownBy(() -> decoder.decode(payload))
                .isInstanceOfSatisfying(UndecodableRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).containsIgnoringCase(messagePart);
                });
    }

    private static byte[] withHeader(int schemaId, int... body) {
        byte[] bytes = new byte[ConfluentWireFormat.HEADER_LENGTH + body.length];
        ConfluentWireFormat.writeHeader(schemaId, bytes, 0);
        for (int i = 0; i < body.length; i++) {
            bytes[ConfluentWireFormat.HEADER_LENGTH + i] = (byte) body[i];
        }
        return bytes;
    }

    static byte[] frame(int schemaId, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ConfluentWireFormat.header(schemaId));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema, GenericData.get()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Copies the fields {@code schema} has from a specific record, as Avro's generic representation. */
    static GenericRecord asGeneric(AgentEvent event, Schema schema) {
        GenericRecord generic = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            Schema.Field source = event.getSchema().getField(field.name());
            if (source == null) {
                continue;
            }
            Object value = event.get(source.pos());
            if (value instanceof java.time.Instant instant) {
                value = instant.toEpochMilli();
            } else if (value instanceof Enum<?> e) {
                value = new GenericData.EnumSymbol(source.schema().getType() == Schema.Type.UNION
                        ? source.schema().getTypes().get(1) : source.schema(), e.name());
            } else if (value instanceof Map<?, ?> map) {
                value = map;
            }
            generic.put(field.name(), value);
        }
        return generic;
    }

    static Schema withoutFields(Schema schema, String... names) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(schema.toString());
        ArrayNode fields = (ArrayNode) json.get("fields");
        for (Iterator<?> it = fields.iterator(); it.hasNext(); ) {
            ObjectNode field = (ObjectNode) it.next();
            if (Arrays.asList(names).contains(field.get("name").asText())) {
                it.remove();
            }
        }
        return new Schema.Parser().parse(json.toString());
    }

    static Schema withExtraStringField(Schema schema, String name) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(schema.toString());
        ObjectNode field = ((ArrayNode) json.get("fields")).addObject();
        field.put("name", name);
        field.put("type", "string");
        field.put("default", "");
        return new Schema.Parser().parse(json.toString());
    }
}
