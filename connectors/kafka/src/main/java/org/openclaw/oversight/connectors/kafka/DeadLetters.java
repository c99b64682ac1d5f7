package org.openclaw.oversight.connectors.kafka;

import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;
import org.openclaw.oversight.schema.DeadLetter;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The dead-letter side output and how a dead letter is made from a raw record.
 *
 * <p>Every letter is sealed: key and payload are encrypted with {@link DeadLetterCipher} (so the DLQ
 * topic holds them recoverable but not readable), the letter says which cipher and key
 * ({@code payloadEncryption}, {@code keyId}), and it keeps the size and SHA-256 of the whole value
 * as received. It is also cut so that its encoded size never exceeds what the DLQ topic accepts:
 * whatever is left after the other fields, up to {@code maxLetterBytes}, is the payload's share; a
 * letter whose key or payload was cut says {@code truncated=true} (and cannot be replayed, only
 * identified by its size and hash).
 */
public final class DeadLetters {

    /** Side output every job uses for records it cannot process; sink it with {@link KafkaSinks#deadLetters}. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    /**
     * Default cap on a letter's encoded size (wire-format header included): 768 KiB, well under the
     * 1 MiB that Kafka's producer ({@code max.request.size}) and broker ({@code message.max.bytes})
     * accept by default, leaving room for the record key (the source topic), headers and batch overhead.
     */
    public static final int DEFAULT_MAX_LETTER_BYTES = 768 * 1024;
    /** The smallest cap allowed: the fields other than the payload need up to ~25 KiB at their longest. */
    public static final int MIN_MAX_LETTER_BYTES = 64 * 1024;

    /** Keeps one dead letter small even when an exception message is huge. */
    static final int MAX_MESSAGE_LENGTH = 2000;
    /** errorClass, job and source topic are names; longer ones are cut. */
    static final int MAX_NAME_LENGTH = 255;
    /** Most of a record key a letter keeps (keys are ids; a larger one is cut). */
    static final int MAX_KEY_BYTES = 16 * 1024;
    /** Bytes the payload's length prefix and union branch take at most, for payloads below 2 MiB. */
    private static final int PAYLOAD_FRAMING = 4;

    private DeadLetters() {}

    /** As {@link #of(KafkaRawRecord, String, String, String, Instant, DeadLetterCipher, int)} with the default cap. */
    public static DeadLetter of(KafkaRawRecord raw, String errorClass, String errorMessage, String job, Instant failedAt,
            DeadLetterCipher cipher) {
        return of(raw, errorClass, errorMessage, job, failedAt, cipher, DEFAULT_MAX_LETTER_BYTES);
    }

    /**
     * A sealed dead letter for {@code raw}: coordinates, reason, encrypted key and payload (cut to fit
     * {@code maxLetterBytes}), size and SHA-256 of the whole value. {@code errorMessage} must say why,
     * never what the record contains.
     */
    public static DeadLetter of(KafkaRawRecord raw, String errorClass, String errorMessage, String job, Instant failedAt,
            DeadLetterCipher cipher, int maxLetterBytes) {
        if (maxLetterBytes < MIN_MAX_LETTER_BYTES) {
            throw new IllegalArgumentException("a dead letter needs at least " + MIN_MAX_LETTER_BYTES + " bytes, got " + maxLetterBytes);
        }
        String topic = cut(raw.topic == null ? "" : raw.topic, MAX_NAME_LENGTH);
        boolean keyCut = raw.key != null && raw.key.length > MAX_KEY_BYTES;
        String message = cut(errorMessage == null ? "" : errorMessage, MAX_MESSAGE_LENGTH);
        if (keyCut) {
            message = cut(message, MAX_MESSAGE_LENGTH - 60) + " [key cut to " + MAX_KEY_BYTES + " of " + raw.key.length + " bytes]";
        }
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setPartition(raw.partition)
                .setOffset(raw.offset)
                .setKey(raw.key == null ? null
                        : ByteBuffer.wrap(cipher.encrypt(keyCut ? Arrays.copyOf(raw.key, MAX_KEY_BYTES) : raw.key,
                                topic, raw.partition, raw.offset, "key")))
                .setPayload(raw.value == null ? null : ByteBuffer.allocate(0))
                .setErrorClass(cut(errorClass == null ? "" : errorClass, MAX_NAME_LENGTH))
                .setErrorMessage(message)
                .setJob(cut(job == null ? "" : job, MAX_NAME_LENGTH))
                .setFailedAt(failedAt)
                .setPayloadEncryption(DeadLetterCipher.ALGORITHM)
                .setKeyId(cipher.keyId())
                .setPayloadSize(raw.value == null ? null : (long) raw.value.length)
                .setPayloadSha256(raw.value == null ? null : sha256(raw.value))
                .setTruncated(keyCut)
                .build();
        if (raw.value == null) {
            return letter;
        }
        // the letter as it is, with an empty payload, decides how much of the value fits
        long withoutPayload = EncodedSize.exact(letter);
        int room = (int) Math.max(0, maxLetterBytes - withoutPayload - PAYLOAD_FRAMING - DeadLetterCipher.OVERHEAD);
        boolean payloadCut = raw.value.length > room;
        byte[] kept = payloadCut ? Arrays.copyOf(raw.value, room) : raw.value;
        letter.setPayload(ByteBuffer.wrap(cipher.encrypt(kept, topic, raw.partition, raw.offset, "payload")));
        letter.setTruncated(keyCut || payloadCut);
        return letter;
    }

    /** Hex SHA-256 of {@code bytes}, as in {@code DeadLetter.payloadSha256}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    private static String cut(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, maxChars) + "...";
    }
}
