package org.openclaw.oversight.ingestion;

import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Small, readable test events: LLM calls with planted PII in input and output, channel messages with PII in text. */
final class TestEvents {

    private TestEvents() {}

    static AgentEvent llmCall(String eventId, String agentId, String traceId, String input, String output) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("gen_ai.operation.name", "chat");
        return AgentEvent.newBuilder()
                .setEventId(eventId)
                .setTenantId("acme-retail")
                .setAgentId(agentId)
                .setAgentVersion("1.4.2")
                .setTraceId(traceId)
                .setSpanId("span-" + eventId)
                .setParentSpanId(null)
                .setKind(EventKind.LLM_CALL)
                .setName("chat claude-sonnet-4-6")
                .setStartTime(Instant.now().minusSeconds(30))
                .setDurationMs(840)
                .setStatus(SpanStatus.OK)
                .setProvider("anthropic")
                .setModel("claude-sonnet-4-6")
                .setInputTokens(1200)
                .setOutputTokens(300)
                .setCachedInputTokens(200)
                .setInput(input)
                .setOutput(output)
                .setUserId("user-" + traceId)
                .setChannel(Channel.WEBCHAT)
                .setAttributes(attributes)
                .build();
    }

    static AgentEvent toolCall(String eventId, String agentId, String traceId) {
        return AgentEvent.newBuilder(llmCall(eventId, agentId, traceId, null, null))
                .setKind(EventKind.TOOL_CALL)
                .setName("execute_tool crm_lookup")
                .setProvider(null)
                .setModel(null)
                .setInputTokens(0)
                .setOutputTokens(0)
                .setCachedInputTokens(0)
                .setToolName("crm_lookup")
                .setToolSuccess(true)
                .build();
    }

    static ChannelMessage message(String messageId, String agentId, String conversationId, String text) {
        return ChannelMessage.newBuilder()
                .setMessageId(messageId)
                .setTenantId("acme-retail")
                .setAgentId(agentId)
                .setConversationId(conversationId)
                .setUserId("user-" + conversationId)
                .setChannel(Channel.WHATSAPP)
                .setDirection(Direction.INBOUND)
                .setText(text)
                .setTimestamp(Instant.now().minusSeconds(20))
                .build();
    }

    static CleanEvent clean(AgentEvent event) {
        return CleanEvents.of(event);
    }

    static CleanEvent clean(ChannelMessage message) {
        return CleanEvents.of(message);
    }
}
