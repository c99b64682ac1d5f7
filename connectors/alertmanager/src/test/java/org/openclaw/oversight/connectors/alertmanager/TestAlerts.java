package org.openclaw.oversight.connectors.alertmanager;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.Severity;

/** Alerts for tests, built like the jobs build them. */
final class TestAlerts {

    private TestAlerts() {}

    static Alert.Builder firing(String fingerprint, String alertname) {
        return Alert.newBuilder()
                .setFingerprint(fingerprint)
                .setAlertname(alertname)
                .setSeverity(Severity.P2)
                .setTenantId("tenant-a")
                .setAgentId("support-bot-1")
                .setLabels(Map.of("category", "latency", "escalation", "L1"))
                .setSummary("LLM latency P95 above 8 s")
                .setDescription("P95 latency of support-bot-1 is 9.2 s over the last 5 min")
                .setRunbook("https://runbooks.example/latency")
                .setValue(9.2)
                .setThreshold(8.0)
                .setStartsAt(Instant.now().minusSeconds(30))
                .setEndsAt(null)
                .setSource("anomaly-detection")
                .setEvidence(List.of("evt-1", "evt-2"));
    }
}
