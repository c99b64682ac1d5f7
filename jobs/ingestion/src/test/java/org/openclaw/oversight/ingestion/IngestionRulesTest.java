package org.openclaw.oversight.ingestion;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.config.PiiScanMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestionRulesTest {

    @Test
    void theShippedConfigDrivesSamplingAndScanMode() {
        IngestionRules rules = TestRules.shipped();
        assertThat(rules.sampleRate("analytics-agent")).isEqualTo(0.5);
        assertThat(rules.piiScan("analytics-agent")).isEqualTo(PiiScanMode.BATCH);
        assertThat(rules.piiScan("support-agent")).isEqualTo(PiiScanMode.REAL_TIME);
        assertThat(rules.batchBufferSize()).isEqualTo(10_000);
        assertThat(rules.batchFlushInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(rules.isKnownAgent("nobody")).isFalse();
        assertThat(rules.sampleRate("nobody")).isEqualTo(1.0);
        assertThat(rules.piiScan("nobody")).isEqualTo(PiiScanMode.REAL_TIME);
        assertThat(rules.maxTextBytes()).isEqualTo(256 * 1024);
        assertThat(rules.maxEventAge()).isEqualTo(Duration.ofDays(7));
        assertThat(rules.maxClockSkew()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void eventTimeBoundsComeFromOversightYml(@TempDir Path dir) throws Exception {
        Path shipped = Path.of("../../config");
        for (String file : List.of("policies.yml", "pricing.yml")) {
            Files.copy(shipped.resolve(file), dir.resolve(file));
        }
        String settings = Files.readString(shipped.resolve("oversight.yml"))
                .replace("max_age: 7d", "max_age: 30d").replace("max_ahead: 5m", "max_ahead: 1h");
        Files.writeString(dir.resolve("oversight.yml"), settings);
        IngestionRules rules = IngestionRules.from(OversightConfiguration.load(dir));
        assertThat(rules.maxEventAge()).isEqualTo(Duration.ofDays(30));
        assertThat(rules.maxClockSkew()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void rulesSurviveJavaSerialization() throws Exception {
        IngestionRules rules = TestRules.forTests();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(rules);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            IngestionRules copy = (IngestionRules) in.readObject();
            assertThat(copy.agents()).isEqualTo(rules.agents());
            assertThat(copy.prices().costEur("anthropic", "claude-sonnet-4-6", 1000, 0, 0))
                    .isEqualTo(rules.prices().costEur("anthropic", "claude-sonnet-4-6", 1000, 0, 0));
        }
    }

    @Test
    void impossibleNumbersAreRefused() {
        IngestionRules rules = TestRules.shipped();
        assertThatThrownBy(() -> rules.withDefaults(1.5, PiiScanMode.BATCH)).hasMessageContaining("0..1");
        assertThatThrownBy(() -> rules.withBatch(0, Duration.ofSeconds(1))).hasMessageContaining("positive");
        assertThatThrownBy(() -> rules.withBatch(10, Duration.ZERO)).hasMessageContaining("positive");
    }

    @Test
    void findingRowsTravelAsPojosNotKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(PiiFindingRow.class);
    }
}
