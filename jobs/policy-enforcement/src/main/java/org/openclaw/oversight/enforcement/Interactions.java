package org.openclaw.oversight.enforcement;

import org.openclaw.oversight.schema.CleanEvent;

/**
 * The interaction an event belongs to, as the compliance score counts them: the trace of a span, the
 * conversation of a channel message.
 */
public final class Interactions {

    private Interactions() {}

    public static String of(CleanEvent event) {
        return event.getAgentEvent() != null ? event.getAgentEvent().getTraceId() : event.getChannelMessage().getConversationId();
    }

    /** Key of the conversation rules: the agent (its conversations are few and live in map state). */
    public static String agentKey(CleanEvent event) {
        return event.getTenantId() + "/" + event.getAgentId();
    }
}
