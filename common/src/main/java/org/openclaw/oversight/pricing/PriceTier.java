package org.openclaw.oversight.pricing;

import java.io.Serializable;
import java.util.Objects;

/**
 * A price that applies to a whole call once its input is larger than a threshold — the long-context
 * rates some providers charge (Anthropic: a request with more than 200K input tokens, cache reads and
 * writes included, is billed entirely at the higher rates, not just the tokens above the threshold).
 *
 * @param aboveInputTokens the tier applies when {@link TokenUsage#totalInputTokens()} is greater than this
 * @param rates            the rates of the whole call in this tier
 */
public record PriceTier(long aboveInputTokens, TokenRates rates) implements Serializable {

    public PriceTier {
        if (aboveInputTokens < 1) {
            throw new IllegalArgumentException("aboveInputTokens must be at least 1: " + aboveInputTokens);
        }
        Objects.requireNonNull(rates, "rates");
    }
}
