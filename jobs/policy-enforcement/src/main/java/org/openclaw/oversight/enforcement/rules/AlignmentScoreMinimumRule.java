package org.openclaw.oversight.enforcement.rules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openclaw.oversight.enforcement.Finding;
import org.openclaw.oversight.enforcement.Judgement;
import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.schema.CleanEvent;

/** alignment_score_minimum: a span's alignment score (0..1, usually on the AGENT_RUN) is below the minimum. */
public final class AlignmentScoreMinimumRule implements EventRule {

    @Override
    public RuleKind kind() {
        return RuleKind.ALIGNMENT_SCORE_MINIMUM;
    }

    @Override
    public Optional<Finding> check(CleanEvent event, Judgement judgement) {
        if (event.getAgentEvent() == null || event.getAgentEvent().getAlignmentScore() == null) {
            return Optional.empty();
        }
        double minimum = judgement.rules().alignmentScoreMinimum().orElseThrow();
        double score = event.getAgentEvent().getAlignmentScore();
        if (score >= minimum) {
            return Optional.empty();
        }
        return Optional.of(new Finding(kind(), String.format(Locale.ROOT, "%.3f", score), String.format(Locale.ROOT, "%.2f", minimum),
                "PAUSE", List.of(event.getEventId())));
    }
}
