package org.openclaw.oversight.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openclaw.oversight.enforcement.TestEvents.*;

import java.util.List;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/** The rules judged per event, through their operator, with the shipped policies.yml. */
class EventRulesHarnessTest {

    private BroadcastOperatorTestHarness<CleanEvent, PolicyMessage, Violation> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new EventRulesFunction(view()), PolicyView.STATE);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private List<Violation> judge(CleanEvent event) throws Exception {
        harness.getOutput().clear();
        harness.processElement(event, event.getEventTime().toEpochMilli());
        return harness.extractOutputValues();
    }

    @Test
    void piiInAnOutputIsALeakButPiiTheUserTypedIsNot() throws Exception {
        CleanEvent leak = clean(span(SUPPORT, "t1", EventKind.AGENT_RUN, T0, 1000).setOutput("Ihre IBAN ist [IBAN]"));
        leak.setPiiTypes(List.of("IBAN"));
        leak.setOutputPiiTypes(List.of("IBAN"));
        List<Violation> found = judge(leak);
        assertThat(rules(found)).containsExactly("no_pii_in_outputs");
        Violation v = found.get(0);
        assertThat(v.observed).isEqualTo("IBAN in output");
        assertThat(v.severity).isEqualTo("P1");
        assertThat(v.policyNode).isEqualTo("global");
        assertThat(v.policyVersion).isEqualTo(SHIPPED.version()).startsWith("sha256:");
        assertThat(v.interactionId).isEqualTo("t1");
        assertThat(v.evidence).containsExactly(leak.getEventId());

        CleanEvent userPii = clean(span(SUPPORT, "t2", EventKind.AGENT_RUN, T0, 1000).setInput("meine IBAN [IBAN]"));
        userPii.setPiiTypes(List.of("IBAN"));
        assertThat(judge(userPii)).isEmpty();
    }

    @Test
    void anAgentRunLongerThanTheCustomerFacingLimitIsTooSlow() throws Exception {
        assertThat(judge(clean(span(SUPPORT, "t1", EventKind.AGENT_RUN, T0, 5000)))).isEmpty();
        List<Violation> slow = judge(clean(span(SUPPORT, "t2", EventKind.AGENT_RUN, T0, 5001)));
        assertThat(rules(slow)).containsExactly("max_response_time");
        assertThat(slow.get(0).observed).isEqualTo("5001ms");
        assertThat(slow.get(0).limit).isEqualTo("5000ms");
        assertThat(slow.get(0).policyNode).isEqualTo("customer_facing");
        assertThat(judge(clean(span(ANALYTICS, "t3", EventKind.AGENT_RUN, T0, 60_000)))).as("internal: no response-time rule").isEmpty();
    }

    @Test
    void highRiskAgentsMustRecordPromptsCompletionsAndToolArguments() throws Exception {
        assertThat(judge(clean(span(FINANCE, "t1", EventKind.LLM_CALL, T0, 900).setInput("q").setOutput("a")))).isEmpty();
        assertThat(rules(judge(clean(span(FINANCE, "t1", EventKind.LLM_CALL, T0, 900).setInput("q")))))
                .containsExactly("full_explainability_logging");
        assertThat(judge(clean(span(FINANCE, "t1", EventKind.LLM_CALL, T0, 900).setInput("q").setStatus(SpanStatus.ERROR))))
                .as("a failed call has no completion to record").isEmpty();
        assertThat(rules(judge(clean(span(FINANCE, "t1", EventKind.TOOL_CALL, T0, 50)))))
                .containsExactly("full_explainability_logging");
        CleanEvent withArguments = clean(span(FINANCE, "t1", EventKind.TOOL_CALL, T0, 50));
        withArguments.getAgentEvent().getAttributes().put("gen_ai.tool.call.arguments", "{\"account\":\"[IBAN]\"}");
        assertThat(judge(withArguments)).isEmpty();
        CleanEvent sampledOut = clean(span(FINANCE, "t1", EventKind.LLM_CALL, T0, 900));
        sampledOut.setSampled(false);
        assertThat(judge(sampledOut)).as("ingestion removed the text on purpose").isEmpty();
        assertThat(judge(clean(span(SUPPORT, "t1", EventKind.LLM_CALL, T0, 900)))).as("customer_facing: not required").isEmpty();
    }

    @Test
    void theHrNodesStricterAlignmentMinimumOverridesHighRisks() throws Exception {
        assertThat(judge(clean(span(FINANCE, "t1", EventKind.AGENT_RUN, T0, 900).setAlignmentScore(0.87)))).isEmpty();
        List<Violation> hr = judge(clean(span(HR, "t2", EventKind.AGENT_RUN, T0, 900).setAlignmentScore(0.87).setOutput("ok")
                .setInput("x")));
        assertThat(rules(hr)).containsExactly("alignment_score_minimum");
        assertThat(hr.get(0).limit).isEqualTo("0.90");
        assertThat(hr.get(0).policyNode).isEqualTo("hr_screening_agent");
        assertThat(rules(judge(clean(span(FINANCE, "t3", EventKind.AGENT_RUN, T0, 900).setAlignmentScore(0.80)))))
                .containsExactly("alignment_score_minimum");
    }

    @Test
    void inferenceRulesJudgeWhatTheHrAgentSaysNotPolicyStatements() throws Exception {
        assertThat(rules(judge(message(HR, "c1", "u1", Direction.OUTBOUND, "The candidate is probably a woman, judging by the name.", T0))))
                .containsExactly("no_gender_inference");
        assertThat(rules(judge(message(HR, "c1", "u1", Direction.OUTBOUND, "Der Bewerber ist vermutlich Mitte fünfzig.", T0))))
                .containsExactly("no_age_inference");
        assertThat(rules(judge(message(HR, "c1", "u1", Direction.OUTBOUND, "Her surname suggests a Turkish background.", T0))))
                .containsExactly("no_ethnicity_inference");
        assertThat(judge(message(HR, "c1", "u1", Direction.OUTBOUND, "The role is open to all genders, ages and backgrounds.", T0))).isEmpty();
        assertThat(judge(message(HR, "c1", "u1", Direction.INBOUND, "I am a woman in my forties, is that a problem?", T0)))
                .as("the user's own words are no inference by the agent").isEmpty();
        assertThat(judge(message(FINANCE, "c2", "u2", Direction.OUTBOUND, "The candidate is probably a woman.", T0)))
                .as("only the HR node has the inference rules").isEmpty();
    }
}
