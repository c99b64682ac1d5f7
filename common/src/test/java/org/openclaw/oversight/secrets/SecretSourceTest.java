package org.openclaw.oversight.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where keys come from, and that every way of not having one fails closed with a message that says what to set. */
class SecretSourceTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";

    @Test
    void noKeyAtAllIsRefusedNamingBothVariablesAndTheLocalFile() {
        assertThatThrownBy(() -> SecretSource.fromEnvironment(SecretKind.DLQ_KEY, Map.of()))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("OVERSIGHT_DLQ_KEY_FILE")
                .hasMessageContaining("OVERSIGHT_DLQ_KEY ")
                .hasMessageContaining("dlq.key");
        assertThatThrownBy(() -> SecretSource.fromEnvironment(SecretKind.DLQ_KEY, Map.of("OVERSIGHT_DLQ_KEY", "  ")))
                .isInstanceOf(MissingSecretException.class);
    }

    @Test
    void aShortKeyIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> SecretSource.fromEnvironment(SecretKind.DLQ_KEY, Map.of("OVERSIGHT_DLQ_KEY", "short-key")))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("9 bytes")
                .hasMessageContaining("at least " + SecretSource.MIN_BYTES)
                .hasMessageNotContaining("short-key");
    }

    @Test
    void aKeyFileIsReadWithoutItsTrailingNewlineAndWinsOverTheValue(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dlq.key");
        Files.writeString(file, KEY + "\n");
        SecretSource source = SecretSource.fromEnvironment(SecretKind.DLQ_KEY,
                Map.of("OVERSIGHT_DLQ_KEY_FILE", file.toString(), "OVERSIGHT_DLQ_KEY", "x".repeat(40)));
        assertThat(new String(source.read(), StandardCharsets.UTF_8)).isEqualTo(KEY);
        assertThat(source.toString()).contains(file.toString()).doesNotContain(KEY);
    }

    @Test
    void anUnreadableOrMissingKeyFileIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("absent.key");
        assertThatThrownBy(() -> SecretSource.fromEnvironment(SecretKind.DLQ_KEY, Map.of("OVERSIGHT_DLQ_KEY_FILE", missing.toString())))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining(missing.toString());
        Path shortFile = dir.resolve("short.key");
        Files.writeString(shortFile, "abc\n");
        assertThatThrownBy(() -> SecretSource.file(SecretKind.DLQ_KEY, shortFile).read())
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("3 bytes");
    }

    @Test
    void theValueVariableIsReadWhereTheSourceIsUsedAndTheSourceTravelsWithoutTheKey() throws Exception {
        Map<String, String> env = Map.of("OVERSIGHT_DLQ_KEY", KEY);
        SecretSource source = SecretSource.fromEnvironment(SecretKind.DLQ_KEY, env);
        assertThat(new String(source.read(env), StandardCharsets.UTF_8)).isEqualTo(KEY);
        assertThat(source.toString()).isEqualTo("$OVERSIGHT_DLQ_KEY");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(source);
        }
        assertThat(new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain(KEY);
        SecretSource copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (SecretSource) in.readObject();
        }
        assertThat(new String(copy.read(env), StandardCharsets.UTF_8)).isEqualTo(KEY);
        // a process without the variable (a TaskManager not given it) fails closed
        assertThatThrownBy(() -> copy.read(Map.of())).isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("OVERSIGHT_DLQ_KEY");
    }

    @Test
    void localKeysAreRandomPrivateAndKept(@TempDir Path dir) throws Exception {
        Path file = LocalKeys.ensure(dir, SecretKind.DLQ_KEY);
        assertThat(file).isEqualTo(LocalKeys.file(dir, SecretKind.DLQ_KEY));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String first = Files.readString(file);
        assertThat(LocalKeys.ensure(dir, SecretKind.DLQ_KEY)).isEqualTo(file);
        assertThat(Files.readString(file)).isEqualTo(first);
        assertThat(SecretSource.file(SecretKind.DLQ_KEY, file).read()).hasSize(64);
        assertThat(Files.readString(LocalKeys.ensure(dir.resolve("other"), SecretKind.DLQ_KEY))).isNotEqualTo(first);
    }
}
