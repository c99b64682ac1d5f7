package org.openclaw.oversight.platform.simulator;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.HeartbeatStatus;

/**
 * agent_silent, agent_down and agent_stopped: the agent takes no work, hand-offs to it time out, and whatever of it
 * was already queued (spans, messages, heartbeats) is dropped when due, spans together with their descendants.
 * The one DOWN heartbeat agent_down starts with ({@link HeartbeatHealthInjector}) is the exception.
 */
final class AgentSilentInjector {
    private static final List<IncidentType> SILENCING = List.of(IncidentType.AGENT_SILENT, IncidentType.AGENT_DOWN,
            IncidentType.AGENT_STOPPED);

    private final IncidentSchedule schedule;
    /** Spans dropped because their agent is silent; their descendants are dropped as well. */
    private final Set<String> droppedSpans = new HashSet<>();

    AgentSilentInjector(IncidentSchedule schedule) {
        this.schedule = schedule;
    }

    boolean isSilent(String agentId, long time) {
        return silencing(agentId, time) != null;
    }

    /** Whether a due record is dropped instead of emitted; counts it on the incident that silenced it. */
    boolean drops(PendingRecords.Pending p) {
        IncidentOutcome silent = silencing(p.record().agentId(), p.time());
        boolean orphan = p.parentSpanId() != null && droppedSpans.contains(p.parentSpanId());
        if (silent == null && !orphan || silent != null && isDownReport(p)) {
            return false;
        }
        if (silent != null) {
            silent.suppressed();
        }
        if (p.spanId() != null) {
            droppedSpans.add(p.spanId());
        }
        return true;
    }

    private IncidentOutcome silencing(String agentId, long time) {
        for (IncidentType type : SILENCING) {
            IncidentOutcome o = schedule.active(agentId, time, type);
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    private static boolean isDownReport(PendingRecords.Pending p) {
        return p.record().value() instanceof AgentHeartbeat hb && hb.getStatus() == HeartbeatStatus.DOWN;
    }
}
