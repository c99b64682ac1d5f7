package org.openclaw.oversight.ingestion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.config.ConfigException;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretKind;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** main stops before touching Kafka or the database when its options or config are wrong. */
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
    void anUnknownOptionIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> IngestionJob.main(new String[] {"--bootstrap", "x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --bootstrap")
                .hasMessageContaining("--bootstrap-servers");
    }
}
