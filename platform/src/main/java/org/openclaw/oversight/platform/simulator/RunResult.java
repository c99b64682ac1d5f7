package org.openclaw.oversight.platform.simulator;

import java.util.List;

/**
 * How an agent run ended and what it answered, so the caller can place the outbound message or close the hand-off
 * span; {@code leakedPii} and {@code outputTouched} are what the answer carries.
 */
record RunResult(long end, String answer, boolean ok, List<PlantedPii> leakedPii, List<IncidentOutcome> outputTouched) {
}
