package org.openclaw.oversight.platform.simulator;

/**
 * An incident that changes an LLM call's tokens, model or latency (cost_spike, token_surge, latency_degradation).
 * A new kind of that sort is one more implementation in {@link Incidents#llmCalls()}.
 */
interface LlmCallInjector {
    /**
     * Changes {@code call} when the incident hits {@code agent} at {@code start} and returns it (its signature is
     * then on the span), else returns null and leaves the call alone. Draws nothing from the random: the same
     * seed must give the same calls whichever incidents a scenario has.
     */
    IncidentOutcome shape(SimulatedAgent agent, long start, LlmCallShape call);
}
