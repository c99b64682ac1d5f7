package org.openclaw.oversight.enforcement;

import java.util.List;
import java.util.Optional;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.enforcement.rules.AlignmentScoreMinimumRule;
import org.openclaw.oversight.enforcement.rules.EventRule;
import org.openclaw.oversight.enforcement.rules.FullExplainabilityLoggingRule;
import org.openclaw.oversight.enforcement.rules.MaxResponseTimeRule;
import org.openclaw.oversight.enforcement.rules.NoAgeInferenceRule;
import org.openclaw.oversight.enforcement.rules.NoEthnicityInferenceRule;
import org.openclaw.oversight.enforcement.rules.NoGenderInferenceRule;
import org.openclaw.oversight.enforcement.rules.NoPiiInOutputsRule;
import org.openclaw.oversight.schema.CleanEvent;

/** The rules that judge each event on its own ({@link EventRule}), with the policy of the broadcast state. No keyed state. */
public final class EventRulesFunction extends BroadcastProcessFunction<CleanEvent, PolicyMessage, Violation> {

    private final PolicyView policies;
    private final List<EventRule> rules = List.of(new NoPiiInOutputsRule(), new MaxResponseTimeRule(),
            new FullExplainabilityLoggingRule(), new AlignmentScoreMinimumRule(), new NoGenderInferenceRule(),
            new NoAgeInferenceRule(), new NoEthnicityInferenceRule());

    public EventRulesFunction(PolicyView policies) {
        this.policies = policies;
    }

    @Override
    public void processElement(CleanEvent event, ReadOnlyContext ctx, Collector<Violation> out) throws Exception {
        Judgement judgement = policies.judge(ctx.getBroadcastState(PolicyView.STATE), event.getAgentId());
        String interaction = Interactions.of(event);
        for (EventRule rule : rules) {
            if (!judgement.requires(rule.kind())) {
                continue;
            }
            Optional<Finding> finding = rule.check(event, judgement);
            finding.ifPresent(f -> out.collect(Violations.of(f, judgement, event.getEventId(), event.getEventTime().toEpochMilli(),
                    event.getTenantId(), event.getAgentId(), interaction)));
        }
    }

    @Override
    public void processBroadcastElement(PolicyMessage message, Context ctx, Collector<Violation> out) throws Exception {
        PolicyView.apply(ctx.getBroadcastState(PolicyView.STATE), message);
    }
}
