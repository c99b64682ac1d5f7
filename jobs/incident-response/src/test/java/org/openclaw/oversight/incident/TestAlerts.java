package org.openclaw.oversight.incident;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.HeartbeatStatus;
import org.openclaw.oversight.schema.IncidentCommand;

/** Alerts as the detectors raise them (names and fingerprints from AlertType), heartbeats and commands. */
final class TestAlerts {

    private TestAlerts() {}

    static Alert firing(AlertType type, String tenant, String agent, long startsAtMs) {
        Map<String, String> identifying = new LinkedHashMap<>();
        identifying.put("tenant", tenant);
        if (agent != null) {
            identifying.put("agent", agent);
        }
        Map<String, String> labels = new LinkedHashMap<>(identifying);
        labels.put("alertname", type.alertname());
        labels.put("severity", switch (type.defaultSeverity()) {
            case P1 -> "critical";
            case P2 -> "high";
            case P3 -> "medium";
            case P4 -> "low";
        });
        labels.put("source", type.source());
        labels.put("category", "customer_facing");
        return Alert.newBuilder()
                .setFingerprint(type.fingerprint(identifying))
                .setAlertname(type.alertname())
                .setSeverity(type.defaultSeverity())
                .setTenantId(tenant)
                .setAgentId(agent)
                .setLabels(labels)
                .setSummary(type.alertname() + " of " + agent)
                .setDescription("test alert")
                .setRunbook(type.runbook())
                .setStartsAt(Instant.ofEpochMilli(startsAtMs))
                .setEndsAt(null)
                .setSource(type.source())
                .setEvidence(List.of())
                .build();
    }

    static Alert resolved(Alert firing, long endsAtMs) {
        return Alert.newBuilder(firing).setEndsAt(Instant.ofEpochMilli(endsAtMs)).build();
    }

    static AgentHeartbeat heartbeat(String tenant, String agent, long atMs) {
        return AgentHeartbeat.newBuilder().setTenantId(tenant).setAgentId(agent).setAgentVersion("1.0.0")
                .setTimestamp(Instant.ofEpochMilli(atMs)).setStatus(HeartbeatStatus.UP).build();
    }

    static IncidentCommand command(String id, String incidentId, String tenant, String command, String action, String by) {
        return IncidentCommand.newBuilder().setCommandId(id).setIncidentId(incidentId).setTenantId(tenant).setCommand(command)
                .setAction(action).setAgentId(null).setIssuedBy(by).setIssuedAt(Instant.now()).build();
    }
}
