package org.openclaw.oversight.platform.simulator;

import java.util.List;
import java.util.Random;

/**
 * One injector per incident kind over one schedule, so each generator asks the one whose hook it is at. A new kind:
 * a value in {@link IncidentType}, a class {@code <Kind>Injector}, a field here, and one call at its hook (or, for a
 * change to LLM calls, one more {@link LlmCallInjector} in {@link #llmCalls()}).
 */
record Incidents(IncidentSchedule schedule, AgentSilentInjector silence, HeartbeatHealthInjector health,
        UnapprovedVersionInjector versions,
        ErrorBurstInjector errorBurst, TokenSurgeInjector tokenSurge, List<LlmCallInjector> llmCalls,
        AlignmentDropInjector alignmentDrop, PiiInOutputInjector piiInOutput,
        MissingDisclosureInjector missingDisclosure, PromptInjectionInjector promptInjection,
        UnansweredEscalationInjector unansweredEscalation) {

    static Incidents of(List<IncidentOutcome> outcomes, Random random) {
        IncidentSchedule schedule = new IncidentSchedule(outcomes, random);
        TokenSurgeInjector surge = new TokenSurgeInjector(schedule, random);
        return new Incidents(schedule, new AgentSilentInjector(schedule), new HeartbeatHealthInjector(schedule),
                new UnapprovedVersionInjector(schedule),
                new ErrorBurstInjector(schedule, random), surge,
                // in this order: a cost spike's factor applies before a surge's
                List.of(new CostSpikeInjector(schedule), surge, new LatencyDegradationInjector(schedule)),
                new AlignmentDropInjector(schedule, random), new PiiInOutputInjector(schedule),
                new MissingDisclosureInjector(schedule), new PromptInjectionInjector(schedule, random),
                new UnansweredEscalationInjector(schedule));
    }
}
