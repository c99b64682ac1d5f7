package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Encodes generated Avro records in the Confluent wire format, registering the record's schema
 * under the given subject on first use (the id is cached by the registry client). Not thread-safe
 * (it reuses its buffer); give each thread its own instance.
 */
public final class ConfluentAvroEncoder {

    private final SchemaRegistry registry;
    private final Map<Schema, SpecificDatumWriter<SpecificRecord>> writers = new HashMap<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private BinaryEncoder reusedEncoder;

    public ConfluentAvroEncoder(SchemaRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Returns magic byte + schema id + Avro binary of {@code record}; null for a null record
     * (Kafka's tombstone).
     *
     * @throws SchemaRegistryException if the schema cannot be registered under {@code subject}
     */
    public byte[] encode(String subject, SpecificRecord record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        int schemaId = registry.register(subject, schema);
        SpecificDatumWriter<SpecificRecord> writer = writers.computeIfAbsent(schema,
                s -> new SpecificDatumWriter<>(s, SpecificData.getForClass(record.getClass())));
        buffer.reset();
        buffer.writeBytes(ConfluentWireFormat.header(schemaId));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer, reusedEncoder);
        reusedEncoder = encoder;
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode " + schema.getFullName() + " for subject " + subject, e);
        }
        return buffer.toByteArray();
    }
}
