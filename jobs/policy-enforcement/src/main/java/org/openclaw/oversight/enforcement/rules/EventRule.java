package org.openclaw.oversight.enforcement.rules;

import java.util.Optional;
import org.openclaw.oversight.enforcement.Finding;
import org.openclaw.oversight.enforcement.Judgement;
import org.openclaw.oversight.schema.CleanEvent;

/** A rule judged on one event alone. Called only when the event's agent is governed by the rule. */
public interface EventRule extends Rule {

    Optional<Finding> check(CleanEvent event, Judgement judgement);
}
