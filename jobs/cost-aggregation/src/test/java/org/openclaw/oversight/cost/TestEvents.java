package org.openclaw.oversight.cost;

import java.time.Instant;
import java.util.Map;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/** Clean events as the ingestion job would produce them (no text needed here). */
final class TestEvents {

    private TestEvents() {}

    static CleanEvent llmCall(String id, String tenant, String agent, String model, long timeMs, long durationMs, boolean error,
            Double costEur) {
        return clean(id, tenant, agent, timeMs, span(id, tenant, agent, model, EventKind.LLM_CALL, timeMs, durationMs,
                error ? SpanStatus.ERROR : SpanStatus.OK), costEur);
    }

    static AgentEvent span(String id, String tenant, String agent, String model, EventKind kind, long timeMs, long durationMs,
            SpanStatus status) {
        return AgentEvent.newBuilder()
                .setEventId(id).setTenantId(tenant).setAgentId(agent).setAgentVersion("1.0.0")
                .setTraceId("trace-" + id).setSpanId("span-" + id).setKind(kind).setName(kind.name().toLowerCase())
                .setStartTime(Instant.ofEpochMilli(timeMs)).setDurationMs(durationMs).setStatus(status)
                .setModel(model).setProvider(model == null ? null : "anthropic")
                .setInputTokens(100).setOutputTokens(50).setCachedInputTokens(10)
                .setAttributes(Map.of())
                .build();
    }

    static CleanEvent clean(String id, String tenant, String agent, long timeMs, AgentEvent span, Double costEur) {
        return CleanEvent.newBuilder()
                .setEventId(id).setTenantId(tenant).setAgentId(agent).setEventTime(Instant.ofEpochMilli(timeMs))
                .setAgentEvent(span).setCostEur(costEur).setSampled(true)
                .build();
    }

    static CleanEvent message(String id, String tenant, String agent, long timeMs, String errorCode) {
        ChannelMessage m = ChannelMessage.newBuilder()
                .setMessageId(id).setTenantId(tenant).setAgentId(agent).setConversationId("conv-" + id).setUserId("user-1")
                .setChannel(Channel.SLACK).setDirection(Direction.INBOUND).setText("[redacted]")
                .setTimestamp(Instant.ofEpochMilli(timeMs)).setErrorCode(errorCode)
                .build();
        return CleanEvent.newBuilder()
                .setEventId(id).setTenantId(tenant).setAgentId(agent).setEventTime(Instant.ofEpochMilli(timeMs))
                .setChannelMessage(m).setSampled(false)
                .build();
    }

    static UsageEvent usage(String id, String tenant, String agent, String model, long timeMs, long durationMs, boolean error,
            Double costEur) {
        return UsageEvent.of(llmCall(id, tenant, agent, model, timeMs, durationMs, error, costEur));
    }
}
