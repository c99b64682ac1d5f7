package org.openclaw.oversight.ingestion;

import org.openclaw.oversight.connectors.kafka.TestKeys;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.config.PiiScanMode;
import org.openclaw.oversight.ingestion.pii.PiiScanner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The repository's shipped config (../../config), with test agents; the scanner has the tests' PII key file. */
final class TestRules {

    static final String REAL_TIME_AGENT = "support-agent";
    static final String BATCH_AGENT = "analytics-agent";
    static final String HALF_SAMPLED_AGENT = "half-sampled-agent";

    private static final OversightConfiguration SHIPPED = OversightConfiguration.load(Path.of("../../config"));

    private TestRules() {}

    static IngestionRules shipped() {
        return IngestionRules.from(SHIPPED);
    }

    /** Real-time agent kept whole, batch agent kept whole, a real-time agent sampled at 50 %. */
    static IngestionRules forTests() {
        return shipped()
                .withAgents(Map.of(
                        REAL_TIME_AGENT, new IngestionRules.AgentRule(1.0, PiiScanMode.REAL_TIME),
                        BATCH_AGENT, new IngestionRules.AgentRule(1.0, PiiScanMode.BATCH),
                        HALF_SAMPLED_AGENT, new IngestionRules.AgentRule(0.5, PiiScanMode.REAL_TIME)))
                .withBatch(50, Duration.ofSeconds(1));
    }

    /** The scanner the job's operators open with {@link TestKeys#piiKey()}: same findings, same pseudonyms. */
    static PiiScanner scanner() {
        return PiiScanner.open(TestKeys.piiKey());
    }
}
