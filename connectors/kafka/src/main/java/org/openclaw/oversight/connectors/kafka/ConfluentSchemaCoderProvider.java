package org.openclaw.oversight.connectors.kafka;

import org.apache.flink.formats.avro.SchemaCoder;

import java.util.Objects;

/**
 * Serializable recipe for a {@link ConfluentSchemaCoder}: Flink ships it to the task managers,
 * where {@link #get()} builds the coder over the JVM-wide shared {@link SchemaRegistryClient}.
 */
public final class ConfluentSchemaCoderProvider implements SchemaCoder.SchemaCoderProvider {

    private static final long serialVersionUID = 1L;

    private final String registryUrl;
    private final String subject;

    /** @param subject the subject to register under when writing; null for a read-only coder */
    public ConfluentSchemaCoderProvider(String registryUrl, String subject) {
        this.registryUrl = SchemaRegistryClient.normalise(registryUrl);
        this.subject = subject;
    }

    public static ConfluentSchemaCoderProvider forWritingTopic(String registryUrl, String topic) {
        return new ConfluentSchemaCoderProvider(registryUrl, ConfluentWireFormat.valueSubject(topic));
    }

    public static ConfluentSchemaCoderProvider forReading(String registryUrl) {
        return new ConfluentSchemaCoderProvider(registryUrl, null);
    }

    @Override
    public SchemaCoder get() {
        return new ConfluentSchemaCoder(SchemaRegistryClient.forUrl(registryUrl), subject);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfluentSchemaCoderProvider other
                && registryUrl.equals(other.registryUrl) && Objects.equals(subject, other.subject);
    }

    @Override
    public int hashCode() {
        return Objects.hash(registryUrl, subject);
    }
}
