package org.openclaw.oversight.ingestion;

import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link CleanEvent} envelope is also the job's internal record between operators (an Avro type,
 * so Flink serializes it without Kryo): it starts as the decoded event with its original text and
 * leaves the job redacted. These functions make and reshape envelopes.
 */
public final class CleanEvents {

    /** Tag: the event was sampled out; only its metrics are kept. */
    public static final String TAG_SAMPLED_OUT = "sampled_out";
    /** Tag: LLM call whose model is not in pricing.yml (costEur is null). */
    public static final String TAG_UNPRICED = "unpriced";
    /** Tag: NUL characters were removed from the free text (PostgreSQL cannot store them). */
    public static final String TAG_NUL_STRIPPED = "nul_stripped";
    /** Tag: the agent's text is PII-scanned in micro-batches; this copy carries metrics only. */
    public static final String TAG_PII_SCAN_BATCH = "pii_scan_batch";
    /** Tag: the agent is not in oversight.yml; default sampling and scan mode applied. */
    public static final String TAG_UNKNOWN_AGENT = "unknown_agent";

    private CleanEvents() {}

    public static CleanEvent of(AgentEvent event) {
        return unscanned(event.getEventId(), event.getTenantId(), event.getAgentId(), event.getStartTime())
                .setAgentEvent(event)
                .build();
    }

    public static CleanEvent of(ChannelMessage message) {
        return unscanned(message.getMessageId(), message.getTenantId(), message.getAgentId(), message.getTimestamp())
                .setChannelMessage(message)
                .build();
    }

    /** A clean event before scanning, tagging and pricing: no PII types, no tags, no cost, sampled. */
    private static CleanEvent.Builder unscanned(String id, String tenant, String agent, java.time.Instant time) {
        return CleanEvent.newBuilder()
                .setEventId(id)
                .setTenantId(tenant)
                .setAgentId(agent)
                .setEventTime(time)
                .setAgentEvent(null)
                .setChannelMessage(null)
                .setPiiTypes(new ArrayList<>())
                .setInjectionSuspected(false)
                .setCostEur(null)
                .setSampled(true)
                .setTags(new ArrayList<>());
    }

    /**
     * Identity for de-duplication: agent events and channel messages have separate id spaces, so the
     * same string in both is not a duplicate.
     */
    public static String dedupeKey(CleanEvent event) {
        return (event.getAgentEvent() != null ? "event:" : "message:") + event.getEventId();
    }

    /** Sampling unit: a trace for agent events, a conversation for channel messages (kept or dropped whole). */
    public static String traceOf(CleanEvent event) {
        return event.getAgentEvent() != null ? event.getAgentEvent().getTraceId() : event.getChannelMessage().getConversationId();
    }

    /** Kafka key on the clean topic (DESIGN §3): traceId, or the conversationId for channel messages. */
    public static String kafkaKey(CleanEvent event) {
        return traceOf(event);
    }

    public static boolean hasText(CleanEvent event) {
        if (event.getAgentEvent() != null) {
            return notEmpty(event.getAgentEvent().getInput()) || notEmpty(event.getAgentEvent().getOutput());
        }
        return notEmpty(event.getChannelMessage().getText());
    }

    /** A copy with input/output (or message text) removed: null for optional fields, "" for the required message text. */
    public static CleanEvent withoutText(CleanEvent event) {
        CleanEvent copy = CleanEvent.newBuilder(event).build();
        if (copy.getAgentEvent() != null) {
            copy.getAgentEvent().setInput(null);
            copy.getAgentEvent().setOutput(null);
        } else {
            copy.getChannelMessage().setText("");
        }
        return copy;
    }

    /** Adds {@code tag} once (tags are a small list; order of first addition is kept). */
    public static void tag(CleanEvent event, String tag) {
        List<String> tags = event.getTags();
        if (!tags.contains(tag)) {
            List<String> copy = new ArrayList<>(tags);
            copy.add(tag);
            event.setTags(copy);
        }
    }

    private static boolean notEmpty(String text) {
        return text != null && !text.isEmpty();
    }
}
