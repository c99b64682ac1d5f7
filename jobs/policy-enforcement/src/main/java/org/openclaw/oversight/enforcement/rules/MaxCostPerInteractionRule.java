package org.openclaw.oversight.enforcement.rules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openclaw.oversight.enforcement.Finding;
import org.openclaw.oversight.enforcement.Judgement;
import org.openclaw.oversight.policy.RuleKind;

/**
 * max_cost_per_interaction: the summed cost of one interaction (every span of a trace) exceeds the limit.
 * The operator keeps the running sum per trace; the violation is attributed to the span that crossed the
 * limit, once per trace, and the sum is freed {@code enforcement.interaction_idle} after the last span.
 */
public final class MaxCostPerInteractionRule implements Rule {

    @Override
    public RuleKind kind() {
        return RuleKind.MAX_COST_PER_INTERACTION;
    }

    /** The finding when {@code sumEur} (including this span) is above the limit for the first time. */
    public Optional<Finding> crossed(double sumBeforeEur, double sumEur, String eventId, Judgement judgement) {
        double limit = judgement.rules().maxCostPerInteractionEur().orElseThrow();
        if (sumEur <= limit || sumBeforeEur > limit) {
            return Optional.empty();
        }
        return Optional.of(new Finding(kind(), String.format(Locale.ROOT, "%.4f EUR", sumEur), String.format(Locale.ROOT, "%.2f EUR", limit),
                "RATE_LIMIT", List.of(eventId)));
    }
}
