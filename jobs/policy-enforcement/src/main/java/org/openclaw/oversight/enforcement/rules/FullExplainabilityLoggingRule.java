package org.openclaw.oversight.enforcement.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openclaw.oversight.enforcement.Finding;
import org.openclaw.oversight.enforcement.Judgement;
import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * full_explainability_logging: an LLM call without its recorded prompt, or (when it succeeded) its completion;
 * a tool call without its arguments (the span's input or the OpenTelemetry attribute
 * {@value #TOOL_ARGUMENTS}). Events whose text ingestion removed on purpose (sampled out, batch-scanned
 * copies) are not judged.
 */
public final class FullExplainabilityLoggingRule implements EventRule {

    /** OpenTelemetry GenAI semantic conventions: the arguments of a tool call. */
    public static final String TOOL_ARGUMENTS = "gen_ai.tool.call.arguments";

    @Override
    public RuleKind kind() {
        return RuleKind.FULL_EXPLAINABILITY_LOGGING;
    }

    @Override
    public Optional<Finding> check(CleanEvent event, Judgement judgement) {
        AgentEvent span = event.getAgentEvent();
        if (span == null || !EventText.hasRecordedText(event)) {
            return Optional.empty();
        }
        String missing = null;
        if (span.getKind() == EventKind.LLM_CALL) {
            if (EventText.empty(span.getInput())) {
                missing = "LLM call without recorded input";
            } else if (span.getStatus() == SpanStatus.OK && EventText.empty(span.getOutput())) {
                missing = "LLM call without recorded output";
            }
        } else if (span.getKind() == EventKind.TOOL_CALL) {
            Map<String, String> attributes = span.getAttributes();
            boolean hasArguments = !EventText.empty(span.getInput())
                    || (attributes != null && !EventText.empty(attributes.get(TOOL_ARGUMENTS)));
            if (!hasArguments) {
                missing = "tool call without recorded arguments";
            }
        }
        return missing == null ? Optional.empty()
                : Optional.of(new Finding(kind(), missing, "input, output and tool arguments recorded", "FIX_INSTRUMENTATION",
                        List.of(event.getEventId())));
    }
}
