package org.openclaw.oversight.enforcement;

import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.enforcement.rules.DualReviewRule;
import org.openclaw.oversight.enforcement.rules.KillSwitchRule;
import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.schema.ControlCommand;

/**
 * The rules of an agent as a whole (keyed by agentId): kill_switch_required (events after a PAUSE/SHUTDOWN of
 * {@code oversight.agent-control.v1}) and dual_review_for_changes (versions without two approvals; approvals come
 * with the policy broadcast). A halt with expiresAt is freed by a timer then; one without, by RESUME, RESTART or ROLLBACK.
 */
public final class AgentRulesFunction extends KeyedBroadcastProcessFunction<String, AgentSignal, PolicyMessage, Violation> {

    private final PolicyView policies;
    private final KillSwitchRule killSwitch = new KillSwitchRule();
    private final DualReviewRule dualReview = new DualReviewRule();

    private transient ValueState<Halt> halt;
    private transient ValueState<String> baselineVersion;
    /** version -> approved (true) or already reported (false). Bounded by the versions an agent ever runs. */
    private transient MapState<String, Boolean> versionsJudged;

    public AgentRulesFunction(PolicyView policies) {
        this.policies = policies;
    }

    @Override
    public void open(OpenContext context) {
        halt = getRuntimeContext().getState(new ValueStateDescriptor<>("halt", TypeInformation.of(Halt.class)));
        baselineVersion = getRuntimeContext().getState(new ValueStateDescriptor<>("baseline-version", Types.STRING));
        versionsJudged = getRuntimeContext().getMapState(new MapStateDescriptor<>("versions-judged", Types.STRING, Types.BOOLEAN));
    }

    @Override
    public void processElement(AgentSignal signal, ReadOnlyContext ctx, Collector<Violation> out) throws Exception {
        if (signal.command != null) {
            onCommand(signal.command, ctx);
            return;
        }
        RuleFacts event = signal.event;
        Judgement judgement = policies.judge(ctx.getBroadcastState(PolicyView.STATE), event.agentId);
        long time = event.timeMs;
        Halt current = halt.value();
        if (current != null && !current.reported && judgement.requires(RuleKind.KILL_SWITCH_REQUIRED)
                && killSwitch.disobeys(time, current.issuedAtMs, current.expiresAtMs, judgement)) {
            out.collect(violation(killSwitch.finding(event.eventId, current.action, time - current.issuedAtMs, judgement), judgement, event));
            current.reported = true;
            halt.update(current);
        }
        if (event.isSpan()) {
            judgeVersion(event, event.agentVersion, judgement, ctx, out);
        }
    }

    private void onCommand(ControlCommand command, ReadOnlyContext ctx) throws Exception {
        long issued = command.getIssuedAt().toEpochMilli();
        Halt current = halt.value();
        if (killSwitch.halts(command) && (current == null || issued > current.issuedAtMs)) {
            Halt next = new Halt();
            next.action = command.getAction().name();
            next.issuedAtMs = issued;
            next.expiresAtMs = command.getExpiresAt() == null ? 0 : command.getExpiresAt().toEpochMilli();
            halt.update(next);
            if (next.expiresAtMs > 0) {
                ctx.timerService().registerEventTimeTimer(next.expiresAtMs);
            }
        } else if (killSwitch.releases(command) && current != null && issued >= current.issuedAtMs) {
            halt.clear();
        }
    }

    private void judgeVersion(RuleFacts event, String version, Judgement judgement, ReadOnlyContext ctx, Collector<Violation> out)
            throws Exception {
        if (version == null) {
            return;
        }
        String baseline = baselineVersion.value();
        if (baseline == null) {
            baselineVersion.update(version);
            return;
        }
        if (baseline.equals(version) || Boolean.TRUE.equals(versionsJudged.get(version))) {
            return;
        }
        Set<String> approvers = PolicyView.approvers(ctx.getBroadcastState(PolicyView.STATE), event.agentId, version);
        if (dualReview.approved(approvers)) {
            versionsJudged.put(version, true);
        } else if (!versionsJudged.contains(version) && judgement.requires(RuleKind.DUAL_REVIEW_FOR_CHANGES)) {
            out.collect(violation(dualReview.finding(event.eventId, version, approvers), judgement, event));
            versionsJudged.put(version, false);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Violation> out) throws Exception {
        Halt current = halt.value();
        if (current != null && current.expiresAtMs > 0 && current.expiresAtMs <= timestamp) {
            halt.clear();
        }
    }

    @Override
    public void processBroadcastElement(PolicyMessage message, Context ctx, Collector<Violation> out) throws Exception {
        PolicyView.apply(ctx.getBroadcastState(PolicyView.STATE), message);
    }

    private static Violation violation(Finding finding, Judgement judgement, RuleFacts event) {
        return Violations.of(finding, judgement, event.eventId, event.timeMs, event.tenantId, event.agentId, event.interactionId);
    }
}
