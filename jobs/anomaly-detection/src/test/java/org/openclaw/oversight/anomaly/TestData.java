package org.openclaw.oversight.anomaly;

import java.time.Instant;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.AgentMetrics;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.HeartbeatStatus;
import org.openclaw.oversight.schema.SpanStatus;

/** Builders of the job's inputs for tests. */
final class TestData {

    static final long MIN = 60_000L;

    private TestData() {}

    static CleanEvent span(String id, String tenant, String agent, EventKind kind, long timeMs, String trace, String spanId,
            String parent, SpanStatus status, long inputTokens, long outputTokens) {
        AgentEvent span = AgentEvent.newBuilder()
                .setEventId(id).setTenantId(tenant).setAgentId(agent).setAgentVersion("1.0.0")
                .setTraceId(trace).setSpanId(spanId).setParentSpanId(parent).setKind(kind).setName(kind.name().toLowerCase())
                .setStartTime(Instant.ofEpochMilli(timeMs)).setDurationMs(800).setStatus(status)
                .setErrorType(status == SpanStatus.OK ? null : "failed")
                .setModel(kind == EventKind.LLM_CALL ? "claude-sonnet-4-6" : null)
                .setInputTokens(inputTokens).setOutputTokens(outputTokens)
                .build();
        return CleanEvent.newBuilder().setEventId(id).setTenantId(tenant).setAgentId(agent).setEventTime(Instant.ofEpochMilli(timeMs))
                .setAgentEvent(span).setCostEur(kind == EventKind.LLM_CALL ? 0.001 : 0.0).build();
    }

    static CleanEvent llmCall(String id, String tenant, String agent, long timeMs, long tokens, boolean injection) {
        CleanEvent e = span(id, tenant, agent, EventKind.LLM_CALL, timeMs, "trace-" + id, "span-" + id, null, SpanStatus.OK,
                tokens * 9 / 10, tokens - tokens * 9 / 10);
        e.setInjectionSuspected(injection);
        return e;
    }

    static CleanEvent channelMessage(String id, String tenant, String agent, long timeMs, Channel channel, boolean failed) {
        ChannelMessage m = ChannelMessage.newBuilder().setMessageId(id).setTenantId(tenant).setAgentId(agent).setConversationId("c-" + id)
                .setUserId("u").setChannel(channel).setDirection(Direction.OUTBOUND).setText("[redacted]")
                .setTimestamp(Instant.ofEpochMilli(timeMs)).setDeliveryStatus(failed ? "failed" : "delivered")
                .setErrorCode(failed ? "undeliverable" : null).build();
        return CleanEvent.newBuilder().setEventId(id).setTenantId(tenant).setAgentId(agent).setEventTime(Instant.ofEpochMilli(timeMs))
                .setChannelMessage(m).build();
    }

    static AgentHeartbeat heartbeat(String tenant, String agent, long timeMs, HeartbeatStatus status) {
        return AgentHeartbeat.newBuilder().setTenantId(tenant).setAgentId(agent).setAgentVersion("1.0.0")
                .setTimestamp(Instant.ofEpochMilli(timeMs)).setStatus(status).build();
    }

    /** A minute row; {@code model} null for the agent's row over all models. */
    static AgentMetrics minute(String tenant, String agent, String model, long bucket, long requests, long errors, double costEur,
            long tokens, Double p95Ms, Double alignment) {
        return AgentMetrics.newBuilder()
                .setBucket(Instant.ofEpochMilli(bucket)).setTenantId(tenant).setAgentId(agent).setModel(model).setRevision(0)
                .setRequests(requests).setErrors(errors).setErrorRate(requests == 0 ? 0 : (double) errors / requests)
                .setInputTokens(tokens * 9 / 10).setOutputTokens(tokens - tokens * 9 / 10).setCostEur(costEur)
                .setLlmCalls(requests).setLatencyCount(p95Ms == null ? 0 : requests)
                .setLatencyP95Ms(p95Ms).setLatencyP50Ms(p95Ms == null ? null : p95Ms / 2)
                .setAlignmentAvg(alignment).setAlignmentCount(alignment == null ? 0 : requests)
                .build();
    }
}
