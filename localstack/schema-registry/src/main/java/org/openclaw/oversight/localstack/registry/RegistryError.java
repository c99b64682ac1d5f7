package org.openclaw.oversight.localstack.registry;

/**
 * A failure the client should see, carrying the HTTP status and the Confluent {@code error_code}.
 * Codes follow Confluent Schema Registry 7.x (the client Flink shades), because stock clients
 * branch on them, e.g. 40401 vs 40403 after a lookup.
 */
final class RegistryError extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;

    RegistryError(int httpStatus, int errorCode, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    int httpStatus() {
        return httpStatus;
    }

    int errorCode() {
        return errorCode;
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(String subject, String version) {
        return new RegistryError(404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
    }

    static RegistryError schemaNotFound(String what) {
        return new RegistryError(404, 40403, what);
    }

    static RegistryError subjectNotSoftDeleted(String subject) {
        return new RegistryError(404, 40405, "Subject '" + subject
                + "' was not deleted first before being permanently deleted; DELETE it without permanent=true first.");
    }

    static RegistryError versionNotSoftDeleted(String subject, int version) {
        return new RegistryError(404, 40407, "Subject '" + subject + "' version " + version
                + " was not deleted first before being permanently deleted; DELETE it without permanent=true first.");
    }

    static RegistryError subjectConfigNotFound(String subject) {
        return new RegistryError(404, 40408, "Subject '" + subject
                + "' does not have subject-level compatibility configured (add ?defaultToGlobal=true for the effective level).");
    }

    /** Confluent 7.x answers an incompatible schema with HTTP 409 and error_code 409. */
    static RegistryError incompatible(String message) {
        return new RegistryError(409, 409, message);
    }

    static RegistryError invalidSchema(String message) {
        return new RegistryError(422, 42201, message);
    }

    static RegistryError invalidVersion(String version) {
        return new RegistryError(422, 42202, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryError invalidCompatibilityLevel(String level) {
        return new RegistryError(422, 42203, "Invalid compatibility level '" + level + "'. Valid values are "
                + "NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
    }

    static RegistryError badRequest(String message) {
        return new RegistryError(400, 400, message);
    }

    static RegistryError storeFailure(String message) {
        return new RegistryError(500, 50001, message);
    }
}
