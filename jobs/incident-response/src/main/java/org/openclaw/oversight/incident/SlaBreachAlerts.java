package org.openclaw.oversight.incident;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;

/** {@code SlaBreach} (P2): an agent's uptime on a UTC day fell below {@code thresholds.uptime_sla_minimum}. */
public final class SlaBreachAlerts {

    private SlaBreachAlerts() {}

    public static Alert of(AgentUptime day, double minimum, long startsAtMs) {
        AlertType type = AlertType.SLA_BREACH;
        Map<String, String> identifying = new LinkedHashMap<>();
        identifying.put("tenant", day.tenantId);
        identifying.put("agent", day.agentId);
        identifying.put("day", LocalDate.ofEpochDay(day.epochDay).toString());
        Map<String, String> labels = new LinkedHashMap<>(identifying);
        labels.put("alertname", type.alertname());
        labels.put("severity", "high");
        labels.put("source", type.source());
        labels.put("category", "sla");
        return Alert.newBuilder()
                .setFingerprint(type.fingerprint(identifying))
                .setAlertname(type.alertname())
                .setSeverity(type.defaultSeverity())
                .setTenantId(day.tenantId)
                .setAgentId(day.agentId)
                .setLabels(labels)
                .setSummary("Uptime of agent " + day.agentId + " below the SLA on " + LocalDate.ofEpochDay(day.epochDay))
                .setDescription(String.format(Locale.ROOT, "Uptime %.4f on %s (UTC) from %d s of AgentUnreachable incidents; SLA minimum %.4f.",
                        day.uptimeRatio(), LocalDate.ofEpochDay(day.epochDay), day.downtimeMs / 1000, minimum))
                .setRunbook(type.runbook())
                .setValue(day.uptimeRatio())
                .setThreshold(minimum)
                .setStartsAt(Instant.ofEpochMilli(startsAtMs))
                .setEndsAt(null)
                .setSource(type.source())
                .setEvidence(List.of())
                .build();
    }
}
