package org.openclaw.oversight.incident;

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

/** main stops before touching a server when its options, config or keys are wrong; the shipped config is read. */
class IncidentResponseJobMainTest {

    @Test
    void withoutADeadLetterKeyTheJobRefusesToStart(@TempDir Path dir) {
        Path missing = dir.resolve("dlq.key");
        assertThatThrownBy(() -> IncidentResponseJob.main(new String[] {"--config-dir", "../../config", "--dlq-key-file",
                missing.toString()}))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aBadIncidentsSectionIsNamedByFileLineAndKey(@TempDir Path dir) throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        for (String file : new String[] {"policies.yml", "pricing.yml"}) {
            Files.copy(Path.of("../../config", file), config.resolve(file));
        }
        String yaml = Files.readString(Path.of("../../config/oversight.yml"))
                .replace("    l3_after: 15m", "    l3_after: 3m")
                .replace("  tenants: {}", "  tenants:\n    no-such-tenant: {dry_run: true}");
        Files.writeString(config.resolve("oversight.yml"), yaml);
        String key = LocalKeys.ensure(dir, SecretKind.DLQ_KEY).toString();
        assertThatThrownBy(() -> IncidentResponseJob.main(new String[] {"--config-dir", config.toString(), "--dlq-key-file", key}))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("oversight.yml")
                .hasMessageContaining("incidents.escalation.l3_after")
                .hasMessageContaining("unknown tenant 'no-such-tenant'");
    }

    @Test
    void theShippedConfigCarriesTheSeedEscalation() {
        var settings = ResponderSettings.of(OversightConfiguration.load(Path.of("../../config")).settings());
        assertThat(settings.incidents().level2After()).hasMinutes(5);
        assertThat(settings.incidents().level3After()).hasMinutes(15);
        assertThat(settings.incidents().level4After()).hasMinutes(30);
        assertThat(settings.incidents().dryRun("acme-retail")).isFalse();
        assertThat(settings.uptimeSlaMinimum()).isEqualTo(0.995);
        assertThat(settings.agentsByTenant().get("acme-retail")).contains("support-agent");
    }
}
