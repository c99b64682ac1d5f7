package org.openclaw.oversight.platform.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.connectors.kafka.DeadLetterCipher;
import org.openclaw.oversight.connectors.kafka.DeadLetters;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import java.time.Instant;
import org.openclaw.oversight.schema.DeadLetter;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

/** Opening a letter: decrypts with the right key, refuses with a reason otherwise. */
class OpenedLetterTest {

    @TempDir
    Path dir;

    private static final byte[] KEY = "trace-42".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = "{\"email\":\"jane@example.org\"}".getBytes(StandardCharsets.UTF_8);

    private DeadLetterCipher cipher(String name) {
        return DeadLetterCipher.open(SecretSource.file(SecretKind.DLQ_KEY, LocalKeys.ensure(dir.resolve(name), SecretKind.DLQ_KEY)));
    }

    private static DeadLetter.Builder letter(DeadLetterCipher cipher, byte[] key, byte[] value) {
        return DeadLetter.newBuilder().setSourceTopic("oversight.agent-events.v1").setPartition(3).setOffset(77)
                .setKey(ByteBuffer.wrap(cipher.encrypt(key, "oversight.agent-events.v1", 3, 77, "key")))
                .setPayload(ByteBuffer.wrap(cipher.encrypt(value, "oversight.agent-events.v1", 3, 77, "payload")))
                .setErrorClass("bad_magic_byte").setErrorMessage("First byte is 0x7b").setJob("ingestion")
                .setFailedAt(Instant.parse("2026-03-01T10:00:00Z"))
                .setPayloadEncryption(DeadLetterCipher.ALGORITHM).setKeyId(cipher.keyId())
                .setPayloadSize((long) value.length).setPayloadSha256(OpenedLetter.sha256(value));
    }

    @Test
    void theRightKeyGivesBackKeyAndPayloadAndVerifiesTheDigest() {
        DeadLetterCipher cipher = cipher("a");
        OpenedLetter opened = OpenedLetter.open(new StoredLetter(0, 5, letter(cipher, KEY, VALUE).build()), cipher);
        assertThat(opened.opened()).isTrue();
        assertThat(opened.key()).isEqualTo(KEY);
        assertThat(opened.payload()).isEqualTo(VALUE);
        assertThat(opened.verified()).isTrue();
    }

    @Test
    void aLetterSealedByTheJobsOpensByteForByte() {
        DeadLetterCipher cipher = cipher("a");
        KafkaRawRecord raw = new KafkaRawRecord("oversight.channel-messages.v1", 1, 4711, 0L, KEY, VALUE);
        DeadLetter sealed = DeadLetters.of(raw, "bad_magic_byte", "first byte is not 0", "ingestion", Instant.EPOCH, cipher);
        OpenedLetter opened = OpenedLetter.open(new StoredLetter(0, 9, sealed), cipher);
        assertThat(opened.opened()).as(opened.refusal()).isTrue();
        assertThat(opened.key()).isEqualTo(KEY);
        assertThat(opened.payload()).isEqualTo(VALUE);
        assertThat(opened.verified()).isTrue();
    }

    @Test
    void anotherKeyIsRefusedByItsId() {
        DeadLetterCipher writer = cipher("a");
        DeadLetterCipher reader = cipher("b");
        OpenedLetter opened = OpenedLetter.open(new StoredLetter(0, 5, letter(writer, KEY, VALUE).build()), reader);
        assertThat(opened.opened()).isFalse();
        assertThat(opened.payload()).isNull();
        assertThat(opened.refusal()).contains("key id " + writer.keyId(), reader.keyId());
    }

    @Test
    void aCiphertextMovedToAnotherLetterDoesNotDecrypt() {
        DeadLetterCipher cipher = cipher("a");
        DeadLetter moved = letter(cipher, KEY, VALUE).setOffset(78).build();
        OpenedLetter opened = OpenedLetter.open(new StoredLetter(0, 5, moved), cipher);
        assertThat(opened.opened()).isFalse();
        assertThat(opened.refusal()).contains("wrong DLQ key, or the letter was altered");
    }

    @Test
    void aLetterFromBeforeEncryptionIsReadAsStored() {
        DeadLetter plain = letter(cipher("a"), KEY, VALUE).setPayloadEncryption(null).setKeyId(null)
                .setKey(ByteBuffer.wrap(KEY)).setPayload(ByteBuffer.wrap(VALUE)).build();
        OpenedLetter opened = OpenedLetter.open(new StoredLetter(0, 5, plain), cipher("b"));
        assertThat(opened.opened()).isTrue();
        assertThat(opened.encrypted()).isFalse();
        assertThat(opened.payload()).isEqualTo(VALUE);
    }

    @Test
    void anUnknownCipherIsRefused() {
        DeadLetterCipher cipher = cipher("a");
        DeadLetter other = letter(cipher, KEY, VALUE).setPayloadEncryption("ChaCha20/v9").build();
        assertThat(OpenedLetter.open(new StoredLetter(0, 5, other), cipher).refusal()).contains("ChaCha20/v9");
    }

    @Test
    void hexDumpShowsOffsetsHexAndPrintableBytesAndStopsAtTheLimit() {
        String dump = PayloadRendering.hexDump("0123456789abcdefXYZ".getBytes(StandardCharsets.US_ASCII), 17);
        assertThat(dump).startsWith("00000000: 3031 3233 3435 3637 3839 6162 6364 6566  0123456789abcdef\n")
                .contains("00000010: 58")
                .endsWith("... 2 more bytes (--max-bytes 17)\n");
        assertThat(PayloadRendering.key(KEY)).isEqualTo("\"trace-42\"");
        assertThat(PayloadRendering.key(new byte[] {0, 1, (byte) 0xff})).isEqualTo("0x0001ff");
    }
}
