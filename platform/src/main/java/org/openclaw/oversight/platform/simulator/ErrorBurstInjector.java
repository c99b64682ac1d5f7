package org.openclaw.oversight.platform.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * error_burst: spans fail at {@code error_rate} instead of their base rate, runs hand off more often, and every
 * agent the burst agent hands off to gets a burst of its own {@code cascade_delay} later (a cascade).
 */
final class ErrorBurstInjector {
    private static final double HANDOFF_PROBABILITY_DURING_BURST = 0.5;

    private final IncidentSchedule schedule;
    private final Random random;

    ErrorBurstInjector(IncidentSchedule schedule, Random random) {
        this.schedule = schedule;
        this.random = random;
    }

    /** The scenario's incidents, each error burst followed by the cascades it causes. */
    static List<IncidentOutcome> withCascades(Fleet fleet, Scenario scenario, long start) {
        List<IncidentOutcome> result = new ArrayList<>();
        for (Incident incident : scenario.incidents()) {
            result.add(new IncidentOutcome(incident, null, start));
            if (incident.type() == IncidentType.ERROR_BURST) {
                long delay = DurationText.parseMillis(incident.param("cascade_delay", "10s"));
                String rate = incident.param("cascade_error_rate", "0.5");
                for (String target : fleet.find(incident.agentId()).orElseThrow().handoffTargets()) {
                    Incident cascade = new Incident(IncidentType.ERROR_BURST, target, incident.atMs() + delay,
                            incident.durationMs(), Map.of("error_rate", rate));
                    result.add(new IncidentOutcome(cascade, incident.label(), start));
                }
            }
        }
        return result;
    }

    /** Whether a span fails: one draw against the burst's rate, or {@code baseRate} outside a burst. */
    Failure failure(SimulatedAgent agent, long time, double baseRate) {
        IncidentOutcome burst = schedule.active(agent.agentId(), time, IncidentType.ERROR_BURST);
        double rate = burst == null ? baseRate : burst.incident().param("error_rate", 0.6);
        if (random.nextDouble() >= rate) {
            return null;
        }
        return new Failure(burst);
    }

    double handoffProbability(SimulatedAgent agent, long time, double normal) {
        return schedule.active(agent.agentId(), time, IncidentType.ERROR_BURST) == null ? normal
                : HANDOFF_PROBABILITY_DURING_BURST;
    }

    /** A span failed; {@code incident} is the burst that made it fail, or null for a failure at the base rate. */
    record Failure(IncidentOutcome incident) {
    }
}
