package org.openclaw.oversight.anomaly;

import java.util.Arrays;

/**
 * A failed (ERROR/TIMEOUT) span with the agents upstream of it in its trace: the agents of its
 * ancestor spans other than its own (a cross-agent parent span, or the HANDOFF span the agent's run
 * hangs under), nearest first, comma-separated. A Flink POJO.
 */
public class ErrorSpan {

    public String tenantId;
    public String agentId;
    public String traceId;
    public String eventId;
    public long eventTimeMs;
    public String upstreamAgents = "";

    public ErrorSpan() {}

    public boolean isDownstreamOf(String agent) {
        return !upstreamAgents.isEmpty() && Arrays.asList(upstreamAgents.split(",")).contains(agent);
    }
}
