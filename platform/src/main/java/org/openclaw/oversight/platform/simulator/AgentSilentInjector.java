package org.openclaw.oversight.platform.simulator;

import java.util.HashSet;
import java.util.Set;

/**
 * agent_silent: the agent takes no work, hand-offs to it time out, and whatever of it was already queued (spans,
 * messages, heartbeats) is dropped when due, spans together with their descendants.
 */
final class AgentSilentInjector {
    private final IncidentSchedule schedule;
    /** Spans dropped because their agent is silent; their descendants are dropped as well. */
    private final Set<String> droppedSpans = new HashSet<>();

    AgentSilentInjector(IncidentSchedule schedule) {
        this.schedule = schedule;
    }

    boolean isSilent(String agentId, long time) {
        return schedule.active(agentId, time, IncidentType.AGENT_SILENT) != null;
    }

    /** Whether a due record is dropped instead of emitted; counts it on the incident that silenced it. */
    boolean drops(PendingRecords.Pending p) {
        IncidentOutcome silent = schedule.active(p.record().agentId(), p.time(), IncidentType.AGENT_SILENT);
        boolean orphan = p.parentSpanId() != null && droppedSpans.contains(p.parentSpanId());
        if (silent == null && !orphan) {
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
}
