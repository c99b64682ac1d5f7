package org.openclaw.oversight.enforcement.rules;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openclaw.oversight.enforcement.Finding;
import org.openclaw.oversight.enforcement.Judgement;
import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.EventKind;

/** max_response_time: an agent run (AGENT_RUN span) took longer than the limit. */
public final class MaxResponseTimeRule implements EventRule {

    @Override
    public RuleKind kind() {
        return RuleKind.MAX_RESPONSE_TIME;
    }

    @Override
    public Optional<Finding> check(CleanEvent event, Judgement judgement) {
        if (!EventText.isSpan(event, EventKind.AGENT_RUN)) {
            return Optional.empty();
        }
        Duration limit = judgement.rules().maxResponseTime().orElseThrow();
        long took = event.getAgentEvent().getDurationMs();
        if (took <= limit.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(kind(), took + "ms", limit.toMillis() + "ms", "ALERT", List.of(event.getEventId())));
    }
}
