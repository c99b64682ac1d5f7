package org.openclaw.oversight.pricing;

import java.io.Serializable;

/**
 * What one million tokens of each kind cost, in the currency of the {@link ModelPrice} they belong to.
 *
 * @param inputPerMTok      uncached input tokens
 * @param outputPerMTok     output tokens
 * @param cacheReadPerMTok  input tokens read from the provider's prompt cache ({@code cached_input_per_mtok})
 * @param cacheWritePerMTok input tokens written to the prompt cache ({@code cache_write_input_per_mtok})
 */
public record TokenRates(double inputPerMTok, double outputPerMTok, double cacheReadPerMTok, double cacheWritePerMTok)
        implements Serializable {

    private static final double MILLION = 1_000_000.0;

    /** The cost of {@code usage} at these rates, in the rates' currency. */
    public double cost(TokenUsage usage) {
        return (usage.uncachedInputTokens() * inputPerMTok + usage.cacheReadTokens() * cacheReadPerMTok
                + usage.cacheWriteTokens() * cacheWritePerMTok + usage.outputTokens() * outputPerMTok) / MILLION;
    }
}
