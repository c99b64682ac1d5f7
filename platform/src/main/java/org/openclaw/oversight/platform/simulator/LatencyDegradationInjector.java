package org.openclaw.oversight.platform.simulator;

/** latency_degradation: the model's, tools' and retrievals' durations times {@code factor} (6). */
final class LatencyDegradationInjector implements LlmCallInjector {
    private final IncidentSchedule schedule;

    LatencyDegradationInjector(IncidentSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public IncidentOutcome shape(SimulatedAgent agent, long start, LlmCallShape call) {
        IncidentOutcome slow = schedule.active(agent.agentId(), start, IncidentType.LATENCY_DEGRADATION);
        if (slow != null) {
            call.latencyFactor = slow.incident().param("factor", 6.0);
            call.slowedBy = slow;
        }
        return slow;
    }
}
