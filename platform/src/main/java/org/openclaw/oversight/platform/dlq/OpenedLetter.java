package org.openclaw.oversight.platform.dlq;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.openclaw.oversight.connectors.kafka.DeadLetterCipher;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * A letter's key and payload as the source topic held them, decrypted in memory — or why they
 * cannot be had. Never written anywhere but to the terminal of {@code show} and to the source
 * topic by {@code replay}.
 *
 * @param key       the record key, null when it had none
 * @param payload   the value (cut when the letter is truncated), null for a tombstone or when refused
 * @param refusal   why the letter cannot be opened, null when it was
 * @param encrypted false for letters written before encryption (stored as received)
 * @param verified  the payload's SHA-256 equals the letter's payloadSha256
 */
record OpenedLetter(byte[] key, byte[] payload, String refusal, boolean encrypted, boolean verified) {

    /** Field names the job's cipher binds into each ciphertext (the DeadLetter fields they fill). */
    static final String KEY_FIELD = "key";
    static final String PAYLOAD_FIELD = "payload";

    boolean opened() {
        return refusal == null;
    }

    static OpenedLetter open(StoredLetter stored, DeadLetterCipher cipher) {
        DeadLetter letter = stored.letter();
        byte[] sealedKey = bytes(letter.getKey());
        byte[] sealedPayload = bytes(letter.getPayload());
        String encryption = letter.getPayloadEncryption();
        if (encryption == null) {
            return new OpenedLetter(sealedKey, sealedPayload, null, false, matchesDigest(letter, sealedPayload));
        }
        if (!DeadLetterCipher.ALGORITHM.equals(encryption)) {
            return refused("encrypted with " + encryption + ", which this version cannot decrypt (only "
                    + DeadLetterCipher.ALGORITHM + ")");
        }
        if (letter.getKeyId() != null && !letter.getKeyId().equals(cipher.keyId())) {
            return refused("encrypted with DLQ key id " + letter.getKeyId() + ", not with the key given (id "
                    + cipher.keyId() + "); use the key the job had when it wrote the letter");
        }
        try {
            byte[] key = sealedKey == null ? null : cipher.decrypt(sealedKey, letter.getSourceTopic(),
                    letter.getPartition(), letter.getOffset(), KEY_FIELD);
            byte[] payload = sealedPayload == null ? null : cipher.decrypt(sealedPayload, letter.getSourceTopic(),
                    letter.getPartition(), letter.getOffset(), PAYLOAD_FIELD);
            return new OpenedLetter(key, payload, null, true, matchesDigest(letter, payload));
        } catch (IllegalArgumentException e) {
            return refused(e.getMessage() + (letter.getTruncated() ? "; the letter is truncated" : ""));
        }
    }

    private static OpenedLetter refused(String why) {
        return new OpenedLetter(null, null, Objects.requireNonNull(why), true, false);
    }

    private static boolean matchesDigest(DeadLetter letter, byte[] payload) {
        return payload != null && letter.getPayloadSha256() != null
                && letter.getPayloadSha256().equalsIgnoreCase(sha256(payload));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
