package org.openclaw.oversight.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.config.ConfigException;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretKind;

/** main stops before touching Kafka or the database when its options, config or keys are wrong; the shipped config resolves. */
class AnomalyDetectionJobMainTest {

    @Test
    void anInvalidAnomalySectionStopsTheJobNamingFileLineAndKey(@TempDir Path dir) throws Exception {
        String key = LocalKeys.ensure(dir, SecretKind.DLQ_KEY).toString();
        Path config = Files.createDirectory(dir.resolve("config"));
        for (String file : new String[] {"oversight.yml", "policies.yml", "pricing.yml"}) {
            Files.copy(Path.of("../../config", file), config.resolve(file));
        }
        Files.writeString(config.resolve("oversight.yml"), Files.readString(config.resolve("oversight.yml"))
                .replace("heartbeat_timeout: 60s", "heartbeat_timeout: 1s"));
        assertThatThrownBy(() -> AnomalyDetectionJob.main(new String[] {"--config-dir", config.toString(), "--dlq-key-file", key}))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("oversight.yml").hasMessageContaining("anomaly.heartbeat_timeout");
    }

    @Test
    void withoutADeadLetterKeyTheJobRefusesToStart(@TempDir Path dir) {
        Path missing = dir.resolve("dlq.key");
        assertThatThrownBy(() -> AnomalyDetectionJob.main(new String[] {"--config-dir", "../../config", "--dlq-key-file", missing.toString()}))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("OVERSIGHT_DLQ_KEY_FILE");
    }

    @Test
    void anUnknownOptionIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> AnomalyDetectionJob.main(new String[] {"--bootstrap", "x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --bootstrap");
    }

    @Test
    void theShippedConfigGivesHighRiskAgentsTheirPolicyMinimumAndAOneSecondCheckpointDefault() {
        DetectionSettings settings = DetectionSettings.of(OversightConfiguration.load(Path.of("../../config")));
        assertThat(settings.alignmentMinimum("globex-finance", "finance-agent")).isEqualTo(0.85);
        assertThat(settings.category("globex-finance", "finance-agent")).isEqualTo("high_risk");
        assertThat(settings.alignmentMinimum("nobody", "unknown-agent")).isEqualTo(settings.anomaly().alignmentMinimum());
        assertThat(AnomalyDetectionJob.withDefaultCheckpointInterval(new String[] {"--checkpoint-interval", "5s"}))
                .containsExactly("--checkpoint-interval", "1s", "--checkpoint-interval", "5s");
    }
}
