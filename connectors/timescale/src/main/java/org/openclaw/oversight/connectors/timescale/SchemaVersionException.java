package org.openclaw.oversight.connectors.timescale;

/**
 * The database's {@code oversight} schema is older than the migrations a job was built with; the
 * message names both versions and the command that migrates.
 */
public final class SchemaVersionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public SchemaVersionException(String message) {
        super(message);
    }
}
