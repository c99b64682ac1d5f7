package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.Schema;
import org.apache.flink.formats.avro.SchemaCoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Flink {@link SchemaCoder} for the Confluent wire format over our registry client, so Flink's
 * {@code RegistryAvroSerializationSchema} / {@code RegistryAvroDeserializationSchema} read and
 * write what Confluent serializers do. Writing registers the schema under the coder's subject;
 * a coder without a subject can only read.
 */
public final class ConfluentSchemaCoder implements SchemaCoder {

    private final SchemaRegistry registry;
    private final String subject;

    public ConfluentSchemaCoder(SchemaRegistry registry, String subject) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.subject = subject;
    }

    @Override
    public Schema readSchema(InputStream in) throws IOException {
        byte[] header = in.readNBytes(ConfluentWireFormat.HEADER_LENGTH);
        int schemaId = ConfluentWireFormat.schemaId(header);
        try {
            return registry.schemaById(schemaId);
        } catch (SchemaNotFoundException e) {
            throw new UndecodableRecordException(DecodeFailure.UNKNOWN_SCHEMA_ID,
                    "Schema id " + schemaId + " is unknown to the schema registry: " + e.getMessage(), e);
        }
    }

    @Override
    public void writeSchema(Schema schema, OutputStream out) throws IOException {
        if (subject == null) {
            throw new IllegalStateException("This ConfluentSchemaCoder was created for reading only (no subject); "
                    + "create it with the topic's subject to write.");
        }
        out.write(ConfluentWireFormat.header(registry.register(subject, schema)));
    }
}
