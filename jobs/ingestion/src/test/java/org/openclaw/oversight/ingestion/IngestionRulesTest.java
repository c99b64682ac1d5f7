package org.openclaw.oversight.ingestion;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.config.PiiScanMode;

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
