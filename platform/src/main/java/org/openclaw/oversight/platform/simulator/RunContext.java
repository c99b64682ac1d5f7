package org.openclaw.oversight.platform.simulator;

import java.util.List;

/**
 * What every span of one agent run shares: the agent, the version it runs, the trace, and the incidents whose
 * signature each of its spans carries (an unapproved version).
 */
record RunContext(SimulatedAgent agent, AgentVersion version, String traceId, List<IncidentOutcome> everySpan) {

    static RunContext of(SimulatedAgent agent, AgentVersion version, String traceId) {
        return new RunContext(agent, version, traceId,
                version.incident() == null ? List.of() : List.of(version.incident()));
    }
}
