package org.openclaw.oversight.platform.simulator;

import java.util.Random;

/** token_surge, a runaway loop: output tokens times {@code factor} (8) and 3–5 more LLM calls per run. */
final class TokenSurgeInjector implements LlmCallInjector {
    private final IncidentSchedule schedule;
    private final Random random;

    TokenSurgeInjector(IncidentSchedule schedule, Random random) {
        this.schedule = schedule;
        this.random = random;
    }

    /** LLM calls a run starting at {@code start} makes on top of its usual ones (a draw only during a surge). */
    int extraLlmCalls(SimulatedAgent agent, long start) {
        return schedule.active(agent.agentId(), start, IncidentType.TOKEN_SURGE) == null ? 0 : 3 + random.nextInt(3);
    }

    @Override
    public IncidentOutcome shape(SimulatedAgent agent, long start, LlmCallShape call) {
        IncidentOutcome surge = schedule.active(agent.agentId(), start, IncidentType.TOKEN_SURGE);
        if (surge != null) {
            call.outputTokens *= surge.incident().param("factor", 8.0);
            call.inputTokens *= 1.5; // the runaway loop feeds its own output back
        }
        return surge;
    }
}
