package org.openclaw.oversight.connectors.kafka;

/**
 * The Confluent wire format: magic byte {@code 0}, the schema's global id as a 4-byte big-endian
 * int, then the Avro binary encoding of the record (no Avro container, no fingerprint).
 */
public final class ConfluentWireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;

    private ConfluentWireFormat() {}

    /** Writes the 5-byte header for {@code schemaId} into {@code target} at {@code offset}. */
    public static void writeHeader(int schemaId, byte[] target, int offset) {
        target[offset] = MAGIC_BYTE;
        target[offset + 1] = (byte) (schemaId >>> 24);
        target[offset + 2] = (byte) (schemaId >>> 16);
        target[offset + 3] = (byte) (schemaId >>> 8);
        target[offset + 4] = (byte) schemaId;
    }

    public static byte[] header(int schemaId) {
        byte[] header = new byte[HEADER_LENGTH];
        writeHeader(schemaId, header, 0);
        return header;
    }

    /**
     * Checks the header of {@code payload} and returns its schema id.
     *
     * @throws UndecodableRecordException with {@link DecodeFailure#NULL_PAYLOAD},
     *     {@link DecodeFailure#TRUNCATED} or {@link DecodeFailure#BAD_MAGIC_BYTE}
     */
    public static int schemaId(byte[] payload) {
        if (payload == null) {
            throw new UndecodableRecordException(DecodeFailure.NULL_PAYLOAD,
                    "Value is null (a tombstone); expected a Confluent-framed Avro record.");
        }
        if (payload.length < HEADER_LENGTH) {
            throw new UndecodableRecordException(DecodeFailure.TRUNCATED, "Value has " + payload.length
                    + " bytes; a Confluent-framed record needs at least " + HEADER_LENGTH
                    + " (magic byte + 4-byte schema id) before the Avro body.");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new UndecodableRecordException(DecodeFailure.BAD_MAGIC_BYTE, String.format(
                    "First byte is 0x%02x, expected 0x00 (Confluent wire format). The producer did not use a "
                            + "schema-registry Avro serializer.", payload[0] & 0xff));
        }
        return ((payload[1] & 0xff) << 24) | ((payload[2] & 0xff) << 16) | ((payload[3] & 0xff) << 8) | (payload[4] & 0xff);
    }

    /** The Confluent TopicNameStrategy subject for a topic's values: {@code <topic>-value}. */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }

    /** The Confluent TopicNameStrategy subject for a topic's keys: {@code <topic>-key}. */
    public static String keySubject(String topic) {
        return topic + "-key";
    }
}
