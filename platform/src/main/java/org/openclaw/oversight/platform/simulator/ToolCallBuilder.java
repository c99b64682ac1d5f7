package org.openclaw.oversight.platform.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/** A TOOL_CALL span inside an LLM call, from the tools of the agent's category; search tools do a RETRIEVAL. */
final class ToolCallBuilder {
    private static final double TOOL_FAILURE_PROBABILITY = 0.02;
    /** OpenTelemetry GenAI semantic conventions: the arguments of a tool call (as policy-enforcement reads them). */
    static final String TOOL_ARGUMENTS = "gen_ai.tool.call.arguments";

    private final Random random;
    private final SpanFactory spans;
    private final ErrorBurstInjector errorBurst;

    ToolCallBuilder(Random random, SpanFactory spans, ErrorBurstInjector errorBurst) {
        this.random = random;
        this.spans = spans;
        this.errorBurst = errorBurst;
    }

    /**
     * Queues a tool call starting at {@code start}, fitted into {@code budget} ms ({@link ResponseBudget}) and then as
     * slow as the enclosing {@code llmCall}; returns its end. It records its arguments as OpenTelemetry's
     * {@value #TOOL_ARGUMENTS} (without user text, so without the user's PII).
     */
    long call(RunContext run, String parentSpan, long start, LlmCallShape llmCall, long budget) {
        SimulatedAgent agent = run.agent();
        String spanId = spans.newSpanId();
        String tool = Texts.pick(random, tools(agent.category()));
        List<IncidentOutcome> touched = new ArrayList<>(run.everySpan());
        IncidentOutcome.addIfAbsent(touched, llmCall.slowedBy);
        long duration = Math.round(ResponseBudget.fit(
                Math.round(Distributions.clamp(Distributions.logNormal(random, 220, 0.7), 20, 5_000)), budget,
                llmCall.latencyFactor)
                * llmCall.latencyFactor);
        if (tool.startsWith("search_")) {
            long rStart = start + 2 + random.nextInt(5);
            long rDuration = Math.round(ResponseBudget.fit(
                    Math.round(Distributions.clamp(Distributions.logNormal(random, 120, 0.5), 15, 2_000)), budget / 2,
                    llmCall.latencyFactor)
                    * llmCall.latencyFactor);
            AgentEvent.Builder r = spans.span(run, spans.newSpanId(), spanId, EventKind.RETRIEVAL,
                    "retrieve " + (agent.category().equals("high_risk") ? "contracts-index" : "kb-index"), rStart,
                    rDuration, SpanStatus.OK, null);
            r.getAttributes().put("retrieval.documents", Integer.toString(1 + random.nextInt(8)));
            spans.queue(r, touched, List.of());
            duration = Math.max(duration, rStart + rDuration - start + 3);
        }
        ErrorBurstInjector.Failure failure = errorBurst.failure(agent, start, TOOL_FAILURE_PROBABILITY);
        boolean ok = failure == null;
        AgentEvent.Builder e = spans.span(run, spanId, parentSpan, EventKind.TOOL_CALL, "execute_tool " + tool, start,
                duration, ok ? SpanStatus.OK : SpanStatus.ERROR, ok ? null : "tool_error");
        e.setToolName(tool).setToolSuccess(ok);
        e.getAttributes().put(TOOL_ARGUMENTS, arguments(tool));
        if (!ok) {
            IncidentOutcome.addIfAbsent(touched, failure.incident());
        }
        spans.queue(e, touched, List.of());
        return start + duration;
    }

    /** JSON arguments of {@code tool}, naming what the model took from the conversation rather than copying it. */
    private static String arguments(String tool) {
        return switch (tool) {
            case "lookup_order" -> "{\"order_ref\":\"from_conversation\"}";
            case "create_ticket" -> "{\"priority\":\"normal\",\"summary_ref\":\"conversation\"}";
            case "get_account_balance", "create_payment" -> "{\"account_ref\":\"authenticated_user\"}";
            case "parse_cv" -> "{\"document_ref\":\"uploaded_cv\"}";
            case "run_sql_query" -> "{\"query_ref\":\"saved_report\"}";
            case "reset_password" -> "{\"user_ref\":\"authenticated_user\"}";
            default -> "{\"query_ref\":\"user_question\",\"top_k\":5}";
        };
    }

    private static List<String> tools(String category) {
        return switch (category == null ? "" : category) {
            case "customer_facing" -> List.of("lookup_order", "create_ticket", "search_knowledge_base");
            case "high_risk" -> List.of("get_account_balance", "create_payment", "search_contracts");
            case "hr_screening_agent" -> List.of("parse_cv", "search_knowledge_base");
            default -> List.of("run_sql_query", "reset_password", "search_knowledge_base");
        };
    }
}
