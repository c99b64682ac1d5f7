package org.openclaw.oversight.platform.simulator;

import java.time.Instant;
import java.util.List;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.HeartbeatStatus;

/** Every agent's heartbeat (UP unless agent_degraded or agent_down say otherwise) at the settings' interval, staggered so that heartbeats do not come in bursts. */
final class HeartbeatSchedule {
    private final List<SimulatedAgent> agents;
    private final long intervalMs;
    private final long[] next;
    private final UnapprovedVersionInjector versions;
    private final HeartbeatHealthInjector health;
    private final PendingRecords pending;

    HeartbeatSchedule(List<SimulatedAgent> agents, SimulationSettings settings, UnapprovedVersionInjector versions,
            HeartbeatHealthInjector health, PendingRecords pending) {
        this.agents = agents;
        this.intervalMs = settings.heartbeatIntervalMs();
        this.versions = versions;
        this.health = health;
        this.pending = pending;
        this.next = new long[agents.size()];
        for (int i = 0; i < next.length; i++) {
            next[i] = settings.startMillis() + i * intervalMs / next.length;
        }
    }

    /** Simulated time of the next heartbeat of any agent. */
    long nextAt() {
        return next[nextAgent()];
    }

    /** Queues the heartbeat at {@link #nextAt()} and schedules that agent's following one. */
    void queueNext() {
        int i = nextAgent();
        SimulatedAgent agent = agents.get(i);
        long time = next[i];
        HeartbeatStatus status = health.status(agent, time);
        AgentHeartbeat hb = AgentHeartbeat.newBuilder().setTenantId(agent.tenantId()).setAgentId(agent.agentId())
                .setAgentVersion(versions.version(agent, time).version()).setTimestamp(Instant.ofEpochMilli(time))
                .setStatus(status).build();
        IncidentOutcome shown = health.shownBy(agent, time, status);
        pending.add(time, new SimulatedRecord(Topics.HEARTBEATS, agent.agentId(), hb, time, agent.agentId(),
                "heartbeat:" + agent.agentId() + ":" + time), null, null, shown == null ? List.of() : List.of(shown),
                List.of());
        next[i] += intervalMs;
    }

    private int nextAgent() {
        int first = 0;
        for (int i = 1; i < next.length; i++) {
            if (next[i] < next[first]) {
                first = i;
            }
        }
        return first;
    }
}
