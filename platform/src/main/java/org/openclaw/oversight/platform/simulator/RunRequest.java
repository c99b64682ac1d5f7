package org.openclaw.oversight.platform.simulator;

import java.util.List;

/**
 * An agent run to generate: a user's turn ({@code depth} 0, in a conversation) or a hand-off's child run
 * (depth 1, no conversation), with the incidents already decided for the user's message.
 */
record RunRequest(SimulatedAgent agent, String traceId, String parentSpanId, long start, String input, int depth,
        Conversation conversation, boolean asksForHuman, IncidentOutcome unanswered, IncidentOutcome injection,
        List<PlantedPii> inputPii) {

    static RunRequest forUser(SimulatedAgent agent, String traceId, long start, String input, Conversation conv,
            boolean asksForHuman, IncidentOutcome unanswered, IncidentOutcome injection, List<PlantedPii> inputPii) {
        return new RunRequest(agent, traceId, null, start, input, 0, conv, asksForHuman, unanswered, injection,
                inputPii);
    }

    static RunRequest handedOff(SimulatedAgent target, String traceId, String handoffSpanId, long start,
            String task, List<PlantedPii> inputPii) {
        return new RunRequest(target, traceId, handoffSpanId, start, task, 1, null, false, null, null, inputPii);
    }
}
