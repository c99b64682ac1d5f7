package org.openclaw.oversight.incident;

import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.IncidentCommand;

/**
 * What the responder reads, keyed by tenant: an alert, a heartbeat (health checks, the tenant's agents)
 * or a person's command. Exactly one of the three is set.
 */
public class IncidentInput {

    public Alert alert;
    public IncidentCommand command;
    public String heartbeatAgentId;
    public long heartbeatAtMs;
    public boolean heartbeatHealthy;
    /** The key: the tenant ("" when an alert names none). */
    public String tenantId;

    public IncidentInput() {}

    public static IncidentInput ofAlert(Alert alert) {
        IncidentInput in = new IncidentInput();
        in.alert = alert;
        in.tenantId = alert.getTenantId() == null ? "" : alert.getTenantId();
        return in;
    }

    public static IncidentInput ofCommand(IncidentCommand command) {
        IncidentInput in = new IncidentInput();
        in.command = command;
        in.tenantId = command.getTenantId() == null ? "" : command.getTenantId();
        return in;
    }

    public static IncidentInput ofHeartbeat(AgentHeartbeat heartbeat) {
        IncidentInput in = new IncidentInput();
        in.heartbeatAgentId = heartbeat.getAgentId();
        in.heartbeatAtMs = heartbeat.getTimestamp().toEpochMilli();
        in.heartbeatHealthy = heartbeat.getStatus() != org.openclaw.oversight.schema.HeartbeatStatus.DOWN;
        in.tenantId = heartbeat.getTenantId();
        return in;
    }
}
