package org.openclaw.oversight.anomaly;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.config.DurationSyntax;
import org.openclaw.oversight.schema.Alert;

/**
 * Detector 4, error rates: ErrorRateAnomaly detections (firing) in {@code cascade_error_rate_agents}
 * (3) different agents of one tenant within {@code cascade_error_rate_within} (2 min) → CascadingFailure
 * P1 with the first agent as origin. Keyed by tenant; input: the ErrorRateAnomaly detections as the
 * {@link AnomalousMinutesPattern} raises them (event time = the last anomalous minute).
 */
public final class ErrorRateCascadePattern implements AlertPattern<Alert> {

    private final DetectionSettings settings;

    public ErrorRateCascadePattern(DetectionSettings settings) {
        this.settings = settings;
    }

    @Override
    public Pattern<Alert, ?> pattern() {
        return Pattern.<Alert>begin("first", AfterMatchSkipStrategy.skipPastLastEvent())
                .followedBy("others")
                .where(new IterativeCondition<>() {
                    @Override
                    public boolean filter(Alert a, Context<Alert> ctx) throws Exception {
                        Set<String> seen = new LinkedHashSet<>();
                        ctx.getEventsForPattern("first").forEach(e -> seen.add(e.getAgentId()));
                        ctx.getEventsForPattern("others").forEach(e -> seen.add(e.getAgentId()));
                        return !seen.contains(a.getAgentId());
                    }
                })
                .times((int) settings.anomaly().cascadeErrorRateAgents() - 1)
                .within(settings.anomaly().cascadeErrorRateWithin());
    }

    @Override
    public PatternProcessFunction<Alert, Alert> process() {
        AnomalyAlerts alerts = new AnomalyAlerts(settings);
        return new PatternProcessFunction<>() {
            @Override
            public void processMatch(Map<String, List<Alert>> match, Context ctx, Collector<Alert> out) {
                Alert first = match.get("first").get(0);
                Set<String> affected = new LinkedHashSet<>();
                List<String> evidence = new ArrayList<>(first.getEvidence());
                for (Alert a : match.get("others")) {
                    affected.add(a.getAgentId());
                    evidence.addAll(a.getEvidence());
                }
                out.collect(CascadeAlerts.draft(alerts, first.getTenantId(), first.getAgentId())
                        .value((double) affected.size() + 1).threshold((double) settings.anomaly().cascadeErrorRateAgents())
                        .window(settings.anomaly().cascadeErrorRateWithin())
                        .summary("cascading failure in tenant " + first.getTenantId() + ": error-rate anomalies in "
                                + (affected.size() + 1) + " agents within " + DurationSyntax.format(settings.anomaly().cascadeErrorRateWithin())
                                + ", first " + first.getAgentId() + ", then " + String.join(", ", affected))
                        .description("origin " + first.getAgentId() + " (its ErrorRateAnomaly came first); affected agents: "
                                + String.join(", ", affected) + ".")
                        .evidence(evidence)
                        .firing(first.getStartsAt().toEpochMilli()));
            }
        };
    }
}
