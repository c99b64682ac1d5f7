package org.openclaw.oversight.pricing;

/**
 * The token counts of one LLM call, with the one convention every price and aggregate uses.
 *
 * <p><b>Convention (OpenTelemetry GenAI):</b> {@code gen_ai.usage.input_tokens} counts <em>all</em> input
 * tokens — uncached, read from the prompt cache ({@code gen_ai.usage.cache_read.input_tokens}) and written
 * to it ({@code gen_ai.usage.cache_creation.input_tokens}). Cache reads and writes are parts of the input,
 * never added to it. OpenAI's API counts this way ({@code prompt_tokens} includes
 * {@code cached_tokens}); Anthropic's API does not ({@code input_tokens} there is the uncached part only),
 * and the OpenTelemetry instrumentations add the parts up.
 *
 * <p><b>An event that cannot follow the convention</b> — fewer input tokens than cache reads plus writes —
 * must have counted Anthropic's way (an instrumentation forwarding the raw API usage). Its
 * {@code inputTokens} is then taken as the uncached part, and the total is the sum. When input is at least
 * reads plus writes the two conventions cannot be told apart and the OpenTelemetry one is assumed.
 *
 * @param inputTokens      gen_ai.usage.input_tokens as reported
 * @param outputTokens     gen_ai.usage.output_tokens
 * @param cacheReadTokens  gen_ai.usage.cache_read.input_tokens (AgentEvent.cachedInputTokens)
 * @param cacheWriteTokens gen_ai.usage.cache_creation.input_tokens (AgentEvent.cacheCreationInputTokens)
 */
public record TokenUsage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {

    public TokenUsage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: input=" + inputTokens + ", output="
                    + outputTokens + ", cachedInput=" + cacheReadTokens + ", cacheCreationInput=" + cacheWriteTokens);
        }
    }

    /** All input tokens of the call, cache reads and writes included (the long-context threshold counts these). */
    public long totalInputTokens() {
        return totalInputTokens(inputTokens, cacheReadTokens, cacheWriteTokens);
    }

    /** Input tokens neither read from nor written to the cache. */
    public long uncachedInputTokens() {
        return totalInputTokens() - cacheReadTokens - cacheWriteTokens;
    }

    /**
     * All input tokens by the convention above, from raw counts; what aggregates store as input tokens so
     * that {@code input − cache reads − cache writes} is never negative. Allocation-free for hot paths.
     */
    public static long totalInputTokens(long inputTokens, long cacheReadTokens, long cacheWriteTokens) {
        long cached = cacheReadTokens + cacheWriteTokens;
        return inputTokens >= cached ? inputTokens : inputTokens + cached;
    }
}
