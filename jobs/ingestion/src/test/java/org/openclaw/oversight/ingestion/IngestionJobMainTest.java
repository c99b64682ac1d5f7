package org.openclaw.oversight.ingestion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.config.ConfigException;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretKind;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** main stops before touching Kafka or the database when its options, config or keys are wrong. */
class IngestionJobMainTest {

    @Test
    void aMissingConfigDirectoryStopsTheJobWithTheFileNamed(@TempDir Path dir) {
        String key = LocalKeys.ensure(dir, SecretKind.DLQ_KEY).toString();
        assertThatThrownBy(() -> IngestionJob.main(new String[] {"--config-dir", "target/no-such-config", "--dlq-key-file", key}))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no-such-config");
    }

    @Test
    void withoutADeadLetterKeyTheJobRefusesToStartAndSaysWhatToSet(@TempDir Path dir) {
        Path missing = dir.resolve("dlq.key");
        assertThatThrownBy(() -> IngestionJob.main(new String[] {"--config-dir", "../../config", "--dlq-key-file", missing.toString()}))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("OVERSIGHT_DLQ_KEY_FILE");
        if (System.getenv("OVERSIGHT_DLQ_KEY") == null && System.getenv("OVERSIGHT_DLQ_KEY_FILE") == null) {
            assertThatThrownBy(() -> IngestionJob.main(new String[] {"--config-dir", "../../config"}))
                    .isInstanceOf(MissingSecretException.class)
                    .hasMessageContaining("No dead-letter key")
                    .hasMessageContaining("OVERSIGHT_DLQ_KEY");
        }
    }

    @Test
    void withoutAPiiKeyTheJobRefusesToStartAndSaysWhy(@TempDir Path dir) throws Exception {
        String dlqKey = LocalKeys.ensure(dir, SecretKind.DLQ_KEY).toString();
        Path missing = dir.resolve("absent-pii.key");
        assertThatThrownBy(() -> IngestionJob.main(new String[] {"--config-dir", "../../config", "--dlq-key-file", dlqKey,
                "--pii-key-file", missing.toString()}))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("PII pseudonym key")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("OVERSIGHT_PII_KEY_FILE");
        // a guessable key is no key: at least 32 bytes, and the refusal does not show it
        Path shortKey = Files.writeString(dir.resolve("short-pii.key"), "anna@example.de");
        assertThatThrownBy(() -> IngestionJob.main(new String[] {"--config-dir", "../../config", "--dlq-key-file", dlqKey,
                "--pii-key-file", shortKey.toString()}))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("at least 32")
                .hasMessageNotContaining("anna@example.de");
        if (System.getenv("OVERSIGHT_PII_KEY") == null && System.getenv("OVERSIGHT_PII_KEY_FILE") == null) {
            // before, the scanner silently took a key written in the source code here
            assertThatThrownBy(() -> IngestionJob.main(new String[] {"--config-dir", "../../config", "--dlq-key-file", dlqKey}))
                    .isInstanceOf(MissingSecretException.class)
                    .hasMessageContaining("No PII pseudonym key")
                    .hasMessageContaining("OVERSIGHT_PII_KEY_FILE")
                    .hasMessageContaining("no key is built in");
        }
    }

    @Test
    void anUnknownOptionIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> IngestionJob.main(new String[] {"--bootstrap", "x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --bootstrap")
                .hasMessageContaining("--bootstrap-servers");
    }
}
