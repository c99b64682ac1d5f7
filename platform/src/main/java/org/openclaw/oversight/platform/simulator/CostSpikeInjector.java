package org.openclaw.oversight.platform.simulator;

/** cost_spike: input tokens times {@code factor} (10), output times half of it, optionally another model. */
final class CostSpikeInjector implements LlmCallInjector {
    private final IncidentSchedule schedule;

    CostSpikeInjector(IncidentSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public IncidentOutcome shape(SimulatedAgent agent, long start, LlmCallShape call) {
        IncidentOutcome cost = schedule.active(agent.agentId(), start, IncidentType.COST_SPIKE);
        if (cost != null) {
            double factor = cost.incident().param("factor", 10.0);
            call.inputTokens *= factor;
            call.outputTokens *= Math.max(1, factor / 2);
            call.model = cost.incident().param("model", call.model);
            call.provider = cost.incident().param("provider", call.provider);
        }
        return cost;
    }
}
