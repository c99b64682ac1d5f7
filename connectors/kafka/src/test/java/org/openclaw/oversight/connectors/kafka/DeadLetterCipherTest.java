package org.openclaw.oversight.connectors.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AES-256-GCM of a dead letter's fields: what decrypts, and everything that must not. */
class DeadLetterCipherTest {

    private static final byte[] PLAIN = "Anna Schmidt, IBAN DE89 3704 0044 0532 0130 00".getBytes(StandardCharsets.UTF_8);

    private static DeadLetterCipher cipher(Path dir) {
        return DeadLetterCipher.open(SecretSource.file(SecretKind.DLQ_KEY, LocalKeys.ensure(dir, SecretKind.DLQ_KEY)));
    }

    @Test
    void aFieldDecryptsBackWithTheSameKeyAndCoordinates(@TempDir Path dir) {
        DeadLetterCipher cipher = cipher(dir);
        byte[] sealed = cipher.encrypt(PLAIN, "oversight.agent-events.v1", 3, 42L, "payload");
        assertThat(sealed).hasSize(PLAIN.length + DeadLetterCipher.OVERHEAD);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Schmidt").doesNotContain("DE89");
        assertThat(cipher.decrypt(sealed, "oversight.agent-events.v1", 3, 42L, "payload")).isEqualTo(PLAIN);
        // a second cipher from the same key file (another operator, the CLI) reads it too
        assertThat(cipher(dir).decrypt(sealed, "oversight.agent-events.v1", 3, 42L, "payload")).isEqualTo(PLAIN);
        assertThat(cipher(dir).keyId()).isEqualTo(cipher.keyId()).hasSize(16);
        // a fresh IV every time: equal plain texts do not give equal cipher texts
        assertThat(cipher.encrypt(PLAIN, "oversight.agent-events.v1", 3, 42L, "payload")).isNotEqualTo(sealed);
        assertThat(cipher.decrypt(cipher.encrypt(new byte[0], "t", 0, 0, "payload"), "t", 0, 0, "payload")).isEmpty();
    }

    @Test
    void anotherKeyCannotDecrypt(@TempDir Path dir) {
        byte[] sealed = cipher(dir.resolve("a")).encrypt(PLAIN, "t", 0, 1L, "payload");
        DeadLetterCipher other = cipher(dir.resolve("b"));
        assertThat(other.keyId()).isNotEqualTo(cipher(dir.resolve("a")).keyId());
        assertThatThrownBy(() -> other.decrypt(sealed, "t", 0, 1L, "payload"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrong DLQ key");
    }

    @Test
    void anyChangedByteIsDetected(@TempDir Path dir) {
        DeadLetterCipher cipher = cipher(dir);
        byte[] sealed = cipher.encrypt(PLAIN, "t", 0, 1L, "payload");
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            int at = i;
            assertThatThrownBy(() -> cipher.decrypt(tampered, "t", 0, 1L, "payload")).as("byte %d flipped", at)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> cipher.decrypt(new byte[5], "t", 0, 1L, "payload")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFieldMovedToAnotherLetterOrFieldDoesNotDecrypt(@TempDir Path dir) {
        DeadLetterCipher cipher = cipher(dir);
        byte[] sealed = cipher.encrypt(PLAIN, "topic-a", 1, 7L, "payload");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "topic-b", 1, 7L, "payload")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.decrypt(sealed, "topic-a", 2, 7L, "payload")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.decrypt(sealed, "topic-a", 1, 8L, "payload")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.decrypt(sealed, "topic-a", 1, 7L, "key")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutAReadableKeyNoCipherOpens(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> DeadLetterCipher.open(SecretSource.file(SecretKind.DLQ_KEY, dir.resolve("missing.key"))))
                .isInstanceOf(MissingSecretException.class).hasMessageContaining("missing.key");
        Path shortKey = Files.writeString(dir.resolve("short.key"), "too-short");
        assertThatThrownBy(() -> DeadLetterCipher.open(SecretSource.file(SecretKind.DLQ_KEY, shortKey)))
                .isInstanceOf(MissingSecretException.class);
    }
}
