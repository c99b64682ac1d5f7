package org.openclaw.oversight.cost;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * Deterministic agent traffic as the ingestion job would emit it: LLM calls of several models
 * (priced, some unpriced), tool calls (some failing), channel messages (some failed), errors,
 * scores on some events, unsampled events, and event times in order up to {@code maxDisorderMs}.
 */
final class SimulatedTraffic {

    static final String[] MODELS = {"claude-sonnet-4-6", "gpt-4o", "mistral-large-2"};

    private SimulatedTraffic() {}

    /** {@code n} events of 3 tenants x 2 agents (ids prefixed with {@code prefix}) spread over [start, start + spanMs). */
    static List<CleanEvent> generate(String prefix, long seed, int n, long startMs, long spanMs, long maxDisorderMs) {
        Random random = new Random(seed);
        List<CleanEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long time = startMs + (long) ((double) i * spanMs / n) + (maxDisorderMs == 0 ? 0 : (long) (random.nextDouble() * maxDisorderMs));
            time = Math.min(time, startMs + spanMs - 1);
            String tenant = prefix + "-t" + random.nextInt(3);
            String agent = tenant + "-a" + random.nextInt(2);
            events.add(event(prefix + "-e" + i, tenant, agent, time, random));
        }
        return events;
    }

    static CleanEvent event(String id, String tenant, String agent, long time, Random random) {
        double kind = random.nextDouble();
        if (kind < 0.1) {
            ChannelMessage message = ChannelMessage.newBuilder()
                    .setMessageId(id).setTenantId(tenant).setAgentId(agent).setConversationId("c-" + id).setUserId("u-" + random.nextInt(50))
                    .setChannel(Channel.values()[random.nextInt(Channel.values().length)])
                    .setDirection(random.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND).setText("[redacted]")
                    .setTimestamp(Instant.ofEpochMilli(time))
                    .setErrorCode(random.nextDouble() < 0.1 ? "E503" : null)
                    .setDeliveryStatus(random.nextDouble() < 0.05 ? "failed" : "delivered")
                    .build();
            return CleanEvent.newBuilder().setEventId(id).setTenantId(tenant).setAgentId(agent)
                    .setEventTime(Instant.ofEpochMilli(time)).setChannelMessage(message).setSampled(random.nextBoolean()).build();
        }
        boolean tool = kind < 0.3;
        SpanStatus status = random.nextDouble() < 0.08 ? (random.nextBoolean() ? SpanStatus.ERROR : SpanStatus.TIMEOUT) : SpanStatus.OK;
        String model = tool ? null : MODELS[random.nextInt(MODELS.length)];
        Map<String, String> attributes = new HashMap<>();
        if (random.nextBoolean()) {
            attributes.put("tier", random.nextBoolean() ? "standard" : "eu-regulated");
        }
        AgentEvent span = AgentEvent.newBuilder()
                .setEventId(id).setTenantId(tenant).setAgentId(agent).setAgentVersion("2.1.0")
                .setTraceId("tr-" + id).setSpanId("sp-" + id)
                .setKind(tool ? EventKind.TOOL_CALL : EventKind.LLM_CALL).setName(tool ? "search" : "chat")
                .setStartTime(Instant.ofEpochMilli(time))
                .setDurationMs(Math.round(Math.exp(6.5 + random.nextGaussian())))
                .setStatus(status)
                .setProvider(tool ? null : "anthropic")
                .setModel(model)
                .setInputTokens(tool ? 0 : 200 + random.nextInt(3000))
                .setOutputTokens(tool ? 0 : 50 + random.nextInt(800))
                .setCachedInputTokens(tool ? 0 : random.nextInt(150))
                .setToolName(tool ? "search" : null)
                .setToolSuccess(tool ? (random.nextDouble() < 0.2 ? null : random.nextDouble() > 0.15) : null)
                .setAlignmentScore(random.nextDouble() < 0.4 ? random.nextDouble() : null)
                .setQualityScore(random.nextDouble() < 0.3 ? random.nextDouble() : null)
                .setUserSatisfaction(random.nextDouble() < 0.2 ? random.nextDouble() : null)
                .setAttributes(attributes)
                .build();
        if (!tool) {
            // cache writes on every fifth call, and every thirteenth counted Anthropic's way (input = the uncached part
            // only): derived from drawn values, so the random sequence (and every other expectation) stays the same
            span.setCacheCreationInputTokens(span.getInputTokens() % 5 == 0 ? 120 : 0);
            if (span.getInputTokens() % 13 == 0) {
                span.setCachedInputTokens(span.getInputTokens() + 40);
            }
        }
        // micro-EUR prices: the expected sums in BigDecimal are exact
        Double cost = tool ? null : (random.nextDouble() < 0.05 ? null : (1 + random.nextInt(5000)) / 1e6);
        return CleanEvent.newBuilder().setEventId(id).setTenantId(tenant).setAgentId(agent)
                .setEventTime(Instant.ofEpochMilli(time)).setAgentEvent(span).setCostEur(cost)
                .setSampled(random.nextDouble() < 0.7).build();
    }
}
