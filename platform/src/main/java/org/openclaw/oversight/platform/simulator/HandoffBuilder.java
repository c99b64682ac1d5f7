package org.openclaw.oversight.platform.simulator;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/** A HANDOFF span to another agent of the tenant, whose AGENT_RUN is its child in the same trace. */
final class HandoffBuilder {
    private final Fleet fleet;
    private final Random random;
    private final SpanFactory spans;
    private final AgentSilentInjector silence;
    /** Generates the target's run: the agent-run builder, which in turn calls this one. */
    private final Function<RunRequest, RunResult> childRuns;

    HandoffBuilder(Fleet fleet, Random random, SpanFactory spans, AgentSilentInjector silence,
            Function<RunRequest, RunResult> childRuns) {
        this.fleet = fleet;
        this.random = random;
        this.spans = spans;
        this.silence = silence;
        this.childRuns = childRuns;
    }

    /** Queues the hand-off of {@code input} at {@code start}; a silent target times out. */
    StepResult handoff(RunContext run, String parentSpan, long start, String input, boolean german,
            List<PlantedPii> inputPii) {
        SimulatedAgent agent = run.agent();
        SimulatedAgent target = fleet.find(Texts.pick(random, agent.handoffTargets())).orElseThrow();
        String spanId = spans.newSpanId();
        long end;
        SpanStatus status;
        String errorType;
        if (silence.isSilent(target.agentId(), start)) {
            end = start + LlmCallBuilder.TIMEOUT_MS;
            status = SpanStatus.TIMEOUT;
            errorType = "handoff_timeout";
        } else {
            String task = (german ? "Übergabe von " : "Hand-off from ") + agent.agentId() + ": " + input;
            RunResult child = childRuns.apply(RunRequest.handedOff(target, run.traceId(), spanId,
                    start + 5 + random.nextInt(15), task, inputPii));
            end = child.end() + 3 + random.nextInt(8);
            status = child.ok() ? SpanStatus.OK : SpanStatus.ERROR;
            errorType = child.ok() ? null : "handoff_failed";
        }
        AgentEvent.Builder e = spans.span(run, spanId, parentSpan, EventKind.HANDOFF, "handoff " + target.agentId(),
                start, end - start, status, errorType);
        e.getAttributes().put("handoff.target_agent", target.agentId());
        spans.queue(e, run.everySpan(), List.of());
        return new StepResult(end, status, errorType, null);
    }
}
