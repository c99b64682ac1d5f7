package org.openclaw.oversight.connectors.kafka.compat;

import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericData;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericRecord;
import org.apache.flink.formats.avro.registry.confluent.ConfluentRegistryAvroDeserializationSchema;
import org.apache.flink.formats.avro.registry.confluent.ConfluentRegistryAvroSerializationSchema;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDeserializer;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.ConfluentWireFormat;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.HeartbeatStatus;
import org.openclaw.oversight.schema.SpanStatus;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our wire format against the real Confluent schema-registry client as shipped (relocated) in
 * flink-sql-avro-confluent-registry: Flink's avro-confluent format, built on Confluent's
 * CachedSchemaRegistryClient. Both directions, two record types, the embedded registry in between.
 */
@ExtendWith(LocalStackExtension.class)
class ConfluentClientCompatibilityITCase {

    private static final org.apache.flink.avro.shaded.org.apache.avro.Schema THEIR_EVENT_SCHEMA = theirs(AgentEvent.getClassSchema());
    private static final org.apache.flink.avro.shaded.org.apache.avro.Schema THEIR_HEARTBEAT_SCHEMA = theirs(AgentHeartbeat.getClassSchema());

    @Test
    void oursWritesTheirsReads(EmbeddedSchemaRegistry registry) throws Exception {
        String topic = "compat.ours-to-theirs." + UUID.randomUUID();
        try (ConfluentAvroSerializer<SpecificRecordBase> ours = new ConfluentAvroSerializer<>(registry.url())) {
            ConfluentRegistryAvroDeserializationSchema<GenericRecord> theirEvents =
                    ConfluentRegistryAvroDeserializationSchema.forGeneric(THEIR_EVENT_SCHEMA, registry.url());
            for (AgentEvent event : events()) {
                byte[] bytes = ours.serialize(topic, event);
                assertThat(normalised(theirEvents.deserialize(bytes))).isEqualTo(normalised(event));
            }

            ConfluentRegistryAvroDeserializationSchema<GenericRecord> theirBeats =
                    ConfluentRegistryAvroDeserializationSchema.forGeneric(THEIR_HEARTBEAT_SCHEMA, registry.url());
            AgentHeartbeat beat = heartbeat();
            assertThat(normalised(theirBeats.deserialize(ours.serialize(topic + ".hb", beat)))).isEqualTo(normalised(beat));

            // their client sees what we registered: the id in our header names the schema we wrote with
            byte[] bytes = ours.serialize(topic, events().get(0));
            CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(registry.url(), 10);
            org.apache.flink.avro.shaded.org.apache.avro.Schema registered = (org.apache.flink.avro.shaded.org.apache.avro.Schema)
                    client.getSchemaById(ConfluentWireFormat.schemaId(bytes)).rawSchema();
            assertThat(registered).isEqualTo(THEIR_EVENT_SCHEMA);
            assertThat(client.getLatestSchemaMetadata(topic + "-value").getId()).isEqualTo(ConfluentWireFormat.schemaId(bytes));
        }
    }

    @Test
    void theirsWritesOursReads(EmbeddedSchemaRegistry registry) throws Exception {
        String topic = "compat.theirs-to-ours." + UUID.randomUUID();
        ConfluentRegistryAvroSerializationSchema<GenericRecord> theirEvents =
                ConfluentRegistryAvroSerializationSchema.forGeneric(topic + "-value", THEIR_EVENT_SCHEMA, registry.url());
        try (ConfluentAvroDeserializer<AgentEvent> ours = new ConfluentAvroDeserializer<>(registry.url(), AgentEvent.class)) {
            for (AgentEvent event : events()) {
                byte[] bytes = theirEvents.serialize(asTheirRecord(event));
                assertThat(bytes[0]).isZero();
                assertThat(ours.deserialize(topic, bytes)).isEqualTo(event);
            }
        }
        ConfluentRegistryAvroSerializationSchema<GenericRecord> theirBeats =
                ConfluentRegistryAvroSerializationSchema.forGeneric(topic + ".hb-value", THEIR_HEARTBEAT_SCHEMA, registry.url());
        try (ConfluentAvroDeserializer<AgentHeartbeat> ours = new ConfluentAvroDeserializer<>(registry.url(), AgentHeartbeat.class)) {
            AgentHeartbeat beat = heartbeat();
            assertThat(ours.deserialize(topic + ".hb", theirBeats.serialize(asTheirRecord(beat)))).isEqualTo(beat);
        }
    }

    private static org.apache.flink.avro.shaded.org.apache.avro.Schema theirs(org.apache.avro.Schema ours) {
        return new org.apache.flink.avro.shaded.org.apache.avro.Schema.Parser().parse(ours.toString());
    }

    /** Our specific record as their generic record: logical timestamps as epoch millis, enums as their symbols. */
    private static GenericRecord asTheirRecord(SpecificRecordBase record) {
        org.apache.flink.avro.shaded.org.apache.avro.Schema schema = theirs(record.getSchema());
        GenericRecord generic = new GenericData.Record(schema);
        for (org.apache.flink.avro.shaded.org.apache.avro.Schema.Field field : schema.getFields()) {
            Object value = record.get(field.name());
            if (value instanceof Instant instant) {
                value = instant.toEpochMilli();
            } else if (value instanceof Enum<?> symbol) {
                org.apache.flink.avro.shaded.org.apache.avro.Schema enumSchema = field.schema().getType()
                        == org.apache.flink.avro.shaded.org.apache.avro.Schema.Type.UNION ? field.schema().getTypes().get(1) : field.schema();
                value = new GenericData.EnumSymbol(enumSchema, symbol.name());
            }
            generic.put(field.name(), value);
        }
        return generic;
    }

    private static Map<String, Object> normalised(SpecificRecordBase record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        record.getSchema().getFields().forEach(f -> fields.put(f.name(), normalised(record.get(f.pos()))));
        return fields;
    }

    private static Map<String, Object> normalised(GenericRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        record.getSchema().getFields().forEach(f -> fields.put(f.name(), normalised(record.get(f.pos()))));
        return fields;
    }

    /** Makes values of the two Avro copies comparable: text as String, time as millis, enums by name. */
    private static Object normalised(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof Enum<?> symbol) {
            return symbol.name();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(k.toString(), normalised(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            list.forEach(v -> items.add(normalised(v)));
            return items;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return List.of(bytes);
        }
        return value.toString(); // Utf8, String, their EnumSymbol
    }

    private static List<AgentEvent> events() {
        List<AgentEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(AgentEvent.newBuilder()
                    .setEventId("evt-" + i).setTenantId("acme").setAgentId("finance-bot").setAgentVersion("3.1.0")
                    .setTraceId("trace-" + i).setSpanId("span-" + i).setParentSpanId(i % 2 == 0 ? null : "span-0")
                    .setKind(EventKind.values()[i % EventKind.values().length]).setName("step-" + i)
                    .setStartTime(Instant.ofEpochMilli(1_760_000_000_123L + i)).setDurationMs(10L * i)
                    .setStatus(i % 4 == 0 ? SpanStatus.TIMEOUT : SpanStatus.OK)
                    .setModel(i % 3 == 0 ? null : "gpt-4o").setInputTokens(i * 100L).setOutputTokens(i * 7L)
                    .setToolName(i % 2 == 0 ? "lookup_invoice" : null).setToolSuccess(i % 2 == 0 ? Boolean.TRUE : null)
                    .setInput("IBAN DE89 3704 0044 0532 0130 00, café ✓").setOutput(null)
                    .setChannel(i % 2 == 0 ? Channel.TEAMS : null).setQualityScore(i % 2 == 0 ? 0.5 + i / 100.0 : null)
                    .setAttributes(i == 0 ? Map.of() : Map.of("k" + i, "v" + i, "region", "eu"))
                    .build());
        }
        return events;
    }

    private static AgentHeartbeat heartbeat() {
        return AgentHeartbeat.newBuilder().setTenantId("acme").setAgentId("hr-bot").setAgentVersion("1.0.0")
                .setTimestamp(Instant.ofEpochMilli(1_760_000_123_456L)).setStatus(HeartbeatStatus.DEGRADED).build();
    }
}
