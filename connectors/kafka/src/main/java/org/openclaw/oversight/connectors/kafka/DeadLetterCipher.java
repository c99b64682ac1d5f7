package org.openclaw.oversight.connectors.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openclaw.oversight.secrets.SecretSource;

/**
 * Encrypts what a dead letter keeps of a record (key and payload) so the DLQ topic holds it
 * recoverable but not readable: AES-256-GCM, the AES key the SHA-256 of the DLQ key material, a
 * fresh 96-bit IV per field, and the letter's coordinates and field name as associated data (a
 * ciphertext moved to another letter or field does not decrypt). Layout of an encrypted field:
 * version byte {@code 1}, 12-byte IV, ciphertext with its 16-byte tag.
 */
public final class DeadLetterCipher {

    /** Value of {@code DeadLetter.payloadEncryption}. */
    public static final String ALGORITHM = "AES-256-GCM/v1";
    /** Bytes an encrypted field is longer than its plain text. */
    public static final int OVERHEAD = 1 + 12 + 16;

    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    private DeadLetterCipher(byte[] material) {
        try {
            byte[] aes = MessageDigest.getInstance("SHA-256").digest(material);
            this.key = new SecretKeySpec(aes, "AES");
            Arrays.fill(aes, (byte) 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
        this.keyId = SecretSource.keyId(material);
        Arrays.fill(material, (byte) 0);
    }

    /** Reads the key where this is called (an operator's open, a CLI command); fails closed. */
    public static DeadLetterCipher open(SecretSource source) {
        return new DeadLetterCipher(source.read());
    }

    /** Value of {@code DeadLetter.keyId} for letters this cipher writes. */
    public String keyId() {
        return keyId;
    }

    public byte[] encrypt(byte[] plain, String topic, int partition, long offset, String field) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(topic, partition, offset, field));
            ByteBuffer out = ByteBuffer.allocate(1 + IV_BYTES + cipher.getOutputSize(plain.length));
            out.put(VERSION).put(iv);
            cipher.doFinal(ByteBuffer.wrap(plain), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts a field written by {@link #encrypt}; a wrong key, a changed byte or a field moved
     * from another letter fail with {@link IllegalArgumentException}.
     */
    public byte[] decrypt(byte[] sealed, String topic, int partition, long offset, String field) {
        if (sealed.length < OVERHEAD || sealed[0] != VERSION) {
            throw new IllegalArgumentException("not an " + ALGORITHM + " field (" + sealed.length + " bytes)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_BYTES));
            cipher.updateAAD(associatedData(topic, partition, offset, field));
            return cipher.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot decrypt the dead letter's " + field
                    + " (wrong DLQ key, or the letter was altered)", e);
        }
    }

    private static byte[] associatedData(String topic, int partition, long offset, String field) {
        return (topic + '\n' + partition + '\n' + offset + '\n' + field).getBytes(StandardCharsets.UTF_8);
    }
}
