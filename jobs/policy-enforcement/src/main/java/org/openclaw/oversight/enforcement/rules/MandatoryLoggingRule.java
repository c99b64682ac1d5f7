package org.openclaw.oversight.enforcement.rules;

import java.util.List;
import org.openclaw.oversight.enforcement.Finding;
import org.openclaw.oversight.enforcement.Judgement;
import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.schema.CleanEvent;

/**
 * mandatory_logging: an outbound channel message has no agent span of its conversation (same agent, user and
 * channel) within {@code enforcement.mandatory_logging_within} before or after it — the agent answered without
 * a trace of how.
 */
public final class MandatoryLoggingRule implements Rule {

    @Override
    public RuleKind kind() {
        return RuleKind.MANDATORY_LOGGING;
    }

    public boolean opens(CleanEvent event) {
        return EventText.isOutbound(event);
    }

    public boolean covers(long spanMs, long messageMs, Judgement judgement) {
        return Math.abs(spanMs - messageMs) <= judgement.enforcement().loggingWithin().toMillis();
    }

    public long deadline(long messageMs, Judgement judgement) {
        return messageMs + judgement.enforcement().loggingWithin().toMillis();
    }

    public Finding finding(CleanEvent message, Judgement judgement) {
        return new Finding(kind(), "no agent trace for the conversation",
                "a trace within " + judgement.enforcement().loggingWithin().toSeconds() + "s", "FIX_INSTRUMENTATION",
                List.of(message.getEventId()));
    }
}
