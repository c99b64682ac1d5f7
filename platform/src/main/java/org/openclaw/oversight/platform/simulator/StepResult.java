package org.openclaw.oversight.platform.simulator;

import org.openclaw.oversight.schema.SpanStatus;

/** How a step of an agent run (an LLM call, a hand-off) ended, so the run knows whether to go on and why it failed. */
record StepResult(long end, SpanStatus status, String errorType, IncidentOutcome failedBy) {
}
