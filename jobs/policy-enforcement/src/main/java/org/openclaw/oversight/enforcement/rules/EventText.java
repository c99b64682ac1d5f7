package org.openclaw.oversight.enforcement.rules;

import java.util.List;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;

/** What rules read of a clean event's (redacted) text, and whether its text is there to be judged at all. */
public final class EventText {

    // ingestion's tags (jobs may not depend on each other): its text was removed on purpose, not by the agent
    static final String TAG_SAMPLED_OUT = "sampled_out";
    static final String TAG_PII_SCAN_BATCH = "pii_scan_batch";

    private EventText() {}

    /**
     * Whether the event still carries the text the agent recorded: ingestion strips it from sampled-out
     * events and from the metrics-only copy of batch-scanned agents. Text rules skip those events instead of
     * calling the missing text a violation.
     */
    public static boolean hasRecordedText(CleanEvent event) {
        List<String> tags = event.getTags();
        return event.getSampled() && !tags.contains(TAG_SAMPLED_OUT) && !tags.contains(TAG_PII_SCAN_BATCH);
    }

    /** What the agent said: an LLM call's or run's output, or an outbound message's text; null otherwise. */
    public static String output(CleanEvent event) {
        AgentEvent span = event.getAgentEvent();
        if (span != null) {
            return span.getKind() == EventKind.LLM_CALL || span.getKind() == EventKind.AGENT_RUN ? span.getOutput() : null;
        }
        ChannelMessage message = event.getChannelMessage();
        return message != null && message.getDirection() == Direction.OUTBOUND ? message.getText() : null;
    }

    public static boolean isOutbound(CleanEvent event) {
        return event.getChannelMessage() != null && event.getChannelMessage().getDirection() == Direction.OUTBOUND;
    }

    public static boolean isInbound(CleanEvent event) {
        return event.getChannelMessage() != null && event.getChannelMessage().getDirection() == Direction.INBOUND;
    }

    public static boolean isSpan(CleanEvent event, EventKind kind) {
        return event.getAgentEvent() != null && event.getAgentEvent().getKind() == kind;
    }

    public static boolean empty(String text) {
        return text == null || text.isBlank();
    }

    /** Whether {@code text} contains {@code phrase}, ignoring case (also for umlauts) and runs of white space. */
    public static boolean containsPhrase(String text, String phrase) {
        return normalise(text).contains(normalise(phrase));
    }

    static String normalise(String text) {
        return text.toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
    }
}
