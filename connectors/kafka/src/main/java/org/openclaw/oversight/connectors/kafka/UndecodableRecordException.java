package org.openclaw.oversight.connectors.kafka;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A Kafka value is not a decodable Confluent-framed Avro record. {@link #reason()} says why, in a
 * form a dead-letter consumer can filter on. The message never contains the payload itself (it may
 * hold personal data).
 */
public class UndecodableRecordException extends SerializationException {

    private final DecodeFailure reason;

    public UndecodableRecordException(DecodeFailure reason, String message) {
        super(message);
        this.reason = reason;
    }

    public UndecodableRecordException(DecodeFailure reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public DecodeFailure reason() {
        return reason;
    }
}
