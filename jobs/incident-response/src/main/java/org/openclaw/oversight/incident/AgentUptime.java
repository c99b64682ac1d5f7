package org.openclaw.oversight.incident;

/** Downtime and uptime of one agent on one UTC day ({@code oversight.agent_uptime_daily}); also the state behind SlaBreach. */
public class AgentUptime {

    public static final long DAY_MS = 86_400_000L;

    public long epochDay;
    public String tenantId;
    public String agentId;
    public long downtimeMs;
    /** SlaBreach already raised for this day. */
    public boolean breached;

    public AgentUptime() {}

    public double uptimeRatio() {
        return 1.0 - Math.min(downtimeMs, DAY_MS) / (double) DAY_MS;
    }

    public AgentUptime copy() {
        AgentUptime c = new AgentUptime();
        c.epochDay = epochDay;
        c.tenantId = tenantId;
        c.agentId = agentId;
        c.downtimeMs = downtimeMs;
        c.breached = breached;
        return c;
    }
}
