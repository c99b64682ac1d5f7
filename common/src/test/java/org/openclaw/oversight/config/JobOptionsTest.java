package org.openclaw.oversight.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

class JobOptionsTest {

    @Test
    void defaultsAreTheLocalStackOfDesign8() {
        JobOptions options = JobOptions.parse(new String[0], Map.of());
        assertThat(options.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(options.registryUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(options.dbUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/oversight");
        assertThat(options.alertmanagerUrl()).isEqualTo("http://127.0.0.1:9093");
        assertThat(options.webUiPort()).isEqualTo(8082);
        assertThat(options.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.local()).isFalse();
    }

    @Test
    void argumentsBeatEnvironmentWhichBeatsDefaults() {
        Map<String, String> env = Map.of("OVERSIGHT_DB_URL", "jdbc:postgresql://db:5432/x",
                "OVERSIGHT_KAFKA_BOOTSTRAP", "kafka:9092");
        JobOptions options = JobOptions.parse(new String[] {"--bootstrap-servers", "other:1", "--local",
                "--checkpoint-interval=2s", "--parallelism", "2"}, env);
        assertThat(options.bootstrapServers()).isEqualTo("other:1");
        assertThat(options.dbUrl()).isEqualTo("jdbc:postgresql://db:5432/x");
        assertThat(options.local()).isTrue();
        assertThat(options.checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.parallelism()).isEqualTo(2);
    }

    @Test
    void toArgsRoundTrips() {
        JobOptions options = JobOptions.parse(new String[] {"--db-password", "s3cret", "--from-beginning",
                "--checkpoint-interval", "1500ms", "--checkpoint-dir", "/data/checkpoints/ingestion", "--fresh",
                "--jobs-dir", "/data/jobs"}, Map.of());
        assertThat(JobOptions.parse(options.toArgs(), Map.of())).isEqualTo(options);
        JobOptions defaults = JobOptions.parse(new String[0], Map.of());
        assertThat(JobOptions.parse(defaults.toArgs(), Map.of())).isEqualTo(defaults);
    }

    @Test
    void durableStateOptions() {
        JobOptions defaults = JobOptions.parse(new String[0], Map.of());
        assertThat(defaults.checkpointDir()).isEmpty();
        assertThat(defaults.fromSavepoint()).isEmpty();
        assertThat(defaults.fresh()).isFalse();

        JobOptions fromEnv = JobOptions.parse(new String[0], Map.of("OVERSIGHT_CHECKPOINT_DIR", "/var/oversight/chk"));
        assertThat(fromEnv.checkpointDir()).isEqualTo("/var/oversight/chk");

        JobOptions given = JobOptions.parse(new String[] {"--checkpoint-dir=/a", "--from-savepoint", "/sp/savepoint-1",
                "--fresh"}, Map.of("OVERSIGHT_CHECKPOINT_DIR", "/b"));
        assertThat(given.checkpointDir()).isEqualTo("/a");
        assertThat(given.fromSavepoint()).isEqualTo("/sp/savepoint-1");
        assertThat(given.fresh()).isTrue();
        assertThat(JobOptions.names()).contains("checkpoint-dir", "from-savepoint", "fresh", "jobs-dir");
    }

    @Test
    void theDeadLetterKeyComesFromTheOptionTheFileVariableOrTheValueVariable(@TempDir Path dir) throws Exception {
        Path keyFile = LocalKeys.ensure(dir, SecretKind.DLQ_KEY);
        JobOptions fromOption = JobOptions.parse(new String[] {"--dlq-key-file", keyFile.toString()}, Map.of());
        assertThat(fromOption.dlqKey(Map.of()).toString()).contains(keyFile.toString()).doesNotContain(Files.readString(keyFile).strip());
        assertThat(JobOptions.parse(fromOption.toArgs(), Map.of())).isEqualTo(fromOption);

        JobOptions fromFileVariable = JobOptions.parse(new String[0], Map.of("OVERSIGHT_DLQ_KEY_FILE", keyFile.toString()));
        assertThat(fromFileVariable.dlqKeyFile()).isEqualTo(keyFile.toString());
        assertThat(fromFileVariable.dlqKey(Map.of()).toString()).contains(keyFile.toString());

        Map<String, String> valueOnly = Map.of("OVERSIGHT_DLQ_KEY", "k".repeat(SecretSource.MIN_BYTES));
        assertThat(JobOptions.parse(new String[0], valueOnly).dlqKey(valueOnly).toString()).isEqualTo("$OVERSIGHT_DLQ_KEY");
    }

    @Test
    void thePiiKeyComesFromTheOptionTheFileVariableOrTheValueVariableAndFailsClosed(@TempDir Path dir) throws Exception {
        Path keyFile = LocalKeys.ensure(dir, SecretKind.PII_KEY);
        JobOptions fromOption = JobOptions.parse(new String[] {"--pii-key-file", keyFile.toString()}, Map.of());
        assertThat(fromOption.piiKey(Map.of()).toString()).contains(keyFile.toString()).doesNotContain(Files.readString(keyFile).strip());
        assertThat(JobOptions.parse(fromOption.toArgs(), Map.of())).isEqualTo(fromOption);
        assertThat(JobOptions.parse(new String[0], Map.of("OVERSIGHT_PII_KEY_FILE", keyFile.toString())).piiKeyFile())
                .isEqualTo(keyFile.toString());
        Map<String, String> valueOnly = Map.of("OVERSIGHT_PII_KEY", "p".repeat(SecretSource.MIN_BYTES));
        assertThat(JobOptions.parse(new String[0], valueOnly).piiKey(valueOnly).toString()).isEqualTo("$OVERSIGHT_PII_KEY");

        // no built-in key, and none guessable: nothing, or fewer than 32 bytes, is refused
        assertThatThrownBy(() -> JobOptions.parse(new String[0], Map.of()).piiKey(Map.of()))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("No PII pseudonym key").hasMessageContaining("OVERSIGHT_PII_KEY_FILE");
        Map<String, String> shortValue = Map.of("OVERSIGHT_PII_KEY", "anna@example.de");
        assertThatThrownBy(() -> JobOptions.parse(new String[0], shortValue).piiKey(shortValue))
                .isInstanceOf(MissingSecretException.class).hasMessageContaining("at least 32")
                .hasMessageNotContaining("anna@example.de");
        assertThat(JobOptions.usage()).contains("--pii-key-file");
    }

    @Test
    void withoutADeadLetterKeyTheOptionsRefuseToNameOne(@TempDir Path dir) {
        assertThatThrownBy(() -> JobOptions.parse(new String[0], Map.of()).dlqKey(Map.of()))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("OVERSIGHT_DLQ_KEY_FILE").hasMessageContaining("OVERSIGHT_DLQ_KEY");
        Path missing = dir.resolve("no-such.key");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--dlq-key-file", missing.toString()}, Map.of()).dlqKey(Map.of()))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining(missing.toString());
        assertThat(JobOptions.usage()).contains("--dlq-key-file");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--bootstrap", "x"}, Map.of()))
                .hasMessageContaining("unknown option --bootstrap").hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--parallelism", "two"}, Map.of()))
                .hasMessageContaining("--parallelism must be a whole number");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--checkpoint-interval", "10"}, Map.of()))
                .hasMessageContaining("--checkpoint-interval");
    }

    @Test
    void thePasswordIsNeverPrinted() {
        JobOptions options = JobOptions.parse(new String[] {"--db-password", "s3cret"}, Map.of());
        assertThat(options.toString()).doesNotContain("s3cret");
    }

    @Test
    void survivesJavaSerializationAsFlinkFunctionsCarryIt() throws Exception {
        JobOptions options = JobOptions.parse(new String[] {"--config-dir", "/etc/oversight"}, Map.of());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(options);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(options);
        }
        assertThat(options.configPath()).hasToString("/etc/oversight");
    }
}
