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
import org.openclaw.oversight.schema.ControlAction;
import org.openclaw.oversight.schema.EventKind;

/** kill_switch_required and dual_review_for_changes, keyed by agent with its control commands and approvals. */
class AgentRulesHarnessTest {

    private KeyedBroadcastOperatorTestHarness<String, AgentSignal, PolicyMessage, Violation> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new AgentRulesFunction(view()),
                AgentSignal::agentId, Types.STRING, PolicyView.STATE);
        // as in the job: the policy input never holds event time back (PolicyEnforcementJob.neverHoldsBack)
        harness.processBroadcastWatermark(Long.MAX_VALUE - 1);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void feed(CleanEvent event) throws Exception {
        harness.processElement(AgentSignal.of(event), event.getEventTime().toEpochMilli());
    }

    private void command(String agent, ControlAction action, long at, Long expires) throws Exception {
        harness.processElement(AgentSignal.of(TestEvents.command(agent, action, at, expires)), at);
    }

    private CleanEvent run(String agent, String version, long at) {
        return clean(span(agent, id("t"), EventKind.AGENT_RUN, at, 1000).setAgentVersion(version));
    }

    @Test
    void anAgentStillWorkingAfterTheGracePeriodOfAPauseDisobeysTheKillSwitch() throws Exception {
        feed(run(SUPPORT, "1.0.0", T0));
        command(SUPPORT, ControlAction.PAUSE, T0 + 1000, null);
        feed(run(SUPPORT, "1.0.0", T0 + 1000 + 30_000)); // within the 30 s grace
        assertThat(harness.extractOutputValues()).isEmpty();
        CleanEvent disobeying = run(SUPPORT, "1.0.0", T0 + 1000 + 30_001);
        feed(disobeying);
        feed(run(SUPPORT, "1.0.0", T0 + 1000 + 40_000));
        List<Violation> found = harness.extractOutputValues();
        assertThat(rules(found)).as("once per command").containsExactly("kill_switch_required");
        assertThat(found.get(0).eventId).isEqualTo(disobeying.getEventId());
        assertThat(found.get(0).observed).isEqualTo("event 30001ms after PAUSE");
        assertThat(found.get(0).severity).isEqualTo("P3");

        command(SUPPORT, ControlAction.RESUME, T0 + 50_000, null);
        feed(run(SUPPORT, "1.0.0", T0 + 120_000));
        command(SUPPORT, ControlAction.RATE_LIMIT, T0 + 130_000, null);
        feed(run(SUPPORT, "1.0.0", T0 + 200_000));
        assertThat(harness.extractOutputValues()).as("resumed; a rate limit is no kill switch").hasSize(1);
    }

    @Test
    void aRollbackAfterAShutdownRestartsTheAgentOnItsEarlierVersion() throws Exception {
        command(SUPPORT, ControlAction.SHUTDOWN, T0, null); // the runbook of a PII leak: SHUTDOWN, then ROLLBACK
        command(SUPPORT, ControlAction.ROLLBACK, T0, null);
        feed(run(SUPPORT, "1.0.0", T0 + 60_000));
        assertThat(harness.extractOutputValues()).as("rolled back: working again is no disobedience").isEmpty();
        command(SUPPORT, ControlAction.SHUTDOWN, T0 + 70_000, null);
        feed(run(SUPPORT, "1.0.0", T0 + 130_000));
        assertThat(rules(harness.extractOutputValues())).containsExactly("kill_switch_required");
    }

    @Test
    void aShutdownWithExpiryIsFreedByItsTimer() throws Exception {
        command(FINANCE, ControlAction.SHUTDOWN, T0, T0 + 60_000);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(T0 + 60_000);
        assertThat(keyedStateEntries(harness)).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        feed(run(FINANCE, "1.0.0", T0 + 90_000));
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aNewVersionOfAHighRiskAgentNeedsTwoApprovalsByDifferentPeople() throws Exception {
        feed(run(FINANCE, "1.4.2", T0)); // the baseline: running before oversight watched it
        CleanEvent unapproved = run(FINANCE, "2.0.0-rc1", T0 + 1000);
        feed(unapproved);
        feed(run(FINANCE, "2.0.0-rc1", T0 + 2000));
        List<Violation> found = harness.extractOutputValues();
        assertThat(rules(found)).as("once per version").containsExactly("dual_review_for_changes");
        assertThat(found.get(0).eventId).isEqualTo(unapproved.getEventId());
        assertThat(found.get(0).observed).isEqualTo("version 2.0.0-rc1 with 0 approval(s)");
        assertThat(found.get(0).policyNode).isEqualTo("high_risk");

        harness.processBroadcastElement(PolicyMessage.approval(FINANCE, "2.1.0", "alice"), T0);
        harness.processBroadcastElement(PolicyMessage.approval(FINANCE, "2.1.0", "alice"), T0); // the same person twice
        harness.processBroadcastElement(PolicyMessage.approval(FINANCE, "2.2.0", "alice"), T0);
        harness.processBroadcastElement(PolicyMessage.approval(FINANCE, "2.2.0", "bob"), T0);
        feed(run(FINANCE, "2.1.0", T0 + 3000));
        feed(run(FINANCE, "2.2.0", T0 + 4000));
        feed(run(SUPPORT, "1.0.0", T0));
        feed(run(SUPPORT, "9.9.9", T0 + 1000)); // customer_facing: no dual review
        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(harness.extractOutputValues().get(1).observed).isEqualTo("version 2.1.0 with 1 approval(s)");
    }
}
