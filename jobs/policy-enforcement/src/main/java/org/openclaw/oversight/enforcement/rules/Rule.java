package org.openclaw.oversight.enforcement.rules;

import java.io.Serializable;
import org.openclaw.oversight.policy.RuleKind;

/**
 * One rule of policies.yml as code. Rules that judge an event on its own are {@link EventRule}s; rules that
 * wait for something (a review, an escalation, the rest of an interaction) keep their state in the operator that
 * runs them and are driven through their own small methods, which the harness tests call through the operator.
 */
public interface Rule extends Serializable {

    /** The rule of policies.yml this class enforces. */
    RuleKind kind();
}
