package org.openclaw.oversight.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.connector.sink2.Sink;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.connectors.timescale.JdbcUpsertSink;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.CleanEvent;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The three tables the job writes (DESIGN §5), as {@link JdbcUpsertSink}s on their primary keys: a
 * replay after a failure rewrites the same rows, so every event is stored once. Text columns receive
 * only redacted text — these sinks are fed from after the scan.
 *
 * <p>All three let pgjdbc rewrite each batch into multi-row INSERTs ({@code rewriteBatchedInserts}),
 * as every table sink does: after DropDuplicates an event id reaches its sink once per attempt, so
 * keys almost never repeat within a batch (the sink executes a batch early when one does).
 */
public final class IngestionTables {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IngestionTables() {}

    public static Sink<CleanEvent> agentEvents(JdbcConnection db) {
        return JdbcUpsertSink.<CleanEvent>into("oversight.agent_events")
                .key("event_id", "time")
                .text("event_id", CleanEvent::getEventId)
                .timestamptz("time", CleanEvent::getEventTime)
                .text("tenant_id", CleanEvent::getTenantId)
                .text("agent_id", CleanEvent::getAgentId)
                .text("agent_version", e -> e.getAgentEvent().getAgentVersion())
                .text("trace_id", e -> e.getAgentEvent().getTraceId())
                .text("span_id", e -> e.getAgentEvent().getSpanId())
                .text("parent_span_id", e -> e.getAgentEvent().getParentSpanId())
                .text("kind", e -> e.getAgentEvent().getKind().name())
                .text("name", e -> e.getAgentEvent().getName())
                .bigint("duration_ms", e -> e.getAgentEvent().getDurationMs())
                .text("status", e -> e.getAgentEvent().getStatus().name())
                .text("error_type", e -> e.getAgentEvent().getErrorType())
                .text("provider", e -> e.getAgentEvent().getProvider())
                .text("model", e -> e.getAgentEvent().getModel())
                .bigint("input_tokens", e -> e.getAgentEvent().getInputTokens())
                .bigint("output_tokens", e -> e.getAgentEvent().getOutputTokens())
                .bigint("cached_input_tokens", e -> e.getAgentEvent().getCachedInputTokens())
                .bigint("cache_creation_input_tokens", e -> e.getAgentEvent().getCacheCreationInputTokens())
                .text("tool_name", e -> e.getAgentEvent().getToolName())
                .bool("tool_success", e -> e.getAgentEvent().getToolSuccess())
                .text("input", e -> e.getAgentEvent().getInput())
                .text("output", e -> e.getAgentEvent().getOutput())
                .text("user_id", e -> e.getAgentEvent().getUserId())
                .text("channel", e -> e.getAgentEvent().getChannel() == null ? null : e.getAgentEvent().getChannel().name())
                .doublePrecision("alignment_score", e -> e.getAgentEvent().getAlignmentScore())
                .doublePrecision("quality_score", e -> e.getAgentEvent().getQualityScore())
                .doublePrecision("user_satisfaction", e -> e.getAgentEvent().getUserSatisfaction())
                .jsonb("attributes", e -> attributesJson(e.getAgentEvent()))
                .numeric("cost_eur", e -> e.getCostEur() == null ? BigDecimal.ZERO : BigDecimal.valueOf(e.getCostEur()))
                .textArray("pii_types", CleanEvent::getPiiTypes)
                .bool("injection_suspected", CleanEvent::getInjectionSuspected)
                .bool("sampled", CleanEvent::getSampled)
                .now("ingested_at")
                .rewriteBatchedInserts()
                .build(db);
    }

    public static Sink<CleanEvent> channelMessages(JdbcConnection db) {
        return JdbcUpsertSink.<CleanEvent>into("oversight.channel_messages")
                .key("message_id", "time")
                .text("message_id", CleanEvent::getEventId)
                .timestamptz("time", CleanEvent::getEventTime)
                .text("tenant_id", CleanEvent::getTenantId)
                .text("agent_id", CleanEvent::getAgentId)
                .text("conversation_id", e -> e.getChannelMessage().getConversationId())
                .text("user_id", e -> e.getChannelMessage().getUserId())
                .text("channel", e -> e.getChannelMessage().getChannel().name())
                .text("direction", e -> e.getChannelMessage().getDirection().name())
                .text("text", e -> e.getChannelMessage().getText())
                .text("media_type", e -> e.getChannelMessage().getMediaType())
                .text("delivery_status", e -> e.getChannelMessage().getDeliveryStatus())
                .text("error_code", e -> e.getChannelMessage().getErrorCode())
                .textArray("pii_types", CleanEvent::getPiiTypes)
                .bool("injection_suspected", CleanEvent::getInjectionSuspected)
                .now("ingested_at")
                .rewriteBatchedInserts()
                .build(db);
    }

    public static Sink<PiiFindingRow> piiFindings(JdbcConnection db) {
        return JdbcUpsertSink.<PiiFindingRow>into("oversight.pii_findings")
                .key("event_id", "field", "start")
                .text("event_id", r -> r.eventId)
                .text("field", r -> r.field)
                .integer("start", r -> r.start)
                .integer("length", r -> r.length)
                .timestamptz("time", r -> r.time)
                .text("tenant_id", r -> r.tenantId)
                .text("agent_id", r -> r.agentId)
                .text("pii_type", r -> r.piiType)
                .text("detector", r -> r.detector)
                .text("action", r -> r.action)
                .text("pseudonym", r -> r.pseudonym)
                .rewriteBatchedInserts()
                .build(db);
    }

    static String attributesJson(AgentEvent event) {
        Map<String, String> attributes = event.getAttributes();
        if (attributes == null || attributes.isEmpty()) {
            return "{}";
        }
        try {
            return JSON.writeValueAsString(new TreeMap<>(attributes));
        } catch (JsonProcessingException e) {
            // a Map<String, String> always serializes; keep the row rather than fail the job
            return "{}";
        }
    }

    static boolean isAgentEvent(CleanEvent event) {
        return event.getAgentEvent() != null;
    }

    static boolean isChannelMessage(CleanEvent event) {
        return event.getChannelMessage() != null;
    }

}
