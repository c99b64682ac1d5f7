package org.openclaw.oversight.platform.simulator;

/** unapproved_version: during the window the agent runs {@code version} (default 2.0.0-rc1) with 0 approvals. */
final class UnapprovedVersionInjector {
    private final IncidentSchedule schedule;

    UnapprovedVersionInjector(IncidentSchedule schedule) {
        this.schedule = schedule;
    }

    AgentVersion version(SimulatedAgent agent, long time) {
        IncidentOutcome unapproved = schedule.active(agent.agentId(), time, IncidentType.UNAPPROVED_VERSION);
        if (unapproved != null) {
            return new AgentVersion(unapproved.incident().param("version", "2.0.0-rc1"), 0, unapproved);
        }
        return new AgentVersion(agent.version(), 2, null);
    }
}
