package org.openclaw.oversight.platform.simulator;

import java.util.Random;

/**
 * prompt_injection: with {@code probability} (0.7) a user message starts with an injection phrase, and with
 * {@code context_factor} its first LLM call reads a stuffed context.
 */
final class PromptInjectionInjector {
    private final IncidentSchedule schedule;
    private final Random random;

    PromptInjectionInjector(IncidentSchedule schedule, Random random) {
        this.schedule = schedule;
        this.random = random;
    }

    /** The incident if the user's turn at {@code time} carries an injection, else null. */
    IncidentOutcome strikes(SimulatedAgent agent, long time) {
        return schedule.strikes(agent.agentId(), time, IncidentType.PROMPT_INJECTION, 0.7);
    }

    /**
     * With {@code context_factor} above 1 the injection stuffs the context: the first LLM call of the turn reads
     * that many times its input (the seed's "prompt injection exploiting context length"). Draws nothing.
     */
    static void stuffContext(IncidentOutcome injection, LlmCallShape call) {
        if (injection != null && injection.incident().type() == IncidentType.PROMPT_INJECTION) {
            call.inputTokens *= injection.incident().param("context_factor", 1.0);
        }
    }

    String inject(String userText) {
        return Texts.pick(random, Texts.INJECTIONS) + " " + userText;
    }
}
