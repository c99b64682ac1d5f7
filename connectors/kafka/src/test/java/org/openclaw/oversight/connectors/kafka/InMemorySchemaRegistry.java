package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.Schema;

import java.util.HashMap;
import java.util.Map;

/** Registry semantics without HTTP, for the pure wire-format tests: one global id per distinct schema. */
final class InMemorySchemaRegistry implements SchemaRegistry {

    private final Map<Schema, Integer> ids = new HashMap<>();
    private final Map<Integer, Schema> schemas = new HashMap<>();
    private int nextId = 1;

    @Override
    public synchronized int register(String subject, Schema schema) {
        return ids.computeIfAbsent(schema, s -> {
            int id = nextId++;
            schemas.put(id, s);
            return id;
        });
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemas.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException(id, "Schema " + id + " not found", 404, 40403);
        }
        return schema;
    }
}
