package org.openclaw.oversight.cost;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.openclaw.oversight.pricing.TokenUsage;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * What this job needs of one {@link CleanEvent}: ids, numbers and flags, no text. Extracted once
 * right after decoding so the windows and the metrics see a small record instead of the whole Avro
 * record (and no redacted text ever reaches this job's state). Serialized by {@link UsageEventSerializer}.
 *
 * <p>Absent values use sentinels instead of nulls, so numbers stay primitives:
 * {@code durationMs = -1} (no latency: channel messages, and spans that did not complete OK), {@code priced = false} (costEur was null),
 * {@code NaN} scores (the event carried none).
 */
@TypeInfo(UsageEventSerializer.Factory.class)
public class UsageEvent {

    public String eventId;
    public String tenantId;
    public String agentId;
    /** AgentEvent.model, '' when the event has none (tool calls, channel messages). */
    public String model;
    /** Channel name, '' when none. */
    public String channel;
    /** AgentEvent.attributes["tier"], '' when none (label of openclaw_llm_latency_seconds). */
    public String tier;
    public long eventTimeMs;
    public boolean error;
    /** A failed channel message's error code ("delivery_failed" without one), else empty: a code, never content. */
    public String errorCode = "";
    public long durationMs;
    /**
     * All input tokens, cache reads and writes included ({@link TokenUsage#totalInputTokens(long, long, long)}):
     * an event that counted Anthropic's way (input = the uncached part) is converted here, so that every
     * aggregate's {@code input − cached − cache creation} is the uncached input and never negative.
     */
    public long inputTokens;
    public long outputTokens;
    /** Cache reads, a part of {@link #inputTokens}. */
    public long cachedInputTokens;
    /** Cache writes, a part of {@link #inputTokens}. */
    public long cacheCreationInputTokens;
    /** An {@code LLM_CALL} span: the calls the unpriced share is taken of. */
    public boolean llmCall;
    public boolean priced;
    /** Cost in nano-EUR (1e-9 EUR, the scale of the numeric(20,9) columns): sums stay exact. */
    public long costNanoEur;
    public boolean toolCall;
    public boolean toolFailure;
    public double alignmentScore = Double.NaN;
    public double qualityScore = Double.NaN;
    public double userSatisfaction = Double.NaN;

    public UsageEvent() {}

    /** Maps a clean event; both unsampled and sampled events count (sampling only affects stored text). */
    public static UsageEvent of(CleanEvent clean) {
        UsageEvent e = new UsageEvent();
        e.eventId = clean.getEventId();
        e.tenantId = clean.getTenantId();
        e.agentId = clean.getAgentId();
        e.eventTimeMs = clean.getEventTime().toEpochMilli();
        e.model = "";
        e.channel = "";
        e.tier = "";
        e.durationMs = -1;
        AgentEvent span = clean.getAgentEvent();
        ChannelMessage message = clean.getChannelMessage();
        if (span != null) {
            e.model = Objects.requireNonNullElse(span.getModel(), "");
            e.channel = span.getChannel() == null ? "" : span.getChannel().name();
            String tier = span.getAttributes() == null ? null : span.getAttributes().get("tier");
            e.tier = tier == null ? "" : tier;
            e.error = span.getStatus() != SpanStatus.OK;
            // latency is measured over completed calls: a timed-out span lasts as long as its caller's deadline,
            // and a failed one as long as the failure took, neither says how fast the agent answers; both count
            // in the error rate instead (ErrorRateAnomaly, cascades)
            e.durationMs = e.error ? -1 : Math.max(0, span.getDurationMs());
            e.cachedInputTokens = span.getCachedInputTokens();
            e.cacheCreationInputTokens = span.getCacheCreationInputTokens();
            e.inputTokens = TokenUsage.totalInputTokens(span.getInputTokens(), e.cachedInputTokens, e.cacheCreationInputTokens);
            e.outputTokens = span.getOutputTokens();
            e.llmCall = span.getKind() == EventKind.LLM_CALL;
            e.toolCall = span.getKind() == EventKind.TOOL_CALL;
            // a tool call without an explicit toolSuccess failed if its span did
            e.toolFailure = e.toolCall && (span.getToolSuccess() != null ? !span.getToolSuccess() : e.error);
            e.alignmentScore = orNaN(span.getAlignmentScore());
            e.qualityScore = orNaN(span.getQualityScore());
            e.userSatisfaction = orNaN(span.getUserSatisfaction());
        } else if (message != null) {
            e.channel = message.getChannel().name();
            e.error = message.getErrorCode() != null || "failed".equalsIgnoreCase(message.getDeliveryStatus());
            e.errorCode = message.getErrorCode() != null ? message.getErrorCode() : e.error ? "delivery_failed" : "";
        }
        Double cost = clean.getCostEur();
        e.priced = cost != null;
        e.costNanoEur = cost == null ? 0 : nanoEur(cost);
        return e;
    }

    /** EUR to nano-EUR, rounded half-up at the 9th decimal like the numeric(20,9) column would. */
    public static long nanoEur(double eur) {
        return Math.round(eur * 1e9);
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    /** Ids and numbers only: the event's text never reaches this class. */
    @Override
    public String toString() {
        return "UsageEvent{" + eventId + ", " + tenantId + "/" + agentId + "/" + model + " @" + eventTimeMs + "}";
    }
}
