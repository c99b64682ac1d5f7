package org.openclaw.oversight.anomaly;

import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.SpanStatus;

/** One span of a trace in {@link TraceTopology}'s state: whose it is, its parent, and whether it failed. A Flink POJO. */
public class SpanNode {

    public String tenantId;
    public String agentId;
    public String traceId;
    public String spanId;
    public String parentSpanId;
    public String eventId;
    public long eventTimeMs;
    public boolean error;
    public boolean reported;

    public SpanNode() {}

    public static boolean isSpan(CleanEvent e) {
        return e.getAgentEvent() != null && e.getAgentEvent().getTraceId() != null;
    }

    public static SpanNode of(CleanEvent e) {
        AgentEvent span = e.getAgentEvent();
        SpanNode n = new SpanNode();
        n.tenantId = e.getTenantId();
        n.agentId = e.getAgentId();
        n.traceId = span.getTraceId();
        n.spanId = span.getSpanId();
        n.parentSpanId = span.getParentSpanId();
        n.eventId = e.getEventId();
        n.eventTimeMs = e.getEventTime().toEpochMilli();
        n.error = span.getStatus() == SpanStatus.ERROR || span.getStatus() == SpanStatus.TIMEOUT;
        return n;
    }
}
