package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * The normal fleet's spans carry what the policy rules check, as instrumented production agents (OpenTelemetry GenAI
 * spans) do: every LLM call its prompt and, when it succeeded, its completion; every tool call its arguments; every
 * run ends within the seed's max_response_time of 5 s; the recruiter's review follows the HR run instead of being
 * part of it. NormalFleetKeepsPoliciesTest runs the policy job itself over such traffic.
 */
class CompliantSpansTest {

    private static List<AgentEvent> spans;

    @BeforeAll
    static void simulate() {
        spans = RecordedRun.of(Fleet.builtIn(), Scenario.none(), 23, SimulationRun.UNBOUNDED, 20 * 60_000).events().toList();
    }

    @Test
    void everyModelAndToolCallRecordsWhatWentInAndOut() {
        List<AgentEvent> llm = spans.stream().filter(e -> e.getKind() == EventKind.LLM_CALL).toList();
        assertThat(llm).hasSizeGreaterThan(5_000).allSatisfy(e -> {
            assertThat(e.getInput()).isNotBlank();
            if (e.getStatus() == SpanStatus.OK) {
                assertThat(e.getOutput()).isNotBlank();
            }
        });
        List<AgentEvent> tools = spans.stream().filter(e -> e.getKind() == EventKind.TOOL_CALL).toList();
        assertThat(tools).hasSizeGreaterThan(1_000).allSatisfy(e ->
                assertThat(e.getAttributes().get(ToolCallBuilder.TOOL_ARGUMENTS)).startsWith("{").endsWith("}"));
        // what the calls after the first read carries no user text: the planted PII stays where the report says
        assertThat(llm.stream().filter(e -> LlmCallBuilder.CONTINUATION_INPUT.equals(e.getInput()))).isNotEmpty();
    }

    @Test
    void everyRunAnswersWithinFiveSecondsEvenWhenItFailsOrHandsOff() {
        List<AgentEvent> runs = spans.stream().filter(e -> e.getKind() == EventKind.AGENT_RUN).toList();
        assertThat(runs).hasSizeGreaterThan(3_000);
        assertThat(runs.stream().mapToLong(AgentEvent::getDurationMs).max().orElseThrow()).isLessThanOrEqualTo(5_000);
        assertThat(runs.stream().filter(e -> e.getStatus() != SpanStatus.OK)).as("failed runs are judged too").isNotEmpty();
        assertThat(spans.stream().filter(e -> e.getKind() == EventKind.HANDOFF)).isNotEmpty();
    }

    @Test
    void theRecruitersReviewFollowsTheScreeningRun() {
        Map<String, AgentEvent> hrRuns = spans.stream()
                .filter(e -> e.getKind() == EventKind.AGENT_RUN && e.getAgentId().equals("hr-screening-agent"))
                .collect(Collectors.toMap(AgentEvent::getSpanId, e -> e));
        List<AgentEvent> reviews = spans.stream().filter(e -> e.getKind() == EventKind.HUMAN_REVIEW).toList();
        assertThat(reviews).hasSizeGreaterThan(100).allSatisfy(r -> {
            AgentEvent run = hrRuns.get(r.getParentSpanId());
            assertThat(run).isNotNull();
            assertThat(run.getStatus()).isEqualTo(SpanStatus.OK);
            assertThat(r.getStartTime()).isAfter(run.getStartTime().plusMillis(run.getDurationMs()));
        });
    }
}
