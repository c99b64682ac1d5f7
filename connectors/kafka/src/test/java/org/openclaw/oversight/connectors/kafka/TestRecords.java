package org.openclaw.oversight.connectors.kafka;

import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.HeartbeatStatus;
import org.openclaw.oversight.schema.SpanStatus;

import java.time.Instant;
import java.util.Map;

/** Realistic records shared by the tests. */
final class TestRecords {

    private TestRecords() {}

    static AgentEvent agentEvent(int i) {
        return AgentEvent.newBuilder()
                .setEventId("evt-" + i)
                .setTenantId("acme")
                .setAgentId("support-bot")
                .setAgentVersion("1.4.2")
                .setTraceId("trace-" + (i / 3))
                .setSpanId("span-" + i)
                .setParentSpanId(i % 3 == 0 ? null : "span-" + (i - 1))
                .setKind(EventKind.LLM_CALL)
                .setName("chat")
                .setStartTime(Instant.ofEpochMilli(1_760_000_000_000L + i * 1000L))
                .setDurationMs(120 + i)
                .setStatus(i % 5 == 0 ? SpanStatus.ERROR : SpanStatus.OK)
                .setErrorType(i % 5 == 0 ? "RateLimited" : null)
                .setProvider("anthropic")
                .setModel("claude-sonnet-4-6")
                .setInputTokens(1000 + i)
                .setOutputTokens(200 + i)
                .setCachedInputTokens(10)
                .setInput("Where is my order #" + i + "? Grüße aus Köln")
                .setOutput("It ships tomorrow.")
                .setChannel(Channel.WHATSAPP)
                .setAlignmentScore(0.93)
                .setAttributes(Map.of("region", "eu-central-1", "n", String.valueOf(i)))
                .build();
    }

    static AgentHeartbeat heartbeat(int i) {
        return AgentHeartbeat.newBuilder()
                .setTenantId("acme")
                .setAgentId("agent-" + i)
                .setAgentVersion("2.0.0")
                .setTimestamp(Instant.ofEpochMilli(1_760_000_000_000L + i))
                .setStatus(i % 2 == 0 ? HeartbeatStatus.UP : HeartbeatStatus.DEGRADED)
                .build();
    }
}
