package org.openclaw.oversight.connectors.kafka;

/**
 * Why a Kafka value could not be decoded. {@link #errorClass()} is the machine-readable reason
 * written to {@code DeadLetter.errorClass}; operators filter the dead-letter topic on it.
 */
public enum DecodeFailure {
    /** The value is null (a tombstone) where a record was expected. */
    NULL_PAYLOAD("null_payload"),
    /** Fewer than 5 bytes: not even the magic byte and schema id are there (includes empty values). */
    TRUNCATED("truncated"),
    /** First byte is not 0: not Confluent-framed (plain JSON, raw Avro, another serializer). */
    BAD_MAGIC_BYTE("bad_magic_byte"),
    /** The registry does not know the 4-byte schema id (404). */
    UNKNOWN_SCHEMA_ID("unknown_schema_id"),
    /** The writer schema cannot be resolved to the reader type (different record, no default for a new field...). */
    INCOMPATIBLE_SCHEMA("incompatible_schema"),
    /** The Avro body ended before the record was complete (cut-off message, or a length pointing past the end). */
    TRUNCATED_AVRO("truncated_avro"),
    /** The Avro body is not valid for the writer schema (bad union index, negative length, bad enum...). */
    CORRUPT_AVRO("corrupt_avro"),
    /** A complete record was read but bytes were left over: framing is wrong or two values were concatenated. */
    TRAILING_BYTES("trailing_bytes"),
    /**
     * The value is larger than the job accepts ({@link KafkaConnection#maxRecordBytes()}): what it would
     * become downstream could exceed a sink's size limit. Checked before decoding.
     */
    RECORD_TOO_LARGE("record_too_large");

    private final String errorClass;

    DecodeFailure(String errorClass) {
        this.errorClass = errorClass;
    }

    public String errorClass() {
        return errorClass;
    }
}
