package org.openclaw.oversight.platform.simulator;

/**
 * How a compliant agent keeps its runs within the seed's {@code max_response_time: 5000ms}
 * (config/policies.yml, customer_facing and below): a run and the hand-off it may make share one deadline
 * {@value #RUN_MS} ms after the run starts (the rest of the 5 s covers the gaps between steps), each step may use
 * what is left but a reserve for the steps after it, and the agent's model client gives up at the step's share rather than at
 * {@link LlmCallBuilder#TIMEOUT_MS}. Calls that an incident slows down (latency_degradation) keep their drawn
 * durations, multiplied, so they break the limit on purpose. Draws nothing: the random sequence is that of a run
 * without budget.
 */
final class ResponseBudget {
    /** The agent's own work ends by then; up to ~0.6 s of gaps between steps and an escalation come on top. */
    static final long RUN_MS = 3_600;
    /** What each step after the next one is sure to have: the next step may use the rest. */
    static final long RESERVE_MS = 500;
    /** No step gets less, however many steps a run has (a token surge adds some). */
    static final long MIN_STEP_MS = 200;

    private ResponseBudget() {
    }

    /**
     * What the next of {@code stepsLeft} steps may take of the time until {@code deadline}: everything but a
     * reserve for each later step, so most calls keep their drawn latency and only a slow one is squeezed.
     */
    static long step(long deadline, long cursor, int stepsLeft) {
        return Math.max(MIN_STEP_MS, deadline - cursor - (Math.max(1, stepsLeft) - 1) * RESERVE_MS);
    }

    /**
     * {@link #fit(long, long)} for a call that an incident slows down by {@code slowdown}: such a call keeps its drawn
     * duration (which the slowdown then multiplies), because a degraded provider or tool does not honour the agent's
     * budget, and the incident is meant to show its full effect (it breaks max_response_time on purpose).
     */
    static long fit(long natural, long cap, double slowdown) {
        return slowdown > 1.0 ? natural : fit(natural, cap);
    }

    /**
     * A drawn duration squeezed into {@code cap}: unchanged when it fits, else between 3/4 of the cap and the cap
     * (the overshoot picks where, so squeezed durations do not pile up on one value).
     */
    static long fit(long natural, long cap) {
        if (natural <= cap) {
            return natural;
        }
        long spread = Math.max(1, cap / 4);
        return cap - (natural - cap) % spread;
    }
}
