package org.openclaw.oversight.connectors.kafka;

import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.DeadLetter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every dead letter is sealed, keeps size and SHA-256 of the whole value, and fits its cap whatever it holds. */
class DeadLettersTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String TOPIC = "oversight.agent-events.v1";
    private static final int ONE_MIB = 1024 * 1024;

    private final DeadLetterCipher cipher = TestKeys.cipher();

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private DeadLetter letter(byte[] key, byte[] value, int cap) {
        return DeadLetters.of(new KafkaRawRecord(TOPIC, 4, 99L, 0L, key, value), "corrupt_avro", "Avro body is not valid",
                "ingestion", NOW, cipher, cap);
    }

    private byte[] payloadOf(DeadLetter letter) {
        return cipher.decrypt(bytes(letter.getPayload()), TOPIC, letter.getPartition(), letter.getOffset(), "payload");
    }

    @Test
    void aSmallRecordIsKeptWholeEncryptedWithItsSizeAndHash() {
        byte[] value = "{\"user\":\"anna@example.com\"}".getBytes(StandardCharsets.UTF_8);
        byte[] key = "trace-1".getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = letter(key, value, DeadLetters.DEFAULT_MAX_LETTER_BYTES);
        assertThat(letter.getPayloadEncryption()).isEqualTo(DeadLetterCipher.ALGORITHM);
        assertThat(letter.getKeyId()).isEqualTo(cipher.keyId());
        assertThat(letter.getTruncated()).isFalse();
        assertThat(letter.getPayloadSize()).isEqualTo(value.length);
        assertThat(letter.getPayloadSha256()).isEqualTo(DeadLetters.sha256(value)).hasSize(64);
        assertThat(new String(bytes(letter.getPayload()), StandardCharsets.ISO_8859_1)).doesNotContain("anna@example.com");
        assertThat(payloadOf(letter)).isEqualTo(value);
        assertThat(cipher.decrypt(bytes(letter.getKey()), TOPIC, 4, 99L, "key")).isEqualTo(key);
        assertThat(letter.getSourceTopic()).isEqualTo(TOPIC);
        assertThat(letter.getPartition()).isEqualTo(4);
        assertThat(letter.getOffset()).isEqualTo(99L);
        assertThat(letter.getErrorClass()).isEqualTo("corrupt_avro");
        assertThat(letter.getJob()).isEqualTo("ingestion");
        assertThat(letter.getFailedAt()).isEqualTo(NOW);
    }

    @Test
    void aTombstoneHasNoPayloadSizeOrHashButItsKeyIsSealed() {
        DeadLetter letter = letter("k".getBytes(StandardCharsets.UTF_8), null, DeadLetters.DEFAULT_MAX_LETTER_BYTES);
        assertThat(letter.getPayload()).isNull();
        assertThat(letter.getPayloadSize()).isNull();
        assertThat(letter.getPayloadSha256()).isNull();
        assertThat(letter.getTruncated()).isFalse();
        assertThat(letter.getPayloadEncryption()).isEqualTo(DeadLetterCipher.ALGORITHM);
        assertThat(cipher.decrypt(bytes(letter.getKey()), TOPIC, 4, 99L, "key")).containsExactly('k');
        assertThat(letter(null, null, DeadLetters.DEFAULT_MAX_LETTER_BYTES).getKey()).isNull();
    }

    @Test
    void aLetterNeverExceedsItsCapWhateverTheSizeOfTheValue() {
        int cap = DeadLetters.DEFAULT_MAX_LETTER_BYTES;
        int fullRoom = payloadRoom(cap);
        int[] sizes = {0, 1, 4, 5, 6, 300, fullRoom - 1, fullRoom, fullRoom + 1, cap - 1, cap, cap + 1,
                KafkaConnection.DEFAULT_MAX_RECORD_BYTES - 1, KafkaConnection.DEFAULT_MAX_RECORD_BYTES,
                KafkaConnection.DEFAULT_MAX_RECORD_BYTES + 1, ONE_MIB - 301, ONE_MIB - 1, ONE_MIB, ONE_MIB + 1, ONE_MIB + 12,
                3 * ONE_MIB + 17};
        for (int size : sizes) {
            byte[] value = random(size, size);
            DeadLetter letter = letter("trace".getBytes(StandardCharsets.UTF_8), value, cap);
            long encoded = EncodedSize.exact(letter);
            assertThat(encoded).as("encoded letter for a %d-byte value", size).isLessThanOrEqualTo(cap);
            assertThat(letter.getPayloadSize()).isEqualTo(size);
            assertThat(letter.getPayloadSha256()).isEqualTo(DeadLetters.sha256(value));
            byte[] kept = payloadOf(letter);
            assertThat(letter.getTruncated()).as("truncated flag for %d bytes", size).isEqualTo(size > fullRoom);
            if (size <= fullRoom) {
                assertThat(kept).isEqualTo(value);
            } else {
                // the first bytes, as many as fit: the letter is then (almost) exactly at its cap
                assertThat(kept).isEqualTo(Arrays.copyOf(value, kept.length));
                assertThat(encoded).isGreaterThan(cap - 8);
            }
        }
    }

    @Test
    void theCapIsConfigurableAndAHugeKeyIsCutToo() {
        int cap = DeadLetters.MIN_MAX_LETTER_BYTES;
        byte[] key = random(ONE_MIB, 1);
        byte[] value = random(200_000, 2);
        String longMessage = "x".repeat(50_000);
        DeadLetter letter = DeadLetters.of(new KafkaRawRecord(TOPIC, 0, 1L, 0L, key, value), "e".repeat(10_000), longMessage,
                "j".repeat(10_000), NOW, cipher, cap);
        assertThat(EncodedSize.exact(letter)).isLessThanOrEqualTo(cap);
        assertThat(letter.getTruncated()).isTrue();
        assertThat(cipher.decrypt(bytes(letter.getKey()), TOPIC, 0, 1L, "key")).isEqualTo(Arrays.copyOf(key, DeadLetters.MAX_KEY_BYTES));
        assertThat(letter.getErrorMessage()).hasSizeLessThanOrEqualTo(DeadLetters.MAX_MESSAGE_LENGTH + 3)
                .contains("key cut to " + DeadLetters.MAX_KEY_BYTES + " of " + ONE_MIB + " bytes");
        assertThat(letter.getErrorClass()).hasSizeLessThanOrEqualTo(DeadLetters.MAX_NAME_LENGTH + 3);
        assertThat(letter.getPayloadSize()).isEqualTo(value.length);
        assertThat(letter.getPayloadSha256()).isEqualTo(DeadLetters.sha256(value));

        assertThatThrownBy(() -> letter(null, value, DeadLetters.MIN_MAX_LETTER_BYTES - 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The largest value kept whole under {@code cap}, found by bisection on the truncated flag. */
    private int payloadRoom(int cap) {
        byte[] key = "trace".getBytes(StandardCharsets.UTF_8);
        int whole = 0;
        int cut = cap;
        assertThat(letter(key, new byte[cut], cap).getTruncated()).isTrue();
        while (cut - whole > 1) {
            int mid = (whole + cut) >>> 1;
            if (letter(key, new byte[mid], cap).getTruncated()) {
                cut = mid;
            } else {
                whole = mid;
            }
        }
        // nearly all of the cap is payload: the other fields of this letter take well under 1 KiB
        assertThat(whole).isGreaterThan(cap - 1024);
        return whole;
    }
}
