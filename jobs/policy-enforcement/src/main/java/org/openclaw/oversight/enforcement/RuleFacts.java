package org.openclaw.oversight.enforcement;

import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * The few fields of a clean event that the interaction rules (per trace) and the agent rules (per agent) judge:
 * made before the {@code keyBy}, so the shuffle to those operators carries ~100 bytes instead of the whole event with
 * its texts and attributes (as cost-aggregation's UsageEvent does). A Flink POJO; no text, so no PII.
 */
public class RuleFacts {
    public String eventId;
    public String tenantId;
    public String agentId;
    /** Event time (epoch ms). */
    public long timeMs;
    /** The trace of a span, the conversation of a message (what a violation row names as interaction). */
    public String interactionId;
    /** Spans only; null for a channel message. */
    public EventKind kind;
    public String agentVersion;
    public boolean ok;
    /** Span start + duration; 0 for a message. */
    public long endMs;
    /** ingestion's price of the span; 0 when unpriced or a message. */
    public double costEur;

    public RuleFacts() {}

    public static RuleFacts of(CleanEvent event) {
        RuleFacts f = new RuleFacts();
        f.eventId = event.getEventId();
        f.tenantId = event.getTenantId();
        f.agentId = event.getAgentId();
        f.timeMs = event.getEventTime().toEpochMilli();
        f.costEur = event.getCostEur() == null ? 0.0 : event.getCostEur();
        AgentEvent span = event.getAgentEvent();
        if (span != null) {
            f.interactionId = span.getTraceId();
            f.kind = span.getKind();
            f.agentVersion = span.getAgentVersion();
            f.ok = span.getStatus() == SpanStatus.OK;
            f.endMs = span.getStartTime().toEpochMilli() + span.getDurationMs();
        } else {
            f.interactionId = event.getChannelMessage().getConversationId();
        }
        return f;
    }

    public boolean isSpan() {
        return kind != null;
    }

    public boolean isSpan(EventKind k) {
        return kind == k;
    }
}
