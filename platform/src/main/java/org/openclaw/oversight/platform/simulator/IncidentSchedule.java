package org.openclaw.oversight.platform.simulator;

import java.util.List;
import java.util.Random;

/** Which incident of the run hits an agent at a simulated time: the one lookup every injector asks. */
final class IncidentSchedule {
    private final List<IncidentOutcome> outcomes;
    private final Random random;

    IncidentSchedule(List<IncidentOutcome> outcomes, Random random) {
        this.outcomes = List.copyOf(outcomes);
        this.random = random;
    }

    List<IncidentOutcome> outcomes() {
        return outcomes;
    }

    /** The incident of {@code type} hitting the agent at {@code time}, or null. Draws nothing. */
    IncidentOutcome active(String agentId, long time, IncidentType type) {
        for (IncidentOutcome o : outcomes) {
            if (o.incident().type() == type && o.incident().agentId().equals(agentId) && o.activeAt(time)) {
                return o;
            }
        }
        return null;
    }

    /**
     * The active incident of {@code type} if it strikes this time, with its {@code probability} param (else
     * {@code fallback}); null otherwise. Draws one number only while such an incident is active, so a run
     * without it keeps the random sequence it would have had.
     */
    IncidentOutcome strikes(String agentId, long time, IncidentType type, double fallback) {
        IncidentOutcome o = active(agentId, time, type);
        return o != null && random.nextDouble() < o.incident().param("probability", fallback) ? o : null;
    }
}
