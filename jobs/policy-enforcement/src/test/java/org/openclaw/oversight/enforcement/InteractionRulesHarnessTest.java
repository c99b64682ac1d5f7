package org.openclaw.oversight.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openclaw.oversight.enforcement.TestEvents.*;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/** max_cost_per_interaction and mandatory_human_review, keyed by trace; state and timers drain. */
class InteractionRulesHarnessTest {

    private static final long MINUTE = 60_000L;
    private KeyedBroadcastOperatorTestHarness<String, RuleFacts, PolicyMessage, Violation> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new InteractionRulesFunction(view()),
                f -> f.interactionId, Types.STRING, PolicyView.STATE);
        // as in the job: the policy input never holds event time back (PolicyEnforcementJob.neverHoldsBack)
        harness.processBroadcastWatermark(Long.MAX_VALUE - 1);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void feed(CleanEvent event) throws Exception {
        harness.processElement(RuleFacts.of(event), event.getEventTime().toEpochMilli());
    }

    @Test
    void anInteractionCostingMoreThanTheLimitIsReportedOnceAtTheSpanThatCrossedIt() throws Exception {
        feed(withCost(clean(span(SUPPORT, "t1", EventKind.LLM_CALL, T0, 900)), 0.30));
        CleanEvent crossing = withCost(clean(span(SUPPORT, "t1", EventKind.LLM_CALL, T0 + 1000, 900)), 0.25);
        feed(crossing);
        feed(withCost(clean(span(SUPPORT, "t1", EventKind.LLM_CALL, T0 + 2000, 900)), 0.25));
        feed(withCost(clean(span(SUPPORT, "t2", EventKind.LLM_CALL, T0, 900)), 0.49));
        List<Violation> found = harness.extractOutputValues();
        assertThat(found).hasSize(1);
        assertThat(found.get(0).rule).isEqualTo("max_cost_per_interaction");
        assertThat(found.get(0).eventId).isEqualTo(crossing.getEventId());
        assertThat(found.get(0).observed).isEqualTo("0.5500 EUR");
        assertThat(found.get(0).limit).isEqualTo("0.50 EUR");
        assertThat(found.get(0).interactionId).isEqualTo("t1");
    }

    @Test
    void internalAgentsMayCostUpToTheirOverriddenLimit() throws Exception {
        feed(withCost(clean(span(ANALYTICS, "t1", EventKind.LLM_CALL, T0, 900)), 0.60));
        feed(withCost(clean(span(ANALYTICS, "t1", EventKind.LLM_CALL, T0 + 1000, 900)), 0.35));
        assertThat(harness.extractOutputValues()).as("0.95 EUR <= internal's 1.00").isEmpty();
        feed(withCost(clean(span(ANALYTICS, "t1", EventKind.LLM_CALL, T0 + 2000, 900)), 0.10));
        assertThat(rules(harness.extractOutputValues())).containsExactly("max_cost_per_interaction");
        assertThat(harness.extractOutputValues().get(0).policyNode).isEqualTo("internal");
    }

    @Test
    void aDecisionWithoutReviewIsReportedWhenTheWaitEndsAndAReviewedOneIsNot() throws Exception {
        CleanEvent unreviewed = clean(span(HR, "t1", EventKind.AGENT_RUN, T0, 4000));
        feed(unreviewed);
        feed(clean(span(HR, "t2", EventKind.AGENT_RUN, T0, 4000)));
        feed(clean(span(HR, "t2", EventKind.HUMAN_REVIEW, T0 + 3000, 90_000)));
        // a review seen before its decision (spans arrive in any order) counts too
        feed(clean(span(HR, "t3", EventKind.HUMAN_REVIEW, T0 + 2000, 1000)));
        feed(clean(span(HR, "t3", EventKind.AGENT_RUN, T0, 4000)));
        feed(clean(span(SUPPORT, "t4", EventKind.AGENT_RUN, T0, 4000))); // customer_facing: no review required
        // a failed run decided nothing: its answer is an apology, there is nothing to review
        feed(clean(span(HR, "t5", EventKind.AGENT_RUN, T0, 4000).setStatus(SpanStatus.ERROR).setErrorType("upstream_5xx")));

        harness.processWatermark(T0 + 4000 + 10 * MINUTE - 1);
        assertThat(harness.extractOutputValues()).as("the wait (10 min after the run's end) is not over").isEmpty();
        harness.processWatermark(T0 + 4000 + 10 * MINUTE);
        List<Violation> found = harness.extractOutputValues();
        assertThat(rules(found)).containsExactly("mandatory_human_review");
        assertThat(found.get(0).eventId).isEqualTo(unreviewed.getEventId());
        assertThat(found.get(0).policyNode).isEqualTo("hr_screening_agent");
        assertThat(found.get(0).timeMs).isEqualTo(T0);
    }

    @Test
    void stateAndTimersDrainOnceInteractionsAreIdle() throws Exception {
        for (int i = 0; i < 50; i++) {
            feed(withCost(clean(span(HR, "trace-" + i, EventKind.AGENT_RUN, T0 + i * 1000, 4000)), 0.01));
            feed(withCost(clean(span(SUPPORT, "trace-s" + i, EventKind.LLM_CALL, T0 + i * 1000, 900)), 0.01));
        }
        assertThat(keyedStateEntries(harness)).isPositive();
        assertThat(harness.numEventTimeTimers()).isPositive();
        harness.processWatermark(T0 + 60 * MINUTE);
        assertThat(harness.extractOutputValues()).hasSize(50);
        assertThat(keyedStateEntries(harness)).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
