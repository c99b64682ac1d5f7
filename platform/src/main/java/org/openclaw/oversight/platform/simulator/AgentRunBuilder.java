package org.openclaw.oversight.platform.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * One AGENT_RUN span with its children: a few LLM calls (the last produces the answer), maybe a hand-off, an
 * escalation or a human review, and the run's scores. The whole run is generated at once when it starts.
 */
final class AgentRunBuilder {
    private static final double HANDOFF_PROBABILITY = 0.12;

    private final Random random;
    private final SpanFactory spans;
    private final LlmCallBuilder llmCalls;
    private final HandoffBuilder handoffs;
    private final HumanSteps humans;
    private final PiiPlanter planter;
    private final Incidents incidents;
    /** The deadline of the user's run being generated; a hand-off's child run shares it (ResponseBudget). */
    private long deadline;

    AgentRunBuilder(Fleet fleet, Random random, SpanFactory spans, PiiPlanter planter, Incidents incidents) {
        this.random = random;
        this.spans = spans;
        this.planter = planter;
        this.incidents = incidents;
        this.llmCalls = new LlmCallBuilder(fleet.agents(), random, spans,
                new ToolCallBuilder(random, spans, incidents.errorBurst()), incidents);
        this.handoffs = new HandoffBuilder(fleet, random, spans, incidents.silence(), this::run);
        this.humans = new HumanSteps(random, spans);
    }

    /** Queues the run's spans; returns when it ends and what it answered. */
    RunResult run(RunRequest req) {
        SimulatedAgent agent = req.agent();
        long start = req.start();
        String runSpan = spans.newSpanId();
        RunContext run = RunContext.of(agent, incidents.versions().version(agent, start), req.traceId());
        boolean german = req.conversation() == null ? random.nextBoolean() : req.conversation().german;

        // decide the answer first: the last LLM call produces it
        List<PlantedPii> leaked = new ArrayList<>();
        List<IncidentOutcome> outputTouched = new ArrayList<>();
        String answer = Texts.answer(random, german);
        boolean escalates = req.asksForHuman() && req.unanswered() == null;
        IncidentOutcome leak = escalates ? null : incidents.piiInOutput().leaks(agent, start);
        if (escalates) {
            answer = Texts.handingToHuman(german);
        } else if (leak != null) {
            answer = planter.leakInto(answer, german, leaked);
            outputTouched.add(leak);
        }

        long cursor = start + 3 + random.nextInt(20);
        int calls = 1 + random.nextInt(3) + incidents.tokenSurge().extraLlmCalls(agent, start);
        if (req.depth() == 0) {
            deadline = start + ResponseBudget.RUN_MS;
        }
        // a run that may hand off keeps one share of its budget for the target's run
        int handoffShare = req.depth() == 0 && !agent.handoffTargets().isEmpty() ? 1 : 0;
        SpanStatus status = SpanStatus.OK;
        String errorType = null;
        List<IncidentOutcome> runTouched = new ArrayList<>(run.everySpan());
        for (int i = 0; i < calls; i++) {
            boolean last = i == calls - 1;
            long budget = ResponseBudget.step(deadline, cursor, calls - i + handoffShare);
            StepResult step = llmCalls.call(run, runSpan, cursor, budget, req.conversation(), last,
                    i == 0 ? new LlmCallBuilder.Prompt(req.input(), req.inputPii(), req.injection())
                            : LlmCallBuilder.Prompt.NONE,
                    last ? new LlmCallBuilder.Completion(answer, leaked, outputTouched)
                            : LlmCallBuilder.Completion.NONE);
            cursor = step.end() + 2 + random.nextInt(30);
            if (step.status() != SpanStatus.OK) {
                status = step.status();
                errorType = step.errorType();
                IncidentOutcome.addIfAbsent(runTouched, step.failedBy());
                break;
            }
        }

        if (status == SpanStatus.OK && req.depth() == 0 && !agent.handoffTargets().isEmpty()
                && random.nextDouble() < incidents.errorBurst().handoffProbability(agent, start, HANDOFF_PROBABILITY)) {
            StepResult handoff = handoffs.handoff(run, runSpan, cursor, req.input(), german, req.inputPii());
            cursor = handoff.end() + 2 + random.nextInt(10);
            if (handoff.status() != SpanStatus.OK) {
                status = SpanStatus.ERROR;
                errorType = handoff.errorType();
            }
        }
        if (escalates) {
            cursor = humans.escalation(run, runSpan, cursor);
        }
        long end = cursor + 2;
        if (agent.isHrScreening() && req.unanswered() == null && status == SpanStatus.OK) {
            // the recruiter reviews the screening after the agent has answered: not part of its response time
            humans.review(run, runSpan, end + 2);
        }
        if (status != SpanStatus.OK) {
            answer = german ? "Entschuldigung, da ist etwas schiefgelaufen. Bitte versuchen Sie es später erneut."
                    : "Sorry, something went wrong. Please try again later.";
            leaked = List.of();
            outputTouched = List.of();
        }

        AgentEvent.Builder e = spans.span(run, runSpan, req.parentSpanId(), EventKind.AGENT_RUN,
                "invoke_agent " + agent.agentId(), start, end - start, status, errorType);
        e.setInput(req.input()).setOutput(answer);
        e.setAlignmentScore(incidents.alignmentDrop().alignmentScore(agent, start, runTouched));
        e.setQualityScore(Distributions.score(random, 0.93, 0.04, 0.75, 1.0));
        Conversation conv = req.conversation();
        if (conv != null) {
            e.setUserId(conv.userId).setChannel(conv.channel).setUserSatisfaction(status == SpanStatus.OK
                    ? Distributions.score(random, 0.92, 0.06, 0.6, 1.0)
                    : Distributions.score(random, 0.4, 0.15, 0.0, 0.8));
        }
        IncidentOutcome.addIfAbsent(runTouched, req.injection());
        IncidentOutcome.addIfAbsent(runTouched, req.unanswered());
        runTouched.addAll(outputTouched);
        List<PlantedPii> runPii = new ArrayList<>(req.inputPii());
        runPii.addAll(leaked);
        spans.queue(e, runTouched, runPii);
        return new RunResult(end, answer, status == SpanStatus.OK, leaked, outputTouched);
    }
}
