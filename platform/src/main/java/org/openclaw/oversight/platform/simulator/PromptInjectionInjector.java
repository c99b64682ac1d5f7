package org.openclaw.oversight.platform.simulator;

import java.util.Random;

/** prompt_injection: with {@code probability} (0.7) a user message starts with an injection phrase. */
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

    String inject(String userText) {
        return Texts.pick(random, Texts.INJECTIONS) + " " + userText;
    }
}
