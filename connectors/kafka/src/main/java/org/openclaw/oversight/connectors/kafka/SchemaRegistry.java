package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.Schema;

/**
 * The two schema-registry operations the Confluent wire format needs. {@link SchemaRegistryClient}
 * speaks the Confluent REST API; the interface exists so the wire format can be exercised without
 * a network round trip.
 */
public interface SchemaRegistry {

    /**
     * Registers {@code schema} under {@code subject} (or finds it if already registered) and
     * returns its global id.
     *
     * @throws SchemaRegistryException if the registry refuses the schema or cannot be reached
     */
    int register(String subject, Schema schema);

    /**
     * Returns the writer schema with the given global id.
     *
     * @throws SchemaNotFoundException if the registry does not know the id
     * @throws SchemaRegistryException if the registry cannot be reached or answers an error
     */
    Schema schemaById(int id);
}
