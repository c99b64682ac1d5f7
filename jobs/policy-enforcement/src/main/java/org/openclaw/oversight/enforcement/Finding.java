package org.openclaw.oversight.enforcement;

import java.util.List;
import org.openclaw.oversight.policy.RuleKind;

/** What a rule found, before it becomes a {@link Violation} with the policy's version, node and severity. */
public record Finding(RuleKind rule, String observed, String limit, String action, List<String> evidence) {

    public Finding {
        evidence = List.copyOf(evidence);
    }
}
