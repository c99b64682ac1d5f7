package org.openclaw.oversight.platform.simulator;

import java.util.List;
import org.openclaw.oversight.schema.Channel;

/**
 * One agent of the simulated fleet: who it belongs to, which model it calls and whom it hands work to.
 *
 * @param handoffTargets agents of the same tenant this agent may delegate to (cross-agent traces)
 * @param channels channels its conversations run on; empty for agents only reached through hand-offs
 */
public record SimulatedAgent(
        String tenantId,
        String agentId,
        String category,
        String provider,
        String model,
        String version,
        List<String> handoffTargets,
        List<Channel> channels) {

    public SimulatedAgent {
        handoffTargets = List.copyOf(handoffTargets);
        channels = List.copyOf(channels);
    }

    boolean isHrScreening() {
        return "hr_screening_agent".equals(category) || agentId.startsWith("hr-");
    }
}
