package org.openclaw.oversight.bench.ingestion;

import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Realistic agent traffic for the benchmark: traces of one agent run, three LLM calls (~0.5-1 KB of
 * German/English prompt and completion, every fourth text carrying PII) and a tool call, spread over
 * the agents of the shipped oversight.yml (real-time, batch-scanned and 50 %-sampled ones).
 */
final class BenchEvents {

    private static final List<String> AGENTS = List.of("support-agent", "sales-agent", "analytics-agent",
            "onboarding-agent", "finance-agent", "billing-agent");
    private static final List<String> PROSE = List.of(
            "Der Kunde fragt nach dem Lieferstatus seiner Bestellung und möchte wissen, ob eine Expresslieferung möglich ist. ",
            "The user wants to change the billing address on the account and asks whether the invoice can be resent. ",
            "Bitte fasse die letzten drei Tickets zusammen und schlage eine Antwort in freundlichem Ton vor. ",
            "Summarise the quarterly revenue figures for the retail segment and highlight anomalies above 5 percent. ",
            "Die Rücksendung wurde am Lager erfasst; die Gutschrift erfolgt innerhalb von fünf Werktagen. ",
            "Our records show version 2.4.1 of the app, build 20231115, with order number 4711-0815 pending. ");
    private static final List<String> PII = List.of(
            "Kontakt: lena.hoffmann@example.org. ", "Call me on +49 151 23456789. ",
            "IBAN DE89 3704 0044 0532 0130 00 bitte verwenden. ", "Card 4111 1111 1111 1111 expires soon. ",
            "Login from 203.0.113.42 detected. ", "Steuer-ID 86095742719 liegt vor. ");

    private final Random random = new Random(42);
    private long sequence;

    /** The next span; {@code prefix} keeps the ids of separate runs apart. */
    AgentEvent next(String prefix, Instant now) {
        long n = sequence++;
        long trace = n / 4;
        int span = (int) (n % 4);
        String agent = AGENTS.get((int) (trace % AGENTS.size()));
        Map<String, String> attributes = new HashMap<>();
        attributes.put("gen_ai.operation.name", span == 3 ? "execute_tool" : "chat");
        AgentEvent.Builder event = AgentEvent.newBuilder()
                .setEventId(prefix + "-" + n)
                .setTenantId(agent.startsWith("finance") || agent.startsWith("billing") ? "globex-finance" : "acme-retail")
                .setAgentId(agent)
                .setAgentVersion("1.4.2")
                .setTraceId(prefix + "-trace-" + trace)
                .setSpanId("span-" + n)
                .setKind(span == 3 ? EventKind.TOOL_CALL : EventKind.LLM_CALL)
                .setName(span == 3 ? "execute_tool crm_lookup" : "chat claude-sonnet-4-6")
                .setStartTime(now)
                .setDurationMs(200 + random.nextInt(2000))
                .setStatus(random.nextInt(50) == 0 ? SpanStatus.ERROR : SpanStatus.OK)
                .setChannel(Channel.WEBCHAT)
                .setUserId("user-" + (trace % 1000))
                .setAttributes(attributes);
        if (span == 3) {
            event.setToolName("crm_lookup").setToolSuccess(true);
        } else {
            event.setProvider("anthropic").setModel(span == 2 ? "claude-haiku-4-5" : "claude-sonnet-4-6")
                    .setInputTokens(800 + random.nextInt(1500)).setOutputTokens(100 + random.nextInt(600))
                    .setCachedInputTokens(random.nextInt(400))
                    .setInput(text(n, 4)).setOutput(text(n + 1, 3));
        }
        return event.build();
    }

    private String text(long n, int sentences) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            text.append(PROSE.get(random.nextInt(PROSE.size())));
        }
        if (n % 4 == 0) {
            text.append(PII.get(random.nextInt(PII.size())));
        }
        return text.toString();
    }
}
