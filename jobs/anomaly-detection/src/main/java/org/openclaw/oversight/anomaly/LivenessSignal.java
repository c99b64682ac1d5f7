package org.openclaw.oversight.anomaly;

import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.CleanEvent;

/** A sign of life of an agent: a heartbeat (with its status) or any clean event ({@code status} null). A Flink POJO. */
public class LivenessSignal {

    public String tenantId;
    public String agentId;
    public long eventTimeMs;
    /** UP, DEGRADED, DOWN for heartbeats; null for events. */
    public String status;

    public LivenessSignal() {}

    public static LivenessSignal of(AgentHeartbeat h) {
        LivenessSignal s = new LivenessSignal();
        s.tenantId = h.getTenantId();
        s.agentId = h.getAgentId();
        s.eventTimeMs = h.getTimestamp().toEpochMilli();
        s.status = h.getStatus().name();
        return s;
    }

    public static LivenessSignal of(CleanEvent e) {
        LivenessSignal s = new LivenessSignal();
        s.tenantId = e.getTenantId();
        s.agentId = e.getAgentId();
        s.eventTimeMs = e.getEventTime().toEpochMilli();
        return s;
    }

    public String agentKey() {
        return DetectionSettings.key(tenantId, agentId);
    }
}
