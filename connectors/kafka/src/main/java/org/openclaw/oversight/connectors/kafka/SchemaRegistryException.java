package org.openclaw.oversight.connectors.kafka;

/**
 * The schema registry answered with an error or could not be reached. {@link #httpStatus()} and
 * {@link #errorCode()} carry the registry's answer ({@code -1} when there was none).
 */
public class SchemaRegistryException extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        this(message, httpStatus, errorCode, null);
    }

    /** HTTP status of the registry's answer, or -1 if no answer arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent {@code error_code} (e.g. 40403 schema not found, 409 incompatible), or -1. */
    public int errorCode() {
        return errorCode;
    }
}
