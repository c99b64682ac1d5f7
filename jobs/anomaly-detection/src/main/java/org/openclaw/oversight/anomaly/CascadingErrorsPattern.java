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
import org.openclaw.oversight.schema.AlertType;

/**
 * Detector 4, spans: an error of agent A, followed within {@code cascade_within} (60 s) by errors of
 * {@code cascade_downstream_agents} (2) other agents of the tenant that are downstream of A in their
 * traces ({@link ErrorSpan#upstreamAgents}), in {@code cascade_errors_per_agent} (2) different traces each → CascadingFailure
 * P1 naming A (label {@code origin}, and {@code agent}) and the affected agents, with the event ids.
 * Keyed by tenant. Why two traces per agent: in a trace a failed call also fails its run and the HANDOFF
 * span above it, so "A fails, then B under A fails" (even several spans of B) happens at any ordinary
 * error rate; two agents failing under A in several traces within a minute does not. Skip past the last event: one cascade is one match.
 */
public final class CascadingErrorsPattern implements AlertPattern<ErrorSpan> {

    private final DetectionSettings settings;

    public CascadingErrorsPattern(DetectionSettings settings) {
        this.settings = settings;
    }

    @Override
    public Pattern<ErrorSpan, ?> pattern() {
        return Pattern.<ErrorSpan>begin("origin", AfterMatchSkipStrategy.skipPastLastEvent())
                .followedBy("downstream")
                .where(downstreamOfOrigin((int) settings.anomaly().cascadeDownstreamAgents(),
                        (int) settings.anomaly().cascadeErrorsPerAgent()))
                .times((int) (settings.anomaly().cascadeDownstreamAgents() * settings.anomaly().cascadeErrorsPerAgent()))
                .within(settings.anomaly().cascadeWithin());
    }

    /**
     * An error of another agent downstream of the origin, taken while the match still needs it: the first
     * {@code agents} distinct agents take errors of {@code perAgent} distinct traces each (the pattern is
     * {@code agents × perAgent} long); further errors of a trace already taken are skipped.
     */
    static IterativeCondition<ErrorSpan> downstreamOfOrigin(int agents, int perAgent) {
        return new IterativeCondition<>() {
            @Override
            public boolean filter(ErrorSpan e, Context<ErrorSpan> ctx) throws Exception {
                ErrorSpan origin = ctx.getEventsForPattern("origin").iterator().next();
                if (e.agentId.equals(origin.agentId) || !e.isDownstreamOf(origin.agentId)) {
                    return false;
                }
                java.util.Map<String, Set<String>> traces = new java.util.HashMap<>();
                for (ErrorSpan earlier : ctx.getEventsForPattern("downstream")) {
                    traces.computeIfAbsent(earlier.agentId, k -> new java.util.HashSet<>()).add(earlier.traceId);
                }
                Set<String> mine = traces.get(e.agentId);
                if (mine == null) {
                    return traces.size() < agents;
                }
                return mine.size() < perAgent && !mine.contains(e.traceId);
            }
        };
    }

    @Override
    public PatternProcessFunction<ErrorSpan, Alert> process() {
        AnomalyAlerts alerts = new AnomalyAlerts(settings);
        return new PatternProcessFunction<>() {
            @Override
            public void processMatch(Map<String, List<ErrorSpan>> match, Context ctx, Collector<Alert> out) {
                ErrorSpan origin = match.get("origin").get(0);
                Set<String> affected = new LinkedHashSet<>();
                List<String> evidence = new ArrayList<>();
                evidence.add(origin.eventId);
                for (ErrorSpan e : match.get("downstream")) {
                    affected.add(e.agentId);
                    evidence.add(e.eventId);
                }
                out.collect(CascadeAlerts.draft(alerts, origin.tenantId, origin.agentId)
                        .value((double) affected.size()).threshold((double) settings.anomaly().cascadeDownstreamAgents())
                        .window(settings.anomaly().cascadeWithin())
                        .summary("cascading failure in tenant " + origin.tenantId + ": errors of " + origin.agentId
                                + " followed within " + DurationSyntax.format(settings.anomaly().cascadeWithin()) + " by errors of "
                                + String.join(", ", affected) + " downstream of it")
                        .description("origin " + origin.agentId + " (trace " + origin.traceId + "); affected agents: "
                                + String.join(", ", affected) + ". The affected agents' failing spans hang under spans of "
                                + origin.agentId + " in their traces (hand-off or cross-agent parent span).")
                        .evidence(evidence)
                        .firing(origin.eventTimeMs));
            }
        };
    }
}
