package org.openclaw.oversight.bench.anomaly;

import java.time.Instant;
import java.util.Random;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * Clean events for the anomaly benchmark: runs of 3 tenants × 10 agents, each an AGENT_RUN with two LLM
 * calls (log-normal tokens like the simulator's), 2 % of spans failing; and, on request, one LLM call of
 * far more tokens than any normal one (an injected token anomaly).
 */
final class AnomalyBenchTraffic {

    private final Random random;
    private int run;
    private int inRun;
    private String trace;
    private String runSpan;

    AnomalyBenchTraffic(long seed) {
        random = new Random(seed);
    }

    CleanEvent next(String id, long timeMs) {
        if (inRun == 0) {
            run++;
            trace = "bt-" + run;
            runSpan = "br-" + run;
        }
        int agent = run % 30;
        String tenant = "bench-t" + agent % 3;
        EventKind kind = inRun == 0 ? EventKind.AGENT_RUN : EventKind.LLM_CALL;
        long input = kind == EventKind.LLM_CALL ? Math.round(Math.min(12_000, Math.max(150, 1200 * Math.exp(0.5 * random.nextGaussian())))) : 0;
        long output = kind == EventKind.LLM_CALL ? Math.round(Math.min(4_000, Math.max(20, 120 * Math.exp(0.6 * random.nextGaussian())))) : 0;
        CleanEvent e = event(id, tenant, "agent-" + agent, kind, timeMs, trace, inRun == 0 ? runSpan : "bs-" + id, inRun == 0 ? null : runSpan,
                random.nextDouble() < 0.02 ? SpanStatus.ERROR : SpanStatus.OK, input, output);
        inRun = (inRun + 1) % 3;
        return e;
    }

    /** An LLM call of {@code agent} (its own, so each is a new alert) with 80,000 tokens. */
    static CleanEvent anomaly(String id, String tenant, String agent, long timeMs) {
        return event(id, tenant, agent, EventKind.LLM_CALL, timeMs, "ba-" + id, "ba-" + id, null, SpanStatus.OK, 79_000, 1_000);
    }

    private static CleanEvent event(String id, String tenant, String agent, EventKind kind, long timeMs, String trace, String spanId, String parent,
            SpanStatus status, long input, long output) {
        AgentEvent span = AgentEvent.newBuilder().setEventId(id).setTenantId(tenant).setAgentId(agent).setAgentVersion("1.0.0")
                .setTraceId(trace)
                .setSpanId(spanId).setParentSpanId(parent).setKind(kind).setName(kind.name().toLowerCase())
                .setStartTime(Instant.ofEpochMilli(timeMs)).setDurationMs(900).setStatus(status)
                .setModel(kind == EventKind.LLM_CALL ? "claude-sonnet-4-6" : null).setInputTokens(input).setOutputTokens(output).build();
        return CleanEvent.newBuilder().setEventId(id).setTenantId(tenant).setAgentId(agent).setEventTime(Instant.ofEpochMilli(timeMs))
                .setAgentEvent(span).setCostEur(kind == EventKind.LLM_CALL ? 0.001 : 0.0).build();
    }
}
