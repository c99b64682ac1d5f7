package org.openclaw.oversight.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the summary that read a document: Alertmanager's API v2 answer, the simulator's report. */
class DemoSummaryTest {

    @TempDir
    Path dir;

    @Test
    void alertmanagerAlertsAreCountedByNameSeverityEscalationAndState() throws Exception {
        String body = """
                [{"labels": {"alertname": "CostAnomaly", "severity": "P2", "escalation": "L1", "tenant": "acme"},
                  "status": {"state": "active"}},
                 {"labels": {"alertname": "CostAnomaly", "severity": "P2", "escalation": "L1", "tenant": "beta"},
                  "status": {"state": "active"}},
                 {"labels": {"alertname": "ErrorRateAnomaly", "severity": "P3"}, "status": {"state": "suppressed"}}]
                """;
        AlertmanagerReadings.Held held = AlertmanagerReadings.parse(new ObjectMapper().readTree(body));

        assertThat(held.total()).isEqualTo(3);
        assertThat(held.byAlert()).containsExactly(java.util.Map.entry("CostAnomaly P2 L1", 2L),
                java.util.Map.entry("ErrorRateAnomaly P3", 1L));
        assertThat(held.byState()).containsEntry("active", 2L).containsEntry("suppressed", 1L);
    }

    @Test
    void obeyedCommandsComeFromTheSimulatorsReportAndTheirAbsenceIsSaid() throws Exception {
        Path report = dir.resolve("report.json");
        assertThat(DemoSummary.obeyed(report)).startsWith("not known yet");

        Files.writeString(report, "{\"seed\": 1, \"incidents\": []}");
        assertThat(DemoSummary.obeyed(report)).isEqualTo("this simulator does not report obeyed commands");

        Files.writeString(report, """
                {"commands": [{"agent": "sales-agent", "action": "RATE_LIMIT", "obeyedAt": "2026-12-02T01:22:00Z", "outcome": "rate limited"},
                              {"agent": "support-agent", "action": "SHUTDOWN", "obeyedAt": null, "outcome": "ignored (ignores_kill_switch)"}]}
                """);
        assertThat(DemoSummary.obeyed(report)).isEqualTo("2 (sales-agent RATE_LIMIT obeyed at 2026-12-02T01:22:00Z, "
                + "support-agent SHUTDOWN not obeyed (ignored (ignores_kill_switch)))");
    }

    @Test
    void countsAreListedLargestFirstAsReadAndCutAfterTheLimit() {
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        counts.put("PHONE", 9L);
        counts.put("EMAIL", 4L);
        counts.put("IBAN", 1L);

        assertThat(DemoSummary.total(counts)).isEqualTo("14 (PHONE 9, EMAIL 4, IBAN 1)");
        assertThat(DemoSummary.counts(counts, 2)).isEqualTo("PHONE 9, EMAIL 4, ...");
        assertThat(DemoSummary.total(java.util.Map.of())).isEqualTo("0");
    }
}
