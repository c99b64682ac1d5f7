package org.openclaw.oversight.enforcement;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.config.ConfigException;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretKind;

/** main stops before touching Kafka or the database when its options, config (policies.yml) or keys are wrong. */
class PolicyEnforcementJobMainTest {

    @Test
    void aBrokenPolicyFileStopsTheJobWithFileLineAndKey(@TempDir Path dir) throws Exception {
        for (String file : new String[] {"oversight.yml", "pricing.yml"}) {
            Files.copy(Path.of("../../config").resolve(file), dir.resolve(file));
        }
        Files.writeString(dir.resolve("policies.yml"), Files.readString(Path.of("../../config/policies.yml"))
                .replace("alignment_score_minimum: 0.85", "alignment_score_minimum: high"));
        String key = LocalKeys.ensure(dir, SecretKind.DLQ_KEY).toString();
        assertThatThrownBy(() -> PolicyEnforcementJob.main(new String[] {"--config-dir", dir.toString(), "--dlq-key-file", key}))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("policies.yml:")
                .hasMessageContaining("policies.high_risk.rules.alignment_score_minimum");
    }

    @Test
    void withoutADeadLetterKeyTheJobRefusesToStartAndSaysWhatToSet(@TempDir Path dir) {
        Path missing = dir.resolve("dlq.key");
        assertThatThrownBy(() -> PolicyEnforcementJob.main(new String[] {"--config-dir", "../../config", "--dlq-key-file", missing.toString()}))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("OVERSIGHT_DLQ_KEY_FILE");
    }

    @Test
    void anUnknownOptionIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> PolicyEnforcementJob.main(new String[] {"--bootstrap", "x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --bootstrap");
    }
}
