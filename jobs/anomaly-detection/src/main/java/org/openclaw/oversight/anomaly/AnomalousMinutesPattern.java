package org.openclaw.oversight.anomaly;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.config.DurationSyntax;
import org.openclaw.oversight.schema.Alert;

/**
 * Detector 2's alert: {@code anomalous_minutes} (3) anomalous minutes of one agent and metric within
 * {@code anomalous_within} (5 min) → CostAnomaly / TokenAnomaly / LatencyAnomaly / ErrorRateAnomaly /
 * AlignmentDrop (by {@link MinuteMetric}), with label {@code metric}. Keyed by
 * {@link MinuteJudgement#patternKey}, on anomalous judgements only (relaxed contiguity: normal minutes
 * in between are allowed). One minute alone is recorded in the anomalies table but pages nobody.
 * Skip past the last event: the next match needs new minutes (the open alert absorbs it anyway).
 */
public final class AnomalousMinutesPattern implements AlertPattern<MinuteJudgement> {

    private final DetectionSettings settings;

    public AnomalousMinutesPattern(DetectionSettings settings) {
        this.settings = settings;
    }

    @Override
    public Pattern<MinuteJudgement, ?> pattern() {
        return Pattern.<MinuteJudgement>begin("anomalous", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(j -> j.anomalous))
                .times((int) settings.anomaly().anomalousMinutes())
                .within(settings.anomaly().anomalousWithin());
    }

    @Override
    public PatternProcessFunction<MinuteJudgement, Alert> process() {
        AnomalyAlerts alerts = new AnomalyAlerts(settings);
        return new PatternProcessFunction<>() {
            @Override
            public void processMatch(Map<String, List<MinuteJudgement>> match, Context ctx, Collector<Alert> out) {
                List<MinuteJudgement> minutes = match.get("anomalous");
                MinuteJudgement first = minutes.get(0);
                MinuteJudgement last = minutes.get(minutes.size() - 1);
                out.collect(MinuteAlerts.draft(alerts, last)
                        .value(last.value).threshold(last.threshold)
                        .summary(String.format(Locale.ROOT, "%s of agent %s (tenant %s): %d anomalous minutes within %s, last %s vs baseline %s ± %s",
                                last.metric.label(), last.agentId, last.tenantId, minutes.size(),
                                DurationSyntax.format(settings.anomaly().anomalousWithin()), MinuteAlerts.number(last.value),
                                MinuteAlerts.number(last.mean), MinuteAlerts.number(last.sigma)))
                        .description(String.format(Locale.ROOT, "Each minute is compared with the agent's last %d minutes "
                                        + "(mean ± %.1fσ, σ floored); the alert needs %d anomalous minutes within %s.",
                                settings.anomaly().baselineMinutes(), settings.anomaly().sigma(), minutes.size(),
                                DurationSyntax.format(settings.anomaly().anomalousWithin())))
                        .evidence(minutes.stream().map(MinuteJudgement::evidenceId).toList())
                        .firing(first.bucket));
            }
        };
    }
}
