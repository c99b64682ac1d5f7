package org.openclaw.oversight.cost;

import java.io.Serializable;
import java.time.Duration;
import org.openclaw.oversight.config.AlertThresholds;

/**
 * When {@code UnpricedModel} fires for an agent: more than {@code shareMaximum} of its LLM calls in the
 * last {@code window} had no price, and at least {@code callsMinimum} of them (one stray call is not
 * worth a page). From {@code thresholds.unpriced_*} of config/oversight.yml.
 */
public record UnpricedModelRule(double shareMaximum, long callsMinimum, Duration window) implements Serializable {

    public static final UnpricedModelRule DEFAULTS = of(AlertThresholds.DEFAULTS);

    public UnpricedModelRule {
        if (shareMaximum < 0 || shareMaximum > 1) {
            throw new IllegalArgumentException("shareMaximum must be within 0..1: " + shareMaximum);
        }
        if (callsMinimum < 1) {
            throw new IllegalArgumentException("callsMinimum must be at least 1: " + callsMinimum);
        }
        if (window.toMillis() < AgentWindows.MINUTE_MS || window.toMillis() % AgentWindows.MINUTE_MS != 0) {
            throw new IllegalArgumentException("window must be whole minutes: " + window);
        }
    }

    public static UnpricedModelRule of(AlertThresholds thresholds) {
        return new UnpricedModelRule(thresholds.unpricedShareMaximum(), thresholds.unpricedCallsMinimum(), thresholds.unpricedWindow());
    }

    /** The alert's condition on the calls of one window. */
    boolean breached(long unpricedCalls, long llmCalls) {
        return unpricedCalls >= callsMinimum && llmCalls > 0 && (double) unpricedCalls / llmCalls > shareMaximum;
    }
}
