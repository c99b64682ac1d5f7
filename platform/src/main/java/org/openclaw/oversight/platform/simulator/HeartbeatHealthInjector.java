package org.openclaw.oversight.platform.simulator;

import java.util.HashSet;
import java.util.Set;
import org.openclaw.oversight.schema.HeartbeatStatus;

/**
 * agent_degraded and agent_down, as the agent reports them about itself: DEGRADED heartbeats for the whole window;
 * for agent_down one DOWN heartbeat (the first of the window), after which {@link AgentSilentInjector} drops
 * everything of the agent until the window ends. Draws nothing.
 */
final class HeartbeatHealthInjector {
    private final IncidentSchedule schedule;
    private final Set<IncidentOutcome> downReported = new HashSet<>();

    HeartbeatHealthInjector(IncidentSchedule schedule) {
        this.schedule = schedule;
    }

    /** The status of the agent's heartbeat at {@code time}; a DOWN or DEGRADED one counts on its incident. */
    HeartbeatStatus status(SimulatedAgent agent, long time) {
        IncidentOutcome down = schedule.active(agent.agentId(), time, IncidentType.AGENT_DOWN);
        if (down != null && downReported.add(down)) {
            return HeartbeatStatus.DOWN;
        }
        if (schedule.active(agent.agentId(), time, IncidentType.AGENT_DEGRADED) != null) {
            return HeartbeatStatus.DEGRADED;
        }
        return HeartbeatStatus.UP;
    }

    /** The incident whose signature a heartbeat of this status at {@code time} carries, or null. */
    IncidentOutcome shownBy(SimulatedAgent agent, long time, HeartbeatStatus status) {
        return switch (status) {
            case DOWN -> schedule.active(agent.agentId(), time, IncidentType.AGENT_DOWN);
            case DEGRADED -> schedule.active(agent.agentId(), time, IncidentType.AGENT_DEGRADED);
            default -> null;
        };
    }
}
