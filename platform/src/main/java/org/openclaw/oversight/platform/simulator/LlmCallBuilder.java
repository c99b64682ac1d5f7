package org.openclaw.oversight.platform.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * One LLM_CALL span: log-normal tokens and latency, the incidents that change them, a failure at the agent's base
 * rate (or a burst's), and tool calls when the model asks for them.
 */
final class LlmCallBuilder {
    /** How long a caller waits for a model (or a hand-off target) before giving up. */
    static final long TIMEOUT_MS = 10_000;
    /** What a call after the first reads: no user text of its own, so no PII or injection beyond what the first had. */
    static final String CONTINUATION_INPUT = "Continue the task with the conversation and the tool results so far.";
    static final String REASONING_OUTPUT = "Checked the intermediate results; continuing with the answer.";
    private static final List<String> LLM_ERRORS = List.of("rate_limit_exceeded", "upstream_5xx",
            "content_filter", "context_length_exceeded");

    private final List<SimulatedAgent> agents;
    private final Random random;
    private final SpanFactory spans;
    private final ToolCallBuilder tools;
    private final Incidents incidents;

    LlmCallBuilder(List<SimulatedAgent> agents, Random random, SpanFactory spans, ToolCallBuilder tools,
            Incidents incidents) {
        this.agents = agents;
        this.random = random;
        this.spans = spans;
        this.tools = tools;
        this.incidents = incidents;
    }

    /**
     * Queues the call (and its tool calls) starting at {@code start}. The first call of a run gets the user's
     * {@code prompt}, the {@code last} one produces the run's {@code completion}; others get {@link Prompt#NONE}
     * and {@link Completion#NONE}. The call with its tools fits in {@code budget} ms ({@link ResponseBudget}) unless an
     * incident slows it down. Like an instrumented production agent (OpenTelemetry GenAI spans), every call records
     * its prompt and, when it succeeds, its completion: the calls between the first and the last one read the
     * conversation with the tool results so far and answer with the tool calls they request or their reasoning.
     */
    StepResult call(RunContext run, String parentSpan, long start, long budget, Conversation conv, boolean last,
            Prompt prompt, Completion completion) {
        SimulatedAgent agent = run.agent();
        String spanId = spans.newSpanId();
        List<IncidentOutcome> touched = new ArrayList<>(run.everySpan());
        String model = agent.model();
        // a cheap router call in front of the big model, as many production agents do
        if (prompt.text() != null && !last && "claude-sonnet-4-6".equals(model) && random.nextDouble() < 0.3) {
            model = "claude-haiku-4-5";
        }
        LlmCallShape shape = new LlmCallShape(agent.provider(), model,
                Distributions.clamp(Distributions.logNormal(random, 1200, 0.5), 150, 12_000),
                Distributions.clamp(Distributions.logNormal(random, last ? 260 : 120, 0.6), 20, 4_000));
        for (LlmCallInjector injector : incidents.llmCalls()) {
            IncidentOutcome hit = injector.shape(agent, start, shape);
            if (hit != null) {
                touched.add(hit);
            }
        }
        PromptInjectionInjector.stuffContext(prompt.injection(), shape);
        long cached = random.nextDouble() < 0.5 ? Math.round(shape.inputTokens * random.nextDouble() * 0.6) : 0;
        // the last call has the step to itself; an earlier one leaves a third of it for the tools it may ask for
        long natural = Math.round(Distributions.clamp(Distributions.logNormal(random,
                900 + 2.5 * Math.min(shape.outputTokens, 1500), 0.45), 500, 6_000));
        long modelMs = Math.round(ResponseBudget.fit(natural, last ? budget : budget * 2 / 3, shape.latencyFactor)
                * shape.latencyFactor);

        ErrorBurstInjector.Failure failure = incidents.errorBurst().failure(agent, start, baseErrorRate(agent));
        SpanStatus status = SpanStatus.OK;
        String errorType = null;
        long end = start + modelMs;
        int toolCalls = 0;
        if (failure != null) {
            status = random.nextDouble() < 0.3 ? SpanStatus.TIMEOUT : SpanStatus.ERROR;
            errorType = status == SpanStatus.TIMEOUT ? "timeout" : Texts.pick(random, LLM_ERRORS);
            if (status == SpanStatus.TIMEOUT) {
                // the agent's client gives up when the step's share of the response time is used up
                end = start + Math.min(TIMEOUT_MS, Math.max(budget, modelMs));
            }
            shape.outputTokens = 0;
            cached = 0;
            IncidentOutcome.addIfAbsent(touched, failure.incident());
        } else if (!last && random.nextDouble() < 0.6) {
            // the model asked for tools; they run inside this step
            long cursor = end + 1 + random.nextInt(5);
            int count = 1 + random.nextInt(2);
            for (int i = 0; i < count; i++) {
                cursor = tools.call(run, spanId, cursor, shape, budget / 6) + 1;
            }
            end = cursor + 1 + random.nextInt(5);
            toolCalls = count;
        }
        AgentEvent.Builder e = spans.span(run, spanId, parentSpan, EventKind.LLM_CALL, "chat " + shape.model, start,
                end - start, status, errorType);
        e.setProvider(shape.provider).setModel(shape.model).setInputTokens(Math.round(shape.inputTokens))
                .setOutputTokens(Math.round(shape.outputTokens))
                .setCachedInputTokens(Math.min(cached, Math.round(shape.inputTokens)));
        if (prompt.text() != null) {
            e.setInput(prompt.text());
            IncidentOutcome.addIfAbsent(touched, prompt.injection());
        } else {
            e.setInput(CONTINUATION_INPUT);
        }
        List<PlantedPii> planted = new ArrayList<>(prompt.pii());
        if (status == SpanStatus.OK && completion.text() != null) {
            e.setOutput(completion.text());
            planted.addAll(completion.pii());
            touched.addAll(completion.touched());
        } else if (status == SpanStatus.OK) {
            e.setOutput(toolCalls == 0 ? REASONING_OUTPUT : "Requesting " + (toolCalls == 1 ? "one tool call" : "two tool calls")
                    + " to gather what the answer needs.");
        }
        if (conv != null) {
            e.setUserId(conv.userId).setChannel(conv.channel);
        }
        spans.queue(e, touched, planted);
        return new StepResult(end, status, errorType, failure == null ? null : failure.incident());
    }

    /** Each agent has its own base error rate between 1 % and 3 %. */
    private double baseErrorRate(SimulatedAgent agent) {
        int i = agents.indexOf(agent);
        return 0.01 + ((i * 7) % 10) / 10.0 * 0.02;
    }

    /** The user's input to the first call of a run, with the PII planted in it and a prompt injection, if any. */
    record Prompt(String text, List<PlantedPii> pii, IncidentOutcome injection) {
        static final Prompt NONE = new Prompt(null, List.of(), null);
    }

    /** The run's answer, produced by its last call, with the PII it leaks and the incidents it shows. */
    record Completion(String text, List<PlantedPii> pii, List<IncidentOutcome> touched) {
        static final Completion NONE = new Completion(null, List.of(), List.of());
    }
}
