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
     * and {@link Completion#NONE}.
     */
    StepResult call(RunContext run, String parentSpan, long start, Conversation conv, boolean last, Prompt prompt,
            Completion completion) {
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
        long modelMs = Math.round(Distributions.clamp(Distributions.logNormal(random,
                900 + 2.5 * Math.min(shape.outputTokens, 1500), 0.45), 500, 6_000) * shape.latencyFactor);

        ErrorBurstInjector.Failure failure = incidents.errorBurst().failure(agent, start, baseErrorRate(agent));
        SpanStatus status = SpanStatus.OK;
        String errorType = null;
        long end = start + modelMs;
        if (failure != null) {
            status = random.nextDouble() < 0.3 ? SpanStatus.TIMEOUT : SpanStatus.ERROR;
            errorType = status == SpanStatus.TIMEOUT ? "timeout" : Texts.pick(random, LLM_ERRORS);
            if (status == SpanStatus.TIMEOUT) {
                end = start + TIMEOUT_MS;
            }
            shape.outputTokens = 0;
            cached = 0;
            IncidentOutcome.addIfAbsent(touched, failure.incident());
        } else if (!last && random.nextDouble() < 0.6) {
            // the model asked for tools; they run inside this step
            long cursor = end + 1 + random.nextInt(5);
            int count = 1 + random.nextInt(2);
            for (int i = 0; i < count; i++) {
                cursor = tools.call(run, spanId, cursor, shape) + 1;
            }
            end = cursor + 1 + random.nextInt(5);
        }
        AgentEvent.Builder e = spans.span(run, spanId, parentSpan, EventKind.LLM_CALL, "chat " + shape.model, start,
                end - start, status, errorType);
        e.setProvider(shape.provider).setModel(shape.model).setInputTokens(Math.round(shape.inputTokens))
                .setOutputTokens(Math.round(shape.outputTokens))
                .setCachedInputTokens(Math.min(cached, Math.round(shape.inputTokens)));
        if (prompt.text() != null) {
            e.setInput(prompt.text());
            IncidentOutcome.addIfAbsent(touched, prompt.injection());
        }
        List<PlantedPii> planted = new ArrayList<>(prompt.pii());
        if (status == SpanStatus.OK && completion.text() != null) {
            e.setOutput(completion.text());
            planted.addAll(completion.pii());
            touched.addAll(completion.touched());
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
