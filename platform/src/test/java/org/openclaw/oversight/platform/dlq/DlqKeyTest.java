package org.openclaw.oversight.platform.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

/** Where the dlq commands take the key from, and that they fail closed without one. */
class DlqKeyTest {

    @TempDir
    Path dir;

    @Test
    void theKeyFileVariableWinsOverTheLocalStacksFile() throws IOException {
        Path local = LocalKeys.ensure(dir, SecretKind.DLQ_KEY);
        Path mounted = Files.writeString(dir.resolve("mounted.key"), "a".repeat(64));
        DlqKey key = DlqKey.resolve(Map.of("OVERSIGHT_DLQ_KEY_FILE", mounted.toString()), dir);
        assertThat(key.origin()).contains("from the environment", "OVERSIGHT_DLQ_KEY_FILE=" + mounted);
        assertThat(key.cipher().keyId()).isEqualTo(SecretSource.keyId("a".repeat(64).getBytes()))
                .isNotEqualTo(DlqKey.resolve(Map.of(), dir).cipher().keyId());
        assertThat(key.origin()).doesNotContain("a".repeat(32));
        assertThat(DlqKey.resolve(Map.of(), dir).origin()).isEqualTo("from the local stack's key file " + local);
    }

    @Test
    void noKeyAnywhereFailsClosedAndSaysWhatToSet() {
        assertThatThrownBy(() -> DlqKey.resolve(Map.of(), dir))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("OVERSIGHT_DLQ_KEY_FILE")
                .hasMessageContaining("OVERSIGHT_DLQ_KEY")
                .hasMessageContaining(LocalKeys.file(dir, SecretKind.DLQ_KEY).toString())
                .hasMessageContaining("./oversight up");
    }

    @Test
    void aShortOrUnreadableKeyIsRefusedWithoutShowingIt() throws IOException {
        Path shortKey = Files.writeString(dir.resolve("short.key"), "tooshort-secret");
        assertThatThrownBy(() -> DlqKey.resolve(Map.of("OVERSIGHT_DLQ_KEY_FILE", shortKey.toString()), dir))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("at least 32")
                .message().doesNotContain("tooshort-secret");
        assertThatThrownBy(() -> DlqKey.resolve(Map.of("OVERSIGHT_DLQ_KEY_FILE", dir.resolve("absent.key").toString()), dir))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("Cannot read");
        assertThatThrownBy(() -> DlqKey.resolve(Map.of("OVERSIGHT_DLQ_KEY", "short"), dir))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("at least 32");
    }
}
