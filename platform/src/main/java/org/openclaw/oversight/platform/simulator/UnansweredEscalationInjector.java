package org.openclaw.oversight.platform.simulator;

/**
 * human_escalation_unanswered: with {@code probability} (0.6) a user asks for a human and the run neither escalates
 * nor goes past a human review.
 */
final class UnansweredEscalationInjector {
    private final IncidentSchedule schedule;

    UnansweredEscalationInjector(IncidentSchedule schedule) {
        this.schedule = schedule;
    }

    /** The incident if the user's turn at {@code time} asks for a human in vain, else null. */
    IncidentOutcome strikes(SimulatedAgent agent, long time) {
        return schedule.strikes(agent.agentId(), time, IncidentType.HUMAN_ESCALATION_UNANSWERED, 0.6);
    }
}
