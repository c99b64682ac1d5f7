package org.openclaw.oversight.connectors.kafka;

/**
 * No answer from the registry (connection refused, timeout, broken connection). Transient by
 * nature, so readers never dead-letter a record for it: the job fails and restarts from its last
 * checkpoint instead.
 */
public class SchemaRegistryUnreachableException extends SchemaRegistryException {

    public SchemaRegistryUnreachableException(String message, Throwable cause) {
        super(message, -1, -1, cause);
    }
}
