package org.openclaw.oversight.ingestion;

import org.openclaw.oversight.connectors.kafka.RecordValidator;
import org.openclaw.oversight.connectors.kafka.Rejection;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Step 1 of the job: the rules a decoded record must pass, as {@link RecordValidator}s for
 * {@code KafkaSources.decode}. A rejected record is dead-lettered with its original bytes and one of
 * the reasons below; messages name the field and the limit, never the content (it may be PII).
 *
 * <p>NUL characters: PostgreSQL cannot store U+0000 in {@code text} or {@code jsonb}, so a NUL in an
 * identifier or metadata field is {@link #INVALID_TEXT} (altering an id would change identity), while
 * NULs in the free text (input, output, message text) are stripped later and the event tagged
 * {@code nul_stripped}. Invalid UTF-8 never gets here: Avro's decoder turns it into U+FFFD.
 */
public final class EventRules {

    public static final String MISSING_ID = "missing_id";
    public static final String NEGATIVE_VALUE = "negative_value";
    public static final String EVENT_TIME_OUT_OF_RANGE = "event_time_out_of_range";
    public static final String TEXT_TOO_LARGE = "text_too_large";
    public static final String INVALID_TEXT = "invalid_text";
    public static final String ID_TOO_LONG = "id_too_long";
    /**
     * Longest id (and model name) in UTF-8 bytes. They are keys of PostgreSQL indexes, whose entries
     * cannot exceed ~2.7 KB (a longer one fails the insert, and with it the table sink), and the clean
     * event repeats some of them, so unbounded ids could also push it over the topic's size limit.
     */
    public static final int MAX_ID_BYTES = 512;

    private EventRules() {}

    public static RecordValidator<AgentEvent> agentEvents(IngestionRules rules, Clock clock) {
        return new AgentEventValidator(rules, clock);
    }

    public static RecordValidator<ChannelMessage> channelMessages(IngestionRules rules, Clock clock) {
        return new ChannelMessageValidator(rules, clock);
    }

    private record AgentEventValidator(IngestionRules rules, Clock clock) implements RecordValidator<AgentEvent> {
        @Override
        public Optional<Rejection> check(AgentEvent e) {
            Optional<Rejection> ids = firstMissing(
                    "eventId", e.getEventId(), "tenantId", e.getTenantId(), "agentId", e.getAgentId(),
                    "traceId", e.getTraceId(), "spanId", e.getSpanId());
            if (ids.isPresent()) {
                return ids;
            }
            Optional<Rejection> longIds = firstTooLong("parentSpanId", e.getParentSpanId(), "model", e.getModel());
            if (longIds.isPresent()) {
                return longIds;
            }
            if (e.getDurationMs() < 0 || e.getInputTokens() < 0 || e.getOutputTokens() < 0 || e.getCachedInputTokens() < 0
                    || e.getCacheCreationInputTokens() < 0) {
                return Optional.of(Rejection.of(NEGATIVE_VALUE, "durationMs and token counts must be >= 0 (durationMs="
                        + e.getDurationMs() + ", inputTokens=" + e.getInputTokens() + ", outputTokens=" + e.getOutputTokens()
                        + ", cachedInputTokens=" + e.getCachedInputTokens()
                        + ", cacheCreationInputTokens=" + e.getCacheCreationInputTokens() + ")"));
            }
            Optional<Rejection> time = timeInRange(rules, clock, "startTime", e.getStartTime());
            if (time.isPresent()) {
                return time;
            }
            Optional<Rejection> size = tooLarge(rules, "input", e.getInput()).or(() -> tooLarge(rules, "output", e.getOutput()));
            if (size.isPresent()) {
                return size;
            }
            return nulIn("agentVersion", e.getAgentVersion(), "parentSpanId", e.getParentSpanId(), "name", e.getName(),
                    "errorType", e.getErrorType(), "provider", e.getProvider(), "model", e.getModel(),
                    "toolName", e.getToolName(), "userId", e.getUserId())
                    .or(() -> nulInAttributes(e.getAttributes()));
        }
    }

    private record ChannelMessageValidator(IngestionRules rules, Clock clock) implements RecordValidator<ChannelMessage> {
        @Override
        public Optional<Rejection> check(ChannelMessage m) {
            Optional<Rejection> ids = firstMissing(
                    "messageId", m.getMessageId(), "tenantId", m.getTenantId(), "agentId", m.getAgentId(),
                    "conversationId", m.getConversationId());
            if (ids.isPresent()) {
                return ids;
            }
            Optional<Rejection> time = timeInRange(rules, clock, "timestamp", m.getTimestamp());
            if (time.isPresent()) {
                return time;
            }
            return tooLarge(rules, "text", m.getText())
                    .or(() -> nulIn("userId", m.getUserId(), "mediaType", m.getMediaType(),
                            "deliveryStatus", m.getDeliveryStatus(), "errorCode", m.getErrorCode()));
        }
    }

    /** Pairs of (field name, value): the first blank id, one containing NUL, or one longer than {@link #MAX_ID_BYTES}. */
    private static Optional<Rejection> firstMissing(String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String value = namesAndValues[i + 1];
            if (value == null || value.isBlank()) {
                return Optional.of(Rejection.of(MISSING_ID, namesAndValues[i] + " is missing or blank"));
            }
            if (TextLimits.containsNul(value)) {
                return Optional.of(Rejection.of(INVALID_TEXT, namesAndValues[i] + " contains a NUL character"));
            }
        }
        return firstTooLong(namesAndValues);
    }

    /** Pairs of (field name, value, null allowed): the first longer than {@link #MAX_ID_BYTES} in UTF-8. */
    private static Optional<Rejection> firstTooLong(String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String value = namesAndValues[i + 1];
            if (TextLimits.exceeds(value, MAX_ID_BYTES)) {
                return Optional.of(Rejection.of(ID_TOO_LONG, namesAndValues[i] + " has " + value.length()
                        + " chars, more than the limit of " + MAX_ID_BYTES + " UTF-8 bytes"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> nulIn(String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (TextLimits.containsNul(namesAndValues[i + 1])) {
                return Optional.of(Rejection.of(INVALID_TEXT, namesAndValues[i] + " contains a NUL character"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> nulInAttributes(Map<String, String> attributes) {
        if (attributes == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> entry : attributes.entrySet()) {
            if (TextLimits.containsNul(entry.getKey()) || TextLimits.containsNul(entry.getValue())) {
                return Optional.of(Rejection.of(INVALID_TEXT, "an attribute key or value contains a NUL character"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> timeInRange(IngestionRules rules, Clock clock, String field, Instant time) {
        Instant now = clock.instant();
        if (time == null) {
            return Optional.of(Rejection.of(MISSING_ID, field + " is missing"));
        }
        if (time.isBefore(now.minus(rules.maxEventAge())) || time.isAfter(now.plus(rules.maxClockSkew()))) {
            return Optional.of(Rejection.of(EVENT_TIME_OUT_OF_RANGE, field + " " + time + " is outside [now - "
                    + rules.maxEventAge() + ", now + " + rules.maxClockSkew() + "] (now " + now + ")"));
        }
        return Optional.empty();
    }

    private static Optional<Rejection> tooLarge(IngestionRules rules, String field, String text) {
        return TextLimits.exceeds(text, rules.maxTextBytes())
                ? Optional.of(Rejection.of(TEXT_TOO_LARGE, field + " has " + text.length() + " chars, more than the limit of "
                        + rules.maxTextBytes() + " UTF-8 bytes"))
                : Optional.empty();
    }
}
