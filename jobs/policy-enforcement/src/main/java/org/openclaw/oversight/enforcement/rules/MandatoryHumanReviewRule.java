package org.openclaw.oversight.enforcement.rules;

import java.util.List;
import org.openclaw.oversight.enforcement.Finding;
import org.openclaw.oversight.enforcement.Judgement;
import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.enforcement.RuleFacts;
import org.openclaw.oversight.schema.EventKind;

/**
 * mandatory_human_review: a decision of the agent — its successful AGENT_RUN span, the unit that produces an answer — is
 * not followed by a HUMAN_REVIEW span in the same trace within {@code enforcement.human_review_within} of the
 * run's end. A review seen first (spans arrive in any order) counts when it started at or after the run's start.
 */
public final class MandatoryHumanReviewRule implements Rule {

    @Override
    public RuleKind kind() {
        return RuleKind.MANDATORY_HUMAN_REVIEW;
    }

    /** A run that failed (status ERROR or TIMEOUT) decided nothing a person could review: its answer is an apology. */
    public boolean isDecision(RuleFacts event) {
        return event.isSpan(EventKind.AGENT_RUN) && event.ok;
    }

    public boolean isReview(RuleFacts event) {
        return event.isSpan(EventKind.HUMAN_REVIEW);
    }

    public long deadline(RuleFacts decision, Judgement judgement) {
        return decision.endMs + judgement.enforcement().humanReviewWithin().toMillis();
    }

    /** Whether a review at {@code reviewMs} answers a decision that started at {@code decisionMs}. */
    public boolean answers(long reviewMs, long decisionMs, long deadlineMs) {
        return reviewMs >= decisionMs && reviewMs <= deadlineMs;
    }

    public Finding finding(RuleFacts decision, Judgement judgement) {
        return new Finding(kind(), "no HUMAN_REVIEW span", "HUMAN_REVIEW within " + judgement.enforcement().humanReviewWithin().toSeconds() + "s",
                "REVIEW", List.of(decision.eventId));
    }
}
