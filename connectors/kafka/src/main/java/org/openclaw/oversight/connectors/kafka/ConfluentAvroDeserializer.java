package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} for Confluent-framed Avro values into a generated class. An
 * undecodable value throws {@link UndecodableRecordException} (a Kafka
 * {@code SerializationException}) whose {@code reason()} says why; a null value (tombstone) is
 * returned as null, as Kafka deserializers conventionally do.
 *
 * <p>For Flink jobs use {@link KafkaSources} instead: it never fails on a bad record but
 * dead-letters it.
 */
public class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final ConfluentAvroDecoder<T> decoder;

    public ConfluentAvroDeserializer(String registryUrl, Class<T> type) {
        this(SchemaRegistryClient.forUrl(registryUrl), type);
    }

    public ConfluentAvroDeserializer(SchemaRegistry registry, Class<T> type) {
        this.decoder = new ConfluentAvroDecoder<>(registry, type);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : decoder.decode(data);
    }
}
