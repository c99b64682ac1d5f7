package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.HeartbeatStatus;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * A run with incidents (agent_silent included) must still form well-linked traces: the scenario the digests were
 * recorded with, whose agents and windows the assertions below name.
 */
class TraceStructureTest {
    private static RecordedRun run;

    @BeforeAll
    static void simulate() {
        run = RecordedRun.recorded(42);
    }

    @Test
    void everyParentSpanWasEmittedEarlierInTheSameTrace() {
        Map<String, AgentEvent> emittedSpans = new HashMap<>();
        int checked = 0;
        for (SimulatedRecord r : run.records) {
            if (!(r.value() instanceof AgentEvent e)) {
                continue;
            }
            if (e.getParentSpanId() != null) {
                AgentEvent parent = emittedSpans.get(e.getParentSpanId());
                assertThat(parent).as("parent of %s %s", e.getKind(), e.getEventId()).isNotNull();
                assertThat(parent.getTraceId()).isEqualTo(e.getTraceId());
                assertThat(e.getStartTime()).isAfterOrEqualTo(parent.getStartTime());
                checked++;
            } else {
                assertThat(e.getKind()).isEqualTo(EventKind.AGENT_RUN);
            }
            emittedSpans.put(e.getSpanId(), e);
        }
        assertThat(checked).isGreaterThan(5_000);
    }

    @Test
    void handOffsStartTheOtherAgentsRunUnderTheHandOffSpan() {
        Map<String, AgentEvent> bySpan = run.events().collect(Collectors.toMap(AgentEvent::getSpanId, e -> e));
        List<AgentEvent> crossAgentRuns = run.events()
                .filter(e -> e.getKind() == EventKind.AGENT_RUN && e.getParentSpanId() != null).toList();

        assertThat(crossAgentRuns).hasSizeGreaterThan(50);
        for (AgentEvent child : crossAgentRuns) {
            AgentEvent handoff = bySpan.get(child.getParentSpanId());
            assertThat(handoff.getKind()).isEqualTo(EventKind.HANDOFF);
            assertThat(handoff.getAgentId()).isNotEqualTo(child.getAgentId());
            assertThat(handoff.getAttributes()).containsEntry("handoff.target_agent", child.getAgentId());
            assertThat(handoff.getTenantId()).isEqualTo(child.getTenantId());
        }
    }

    @Test
    void spansNestRunLlmToolRetrieval() {
        Map<String, AgentEvent> bySpan = run.events().collect(Collectors.toMap(AgentEvent::getSpanId, e -> e));
        Map<EventKind, Set<EventKind>> parentKinds = new HashMap<>();
        run.events().filter(e -> e.getParentSpanId() != null).forEach(e -> parentKinds
                .computeIfAbsent(e.getKind(), k -> new java.util.TreeSet<>()).add(bySpan.get(e.getParentSpanId()).getKind()));

        assertThat(parentKinds.get(EventKind.LLM_CALL)).containsExactly(EventKind.AGENT_RUN);
        assertThat(parentKinds.get(EventKind.TOOL_CALL)).containsExactly(EventKind.LLM_CALL);
        assertThat(parentKinds.get(EventKind.RETRIEVAL)).containsExactly(EventKind.TOOL_CALL);
        assertThat(parentKinds.get(EventKind.HANDOFF)).containsExactly(EventKind.AGENT_RUN);
        assertThat(parentKinds.get(EventKind.AGENT_RUN)).containsExactly(EventKind.HANDOFF);
        assertThat(parentKinds.get(EventKind.HUMAN_REVIEW)).containsExactly(EventKind.AGENT_RUN);
        assertThat(run.events().filter(e -> e.getKind() == EventKind.HUMAN_REVIEW).map(AgentEvent::getAgentId)
                .distinct()).containsExactly("hr-screening-agent");
        assertThat(parentKinds).containsKey(EventKind.ESCALATION);
    }

    @Test
    void idsLookLikeOpenTelemetryIds() {
        assertThat(run.events()).allSatisfy(e -> {
            assertThat(e.getTraceId()).matches("[0-9a-f]{32}");
            assertThat(e.getSpanId()).matches("[0-9a-f]{16}");
        });
    }

    @Test
    void valuesAreRealistic() {
        List<AgentEvent> llm = run.events().filter(e -> e.getKind() == EventKind.LLM_CALL).toList();
        assertThat(llm).allSatisfy(e -> {
            assertThat(e.getCachedInputTokens()).isBetween(0L, e.getInputTokens());
            assertThat(e.getModel()).isIn("claude-sonnet-4-6", "claude-haiku-4-5", "mistral-large-2", "gpt-4o",
                    "llama-3.1-70b");
            assertThat(e.getProvider()).isIn("anthropic", "mistral_ai", "openai", "self_hosted");
        });
        // outside incidents: plain model latency 0.5-6 s (tool calls run inside the step and add to it), squeezed into
        // the run's response budget (ResponseBudget: a step never gets less than 0.2 s, the model two thirds of it)
        long normalOk = llm.stream().filter(e -> e.getStatus() == SpanStatus.OK && !e.getAgentId().equals("legal-agent"))
                .filter(e -> e.getDurationMs() >= ResponseBudget.MIN_STEP_MS * 2 / 3 * 3 / 4
                        && e.getDurationMs() <= 6_000 + 15_000).count();
        assertThat(normalOk).isGreaterThan(llm.size() * 8L / 10);

        long failedOutsideBursts = run.events().filter(e -> !isBurstAgent(e.getAgentId()))
                .filter(e -> e.getStatus() != SpanStatus.OK).count();
        long allOutsideBursts = run.events().filter(e -> !isBurstAgent(e.getAgentId())).count();
        assertThat((double) failedOutsideBursts / allOutsideBursts).isBetween(0.003, 0.05);

        List<Double> alignment = run.events().filter(e -> e.getAlignmentScore() != null)
                .filter(e -> !e.getAgentId().equals("support-agent")).map(AgentEvent::getAlignmentScore).toList();
        assertThat(alignment.stream().filter(s -> s >= 0.85).count()).isGreaterThan(alignment.size() * 9L / 10);
        assertThat(run.heartbeats()).allSatisfy(h -> assertThat(h.getStatus()).isEqualTo(HeartbeatStatus.UP));
    }

    private static boolean isBurstAgent(String agent) {
        return Set.of("finance-agent", "billing-agent", "hr-screening-agent").contains(agent);
    }

    @Test
    void everyConversationOpensWithAnAiDisclosureOutsideTheIncident() {
        Map<String, ChannelMessage> firstOutbound = new HashMap<>();
        run.messages().filter(m -> m.getDirection() == Direction.OUTBOUND)
                .forEach(m -> firstOutbound.putIfAbsent(m.getConversationId(), m));

        // marketing-agent has missing_ai_disclosure; it-helpdesk-agent's replies are dropped while it is silent
        assertThat(firstOutbound.values().stream()
                .filter(m -> !Set.of("marketing-agent", "it-helpdesk-agent").contains(m.getAgentId().toString())))
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.getText()).startsWith(
                        m.getText().startsWith("Sie") ? Texts.DISCLOSURE_DE : Texts.DISCLOSURE_EN));
        assertThat(run.messages().map(ChannelMessage::getText)).anyMatch(t -> t.startsWith(Texts.DISCLOSURE_DE))
                .anyMatch(t -> t.startsWith(Texts.DISCLOSURE_EN));
        assertThat(run.messages().map(ChannelMessage::getChannel).distinct()).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void heartbeatsComeEveryFewSecondsPerAgent() {
        Map<String, List<Long>> times = new HashMap<>();
        run.heartbeats().forEach(h -> times.computeIfAbsent(h.getAgentId(), a -> new java.util.ArrayList<>())
                .add(h.getTimestamp().toEpochMilli()));
        assertThat(times).hasSize(10);
        long expected = (run.report.lastEventTime() - RecordedRun.START) / SimulationSettings.DEFAULT_HEARTBEAT_INTERVAL_MS;
        assertThat(times.get("support-agent")).hasSizeBetween((int) expected - 1, (int) expected + 1);
    }
}
