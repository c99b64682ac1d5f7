package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.formats.avro.RegistryAvroDeserializationSchema;
import org.apache.flink.formats.avro.RegistryAvroSerializationSchema;

/**
 * Flink (de)serialization schemas for Confluent-framed Avro, built on flink-avro's registry
 * schemas with our {@link ConfluentSchemaCoderProvider}.
 *
 * <p>The deserialization schema throws on a bad record (Flink's contract); Kafka readers in our
 * jobs use {@link KafkaSources} instead, which dead-letters with a typed reason.
 */
public final class ConfluentAvroFormat {

    private ConfluentAvroFormat() {}

    /** Writes records of {@code type}, registering their schema under {@code <topic>-value}. */
    public static <T extends SpecificRecord> RegistryAvroSerializationSchema<T> serializationSchema(
            Class<T> type, String registryUrl, String topic) {
        return RegistryAvroSerializationSchema.forSpecific(type,
                ConfluentSchemaCoderProvider.forWritingTopic(registryUrl, topic));
    }

    /** Reads records of {@code type}, resolving each writer schema by the id in the header. */
    public static <T extends SpecificRecord> RegistryAvroDeserializationSchema<T> deserializationSchema(
            Class<T> type, String registryUrl) {
        return new RegistryAvroDeserializationSchema<>(type, null, ConfluentSchemaCoderProvider.forReading(registryUrl));
    }
}
