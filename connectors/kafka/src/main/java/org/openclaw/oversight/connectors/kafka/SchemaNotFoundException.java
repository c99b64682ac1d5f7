package org.openclaw.oversight.connectors.kafka;

/** The registry answered 404 for a schema id: the id was never registered there. */
public class SchemaNotFoundException extends SchemaRegistryException {

    private final int schemaId;

    public SchemaNotFoundException(int schemaId, String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
