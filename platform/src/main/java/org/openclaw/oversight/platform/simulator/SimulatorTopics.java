package org.openclaw.oversight.platform.simulator;

/** Topics the simulator writes, as fixed by DESIGN.md section 3. */
public final class SimulatorTopics {
    public static final String AGENT_EVENTS = "oversight.agent-events.v1";
    public static final String CHANNEL_MESSAGES = "oversight.channel-messages.v1";
    public static final String HEARTBEATS = "oversight.heartbeats.v1";

    private SimulatorTopics() {
    }
}
