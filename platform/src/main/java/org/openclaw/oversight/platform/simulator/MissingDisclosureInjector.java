package org.openclaw.oversight.platform.simulator;

/** missing_ai_disclosure: the first reply of a conversation does not say that an AI is answering. */
final class MissingDisclosureInjector {
    private final IncidentSchedule schedule;

    MissingDisclosureInjector(IncidentSchedule schedule) {
        this.schedule = schedule;
    }

    /** The incident if a first reply at {@code time} leaves the disclosure out, else null. */
    IncidentOutcome omits(SimulatedAgent agent, long time) {
        return schedule.active(agent.agentId(), time, IncidentType.MISSING_AI_DISCLOSURE);
    }
}
