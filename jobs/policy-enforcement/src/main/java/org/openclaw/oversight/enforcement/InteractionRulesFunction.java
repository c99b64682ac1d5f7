package org.openclaw.oversight.enforcement;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.enforcement.rules.MandatoryHumanReviewRule;
import org.openclaw.oversight.enforcement.rules.MaxCostPerInteractionRule;
import org.openclaw.oversight.policy.RuleKind;

/**
 * The rules of one interaction (keyed by trace id): max_cost_per_interaction (running sum) and
 * mandatory_human_review (a decision waits for its review, an event-time timer ends the wait). Everything of a
 * trace is freed {@code enforcement.interaction_idle} after its last span once nothing is pending.
 */
public final class InteractionRulesFunction extends KeyedBroadcastProcessFunction<String, RuleFacts, PolicyMessage, Violation> {

    private final PolicyView policies;
    private final MaxCostPerInteractionRule cost = new MaxCostPerInteractionRule();
    private final MandatoryHumanReviewRule review = new MandatoryHumanReviewRule();

    private transient ValueState<InteractionState> interaction;
    private transient MapState<String, PendingViolation> pending;

    public InteractionRulesFunction(PolicyView policies) {
        this.policies = policies;
    }

    @Override
    public void open(OpenContext context) {
        interaction = getRuntimeContext().getState(new ValueStateDescriptor<>("interaction", TypeInformation.of(InteractionState.class)));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-reviews", Types.STRING,
                TypeInformation.of(PendingViolation.class)));
    }

    @Override
    public void processElement(RuleFacts event, ReadOnlyContext ctx, Collector<Violation> out) throws Exception {
        Judgement judgement = policies.judge(ctx.getBroadcastState(PolicyView.STATE), event.agentId);
        long time = event.timeMs;
        InteractionState state = interaction.value();
        if (state == null) {
            state = new InteractionState();
        }
        double before = state.costEur;
        state.costEur += event.costEur;
        if (judgement.requires(RuleKind.MAX_COST_PER_INTERACTION)) {
            cost.crossed(before, state.costEur, event.eventId, judgement).ifPresent(f -> out.collect(violation(f, judgement, event)));
        }
        if (review.isReview(event)) {
            state.reviewMs = Math.min(state.reviewMs, time);
            for (Iterator<Map.Entry<String, PendingViolation>> it = pending.iterator(); it.hasNext(); ) {
                PendingViolation p = it.next().getValue();
                if (review.answers(time, p.violation.timeMs, p.deadlineMs)) {
                    it.remove();
                }
            }
        }
        if (judgement.requires(RuleKind.MANDATORY_HUMAN_REVIEW) && review.isDecision(event)) {
            long deadline = review.deadline(event, judgement);
            if (!review.answers(state.reviewMs, time, deadline)) {
                pending.put(event.eventId, PendingViolation.of(violation(review.finding(event, judgement), judgement, event), deadline, ""));
                ctx.timerService().registerEventTimeTimer(deadline);
            }
        }
        state.lastEventMs = Math.max(state.lastEventMs, time);
        long cleanup = state.lastEventMs + judgement.enforcement().interactionIdle().toMillis();
        if (cleanup > state.cleanupTimerMs) {
            if (state.cleanupTimerMs > 0) {
                ctx.timerService().deleteEventTimeTimer(state.cleanupTimerMs);
            }
            ctx.timerService().registerEventTimeTimer(cleanup);
            state.cleanupTimerMs = cleanup;
        }
        interaction.update(state);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Violation> out) throws Exception {
        List<String> due = new ArrayList<>();
        for (Map.Entry<String, PendingViolation> entry : pending.entries()) {
            if (entry.getValue().deadlineMs <= timestamp) {
                out.collect(entry.getValue().violation);
                due.add(entry.getKey());
            }
        }
        for (String id : due) {
            pending.remove(id);
        }
        // a review still awaited keeps the trace; its own (later) timer frees everything then
        InteractionState state = interaction.value();
        if (state != null && pending.isEmpty() && timestamp >= state.cleanupTimerMs) {
            interaction.clear();
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
