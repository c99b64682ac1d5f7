package org.openclaw.oversight.anomaly;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.schema.Alert;

/**
 * Detector 6, policy half: the agent's average alignment below its policy minimum (policies.yml
 * {@code alignment_score_minimum} of its node, e.g. 0.85 for high_risk) in {@code alignment_minutes}
 * (3) consecutive judged minutes → AlignmentDrop P2, label {@code metric=alignment_minimum}. Fed with
 * every alignment_minimum judgement of the agent (normal ones included, so {@code consecutive()}
 * means "no acceptable minute in between"); minutes without alignment scores are not judged and do
 * not break the run; within (n + 2) minutes so a run is not stitched together across a long gap.
 */
public final class AlignmentBelowMinimumPattern implements AlertPattern<MinuteJudgement> {

    private final DetectionSettings settings;

    public AlignmentBelowMinimumPattern(DetectionSettings settings) {
        this.settings = settings;
    }

    @Override
    public Pattern<MinuteJudgement, ?> pattern() {
        int n = (int) settings.anomaly().alignmentMinutes();
        return Pattern.<MinuteJudgement>begin("below", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(j -> j.anomalous))
                .times(n).consecutive()
                .within(Duration.ofMinutes(n + 2L));
    }

    @Override
    public PatternProcessFunction<MinuteJudgement, Alert> process() {
        AnomalyAlerts alerts = new AnomalyAlerts(settings);
        return new PatternProcessFunction<>() {
            @Override
            public void processMatch(Map<String, List<MinuteJudgement>> match, Context ctx, Collector<Alert> out) {
                List<MinuteJudgement> minutes = match.get("below");
                MinuteJudgement first = minutes.get(0);
                MinuteJudgement last = minutes.get(minutes.size() - 1);
                out.collect(MinuteAlerts.draft(alerts, last)
                        .value(last.value).threshold(last.threshold)
                        .summary(String.format(Locale.ROOT, "alignment of agent %s (tenant %s) below its policy minimum %.2f for %d "
                                + "consecutive minutes (last %.3f)", last.agentId, last.tenantId, last.threshold, minutes.size(), last.value))
                        .description("The average alignment score per minute is compared with alignment_score_minimum of the agent's "
                                + "policy node (policies.yml), or anomaly.alignment_minimum for agents without one.")
                        .evidence(minutes.stream().map(MinuteJudgement::evidenceId).toList())
                        .firing(first.bucket));
            }
        };
    }
}
