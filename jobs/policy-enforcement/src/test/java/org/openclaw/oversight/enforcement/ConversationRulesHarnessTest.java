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
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;

/** transparency_notice_required, human_escalation_enabled and mandatory_logging, keyed by agent; state and timers drain. */
class ConversationRulesHarnessTest {

    private static final long MINUTE = 60_000L;
    private static final String DISCLOSURE = "Sie chatten mit einem KI-Assistenten. ";
    private KeyedBroadcastOperatorTestHarness<String, CleanEvent, PolicyMessage, Violation> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new ConversationRulesFunction(view()),
                Interactions::agentKey, Types.STRING, PolicyView.STATE);
        // as in the job: the policy input never holds event time back (PolicyEnforcementJob.neverHoldsBack)
        harness.processBroadcastWatermark(Long.MAX_VALUE - 1);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void feed(CleanEvent event) throws Exception {
        harness.processElement(event, event.getEventTime().toEpochMilli());
    }

    /** The agent's run for a user on the web chat: the span that logs a reply. */
    private CleanEvent run(String trace, String user, long at) {
        return clean(span(SUPPORT, trace, EventKind.AGENT_RUN, at, 2000).setUserId(user).setChannel(Channel.WEBCHAT));
    }

    @Test
    void theFirstReplyOfAConversationMustDiscloseTheAi() throws Exception {
        feed(run("t1", "u1", T0));
        CleanEvent bare = message(SUPPORT, "c1", "u1", Direction.OUTBOUND, "Ihre Bestellung ist unterwegs.", T0 + 3000);
        // the second reply arrives first (disorder): the first reply is the earliest in event time
        feed(message(SUPPORT, "c1", "u1", Direction.OUTBOUND, "Noch etwas?", T0 + 4000));
        feed(bare);
        feed(run("t2", "u2", T0));
        feed(message(SUPPORT, "c2", "u2", Direction.OUTBOUND, DISCLOSURE + "Ihre Bestellung ist unterwegs.", T0 + 3000));
        feed(run("t3", "u3", T0));
        feed(message(SUPPORT, "c3", "u3", Direction.OUTBOUND, "Hi! I'm an ai assistant - how can I help?", T0 + 3000));
        // a later reply without the notice arrives before the disclosed first one: no violation
        feed(run("t4", "u4", T0));
        feed(message(SUPPORT, "c4", "u4", Direction.OUTBOUND, "Noch etwas?", T0 + 6000));
        feed(message(SUPPORT, "c4", "u4", Direction.OUTBOUND, DISCLOSURE + "Ihre Bestellung ist unterwegs.", T0 + 3000));
        harness.processWatermark(T0 + 2999);
        assertThat(harness.extractOutputValues()).as("judged when no earlier reply can come").isEmpty();
        harness.processWatermark(T0 + 6000);
        List<Violation> found = harness.extractOutputValues();
        assertThat(rules(found)).containsExactly("transparency_notice_required");
        assertThat(found.get(0).eventId).isEqualTo(bare.getEventId());
        assertThat(found.get(0).interactionId).isEqualTo("c1");
        assertThat(found.get(0).policyNode).isEqualTo("customer_facing");
    }

    @Test
    void aRequestForAHumanNeedsAnEscalationOfItsConversationInTime() throws Exception {
        CleanEvent ignored = message(SUPPORT, "c1", "u1", Direction.INBOUND, "MENSCH bitte, kein Bot.", T0);
        feed(ignored);
        feed(run("t1", "u1", T0 + 100));
        feed(message(SUPPORT, "c2", "u2", Direction.INBOUND, "I want to talk to a human!", T0));
        // the escalation span carries no user: it is linked to u2's conversation through its trace
        feed(clean(span(SUPPORT, "t2", EventKind.ESCALATION, T0 + 2500, 10)));
        feed(run("t2", "u2", T0 + 100));
        feed(message(SUPPORT, "c3", "u3", Direction.INBOUND, "Was kostet der Versand nach Menschenhausen?", T0)); // no keyword
        harness.processWatermark(T0 + MINUTE - 1);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(T0 + MINUTE);
        List<Violation> found = harness.extractOutputValues();
        assertThat(rules(found)).containsExactly("human_escalation_enabled");
        assertThat(found.get(0).eventId).isEqualTo(ignored.getEventId());
    }

    @Test
    void aReplyWithoutAnyAgentTraceOfItsConversationIsUnlogged() throws Exception {
        CleanEvent unlogged = message(SUPPORT, "c1", "u1", Direction.OUTBOUND, DISCLOSURE, T0);
        feed(unlogged);
        feed(message(SUPPORT, "c2", "u2", Direction.OUTBOUND, DISCLOSURE, T0));
        feed(run("t2", "u2", T0 + 30_000)); // arrives after the reply, within the minute
        feed(run("t3", "u1", T0 + 61_000)); // u1's next run: too late for this reply
        harness.processWatermark(T0 + 2 * MINUTE);
        List<Violation> found = harness.extractOutputValues();
        assertThat(rules(found)).containsExactly("mandatory_logging");
        assertThat(found.get(0).eventId).isEqualTo(unlogged.getEventId());
    }

    @Test
    void aReplyCoveredByAnEarlierSpanIsLoggedEvenWhenALaterTurnOfTheSameUserArrivedFirst() throws Exception {
        feed(run("t1", "u1", T0)); // covers the reply at T0 + 3 s
        feed(run("t2", "u1", T0 + 10 * MINUTE)); // the user's next turn, processed before the first reply
        feed(message(SUPPORT, "c1", "u1", Direction.INBOUND, "I want to talk to a human!", T0 - 1000));
        feed(clean(span(SUPPORT, "t1", EventKind.ESCALATION, T0 + 1500, 10)));
        feed(clean(span(SUPPORT, "t2", EventKind.ESCALATION, T0 + 10 * MINUTE + 1500, 10)));
        feed(message(SUPPORT, "c1", "u1", Direction.OUTBOUND, DISCLOSURE, T0 + 3000));
        harness.processWatermark(T0 + 30 * MINUTE);
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void theJobFeedsTheOperatorOnlyWhatItReads() {
        assertThat(ConversationRulesFunction.reads(message(SUPPORT, "c1", "u1", Direction.INBOUND, "hi", T0))).isTrue();
        assertThat(ConversationRulesFunction.reads(run("t1", "u1", T0))).isTrue();
        assertThat(ConversationRulesFunction.reads(clean(span(SUPPORT, "t1", EventKind.ESCALATION, T0, 10)))).isTrue();
        assertThat(ConversationRulesFunction.reads(clean(span(SUPPORT, "t1", EventKind.TOOL_CALL, T0, 10)))).isFalse();
        assertThat(ConversationRulesFunction.reads(clean(span(SUPPORT, "t1", EventKind.HUMAN_REVIEW, T0, 10)))).isFalse();
    }

    @Test
    void stateAndTimersDrainOnceConversationsAreIdle() throws Exception {
        for (int i = 0; i < 30; i++) {
            feed(message(SUPPORT, "c" + i, "u" + i, Direction.INBOUND, "HUMAN", T0 + i * 1000));
            feed(run("t" + i, "u" + i, T0 + i * 1000));
            feed(message(SUPPORT, "c" + i, "u" + i, Direction.OUTBOUND, "no disclosure", T0 + i * 1000 + 3000));
        }
        assertThat(keyedStateEntries(harness)).isPositive();
        harness.processWatermark(T0 + 25 * 60 * MINUTE);
        assertThat(harness.extractOutputValues()).hasSize(60); // 30 unanswered requests, 30 undisclosed first replies
        assertThat(keyedStateEntries(harness)).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
