package org.openclaw.oversight.enforcement.rules;

import java.util.List;
import java.util.Set;
import org.openclaw.oversight.enforcement.ChangeApprovals;
import org.openclaw.oversight.enforcement.Finding;
import org.openclaw.oversight.enforcement.Judgement;
import org.openclaw.oversight.policy.RuleKind;

/**
 * dual_review_for_changes: a new {@code agentVersion} appears in traffic without approvals by
 * {@value ChangeApprovals#REQUIRED} different people ({@code oversight change approve}). The version the job
 * first sees for an agent is its baseline (deployed before oversight watched it); every other version needs the
 * approvals. One violation per unapproved version, attributed to its first event.
 */
public final class DualReviewRule implements Rule {

    @Override
    public RuleKind kind() {
        return RuleKind.DUAL_REVIEW_FOR_CHANGES;
    }

    public boolean approved(Set<String> approvers) {
        return approvers.size() >= ChangeApprovals.REQUIRED;
    }

    public Finding finding(String eventId, String version, Set<String> approvers) {
        return new Finding(kind(), "version " + version + " with " + approvers.size() + " approval(s)",
                ChangeApprovals.REQUIRED + " approvals by different people", "ROLLBACK", List.of(eventId));
    }
}
