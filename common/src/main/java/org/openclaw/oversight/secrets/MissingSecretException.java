package org.openclaw.oversight.secrets;

/** A secret key is missing, unreadable or too short; the message says what to set. */
public final class MissingSecretException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public MissingSecretException(String message) {
        super(message);
    }
}
