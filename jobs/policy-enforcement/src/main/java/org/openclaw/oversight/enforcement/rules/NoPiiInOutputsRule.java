package org.openclaw.oversight.enforcement.rules;

import java.util.List;
import java.util.Optional;
import org.openclaw.oversight.enforcement.Finding;
import org.openclaw.oversight.enforcement.Judgement;
import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.schema.CleanEvent;

/**
 * no_pii_in_outputs: ingestion found PII in what the agent said (an LLM output, a run's answer, an outbound
 * message). {@code CleanEvent.outputPiiTypes} says so; the text itself is already redacted, so the violation
 * names the types only. PII a user typed in is no leak.
 */
public final class NoPiiInOutputsRule implements EventRule {

    @Override
    public RuleKind kind() {
        return RuleKind.NO_PII_IN_OUTPUTS;
    }

    @Override
    public Optional<Finding> check(CleanEvent event, Judgement judgement) {
        List<String> types = event.getOutputPiiTypes();
        if (types == null || types.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(kind(), String.join(",", types) + " in output", "no PII in outputs", "SHUTDOWN",
                List.of(event.getEventId())));
    }
}
