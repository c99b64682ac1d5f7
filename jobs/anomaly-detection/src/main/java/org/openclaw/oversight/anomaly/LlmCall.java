package org.openclaw.oversight.anomaly;

import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.EventKind;

/** What {@link TokenAnomalyDetector} needs of an LLM_CALL clean event. A Flink POJO. */
public class LlmCall {

    public String eventId;
    public String tenantId;
    public String agentId;
    public long eventTimeMs;
    /** Input + output tokens (input includes the cache parts, OpenTelemetry GenAI convention). */
    public long totalTokens;
    public boolean injectionSuspected;

    public LlmCall() {}

    public static boolean isLlmCall(CleanEvent e) {
        return e.getAgentEvent() != null && e.getAgentEvent().getKind() == EventKind.LLM_CALL;
    }

    public static LlmCall of(CleanEvent e) {
        LlmCall c = new LlmCall();
        c.eventId = e.getEventId();
        c.tenantId = e.getTenantId();
        c.agentId = e.getAgentId();
        c.eventTimeMs = e.getEventTime().toEpochMilli();
        c.totalTokens = Math.max(0, e.getAgentEvent().getInputTokens()) + Math.max(0, e.getAgentEvent().getOutputTokens());
        c.injectionSuspected = e.getInjectionSuspected();
        return c;
    }
}
