package org.openclaw.oversight.connectors.kafka;

import java.util.Objects;

/**
 * Why a validator refused a decoded record: {@code errorClass} is the machine-readable reason
 * written to {@code DeadLetter.errorClass} (snake_case, e.g. {@code text_too_large}), the message
 * says what was wrong for a human. Neither may quote the record's content (it may hold PII).
 */
public record Rejection(String errorClass, String message) {

    public Rejection {
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(message, "message");
    }

    public static Rejection of(String errorClass, String message) {
        return new Rejection(errorClass, message);
    }
}
