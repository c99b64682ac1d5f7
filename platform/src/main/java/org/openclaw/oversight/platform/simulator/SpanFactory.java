package org.openclaw.oversight.platform.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/** Builds spans with the fields and attributes every span has, and queues them as agent events. */
final class SpanFactory {
    private final Random random;
    private final PendingRecords pending;

    SpanFactory(Random random, PendingRecords pending) {
        this.random = random;
        this.pending = pending;
    }

    String newSpanId() {
        return RandomIds.hex(random, 16);
    }

    /** A span of {@code run}; the caller sets the kind's own fields and then {@link #queue}s it. */
    AgentEvent.Builder span(RunContext run, String spanId, String parentSpanId, EventKind kind, String name,
            long start, long duration, SpanStatus status, String errorType) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("approvals", Integer.toString(run.version().approvals()));
        attributes.put("agent.category", run.agent().category());
        attributes.put("simulated", "true");
        return AgentEvent.newBuilder().setEventId(RandomIds.uuid(random)).setTenantId(run.agent().tenantId())
                .setAgentId(run.agent().agentId()).setAgentVersion(run.version().version()).setTraceId(run.traceId())
                .setSpanId(spanId).setParentSpanId(parentSpanId).setKind(kind).setName(name)
                .setStartTime(Instant.ofEpochMilli(start)).setDurationMs(duration).setStatus(status)
                .setErrorType(errorType).setAttributes(attributes);
    }

    /** Queues the span at its start time; {@code touched} are the incidents it shows, {@code planted} its PII. */
    void queue(AgentEvent.Builder builder, List<IncidentOutcome> touched, List<PlantedPii> planted) {
        AgentEvent e = builder.build();
        long time = e.getStartTime().toEpochMilli();
        pending.add(time, new SimulatedRecord(Topics.AGENT_EVENTS, e.getTraceId(), e, time, e.getAgentId(),
                e.getEventId()), e.getSpanId(), e.getParentSpanId(), touched, planted);
    }
}
