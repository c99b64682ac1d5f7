package org.openclaw.oversight.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** deploy/alertmanager/alertmanager.yml, checked and routed by Alertmanager's own amtool (Debian's package ships it). */
class AlertmanagerConfigTest {

    private static final String CONFIG = Path.of("../../deploy/alertmanager/alertmanager.yml").toAbsolutePath().toString();

    @Test
    void amtoolAcceptsTheConfig() {
        assertThat(IncidentResponseJobITCase.amtool("check-config", CONFIG)).contains("SUCCESS").contains("2 inhibit rules");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "critical, L1, p1-pagerduty-sms",
            "high, L1, p2-pagerduty",
            "medium, L1, p3-slack",
            "low, L1, p4-email",
            "critical, L2, 'escalation-l2-engineering-lead,p1-pagerduty-sms'",
            "high, L3, 'escalation-l3-cto,p2-pagerduty'",
            "medium, L4, 'escalation-l4-incident-commander-legal,p3-slack'"})
    void routesBySeverityAndEscalationLevel(String severity, String level, String receivers) {
        String out = IncidentResponseJobITCase.amtool("config", "routes", "test", "--config.file=" + CONFIG,
                "alertname=CostAnomaly", "tenant=acme", "severity=" + severity, "escalation=" + level);
        // amtool warns on stderr (merged here) that --config.file wins over --alertmanager.url
        assertThat(out.replaceAll("Warning: [^\n]*\n?", "").trim()).isEqualTo(receivers);
    }
}
