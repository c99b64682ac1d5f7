package org.openclaw.oversight.platform.simulator;

/** pii_in_output: with {@code probability} (0.8) a run's answer repeats personal data (planted by PiiPlanter). */
final class PiiInOutputInjector {
    private final IncidentSchedule schedule;

    PiiInOutputInjector(IncidentSchedule schedule) {
        this.schedule = schedule;
    }

    /** The incident if this run's answer leaks, else null. */
    IncidentOutcome leaks(SimulatedAgent agent, long start) {
        return schedule.strikes(agent.agentId(), start, IncidentType.PII_IN_OUTPUT, 0.8);
    }
}
