package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Map;

/**
 * Kafka {@link Serializer} that writes generated Avro records in the Confluent wire format,
 * registering the record's schema under {@code <topic>-value} (TopicNameStrategy), or
 * {@code <topic>-key} when configured as a key serializer.
 *
 * <p>Construct it with the registry URL, or let Kafka construct it and set
 * {@value #REGISTRY_URL_CONFIG} in the producer config. One instance per producer (Kafka calls a
 * producer's serializer from the sending thread only).
 */
public class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    /** Same property name as Confluent's serializers, so existing producer configs work. */
    public static final String REGISTRY_URL_CONFIG = "schema.registry.url";

    private ConfluentAvroEncoder encoder;
    private boolean isKey;

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public ConfluentAvroSerializer() {}

    public ConfluentAvroSerializer(String registryUrl) {
        this(SchemaRegistryClient.forUrl(registryUrl));
    }

    public ConfluentAvroSerializer(SchemaRegistry registry) {
        this.encoder = new ConfluentAvroEncoder(registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        Object url = configs.get(REGISTRY_URL_CONFIG);
        if (encoder == null) {
            if (url == null) {
                throw new IllegalArgumentException("ConfluentAvroSerializer needs '" + REGISTRY_URL_CONFIG
                        + "' in the producer config (e.g. http://127.0.0.1:8081).");
            }
            encoder = new ConfluentAvroEncoder(SchemaRegistryClient.forUrl(url.toString()));
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (encoder == null) {
            throw new IllegalStateException("ConfluentAvroSerializer was created without a registry URL and not configured; "
                    + "set '" + REGISTRY_URL_CONFIG + "' in the producer config.");
        }
        String subject = isKey ? ConfluentWireFormat.keySubject(topic) : ConfluentWireFormat.valueSubject(topic);
        return encoder.encode(subject, data);
    }
}
