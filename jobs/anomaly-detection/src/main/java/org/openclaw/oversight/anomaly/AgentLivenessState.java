package org.openclaw.oversight.anomaly;

/** {@link AgentLiveness}'s state of one agent. A Flink POJO. */
public class AgentLivenessState {

    /** Processing time of the last signal. */
    public long lastSeenAt;
    /** Event time of the newest heartbeat (older ones arriving late do not change the status). */
    public long lastHeartbeatAt = Long.MIN_VALUE;
    public boolean silent;
    public boolean down;
    public boolean degraded;
    /** The pending processing-time timer, or Long.MIN_VALUE. */
    public long timer = Long.MIN_VALUE;

    public AgentLivenessState() {}
}
