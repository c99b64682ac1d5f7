package org.openclaw.oversight.ingestion;

import org.openclaw.oversight.pricing.PriceTable;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.EventKind;

import java.io.Serializable;
import java.util.Optional;

/**
 * Step 5: what an event cost, from pricing.yml. Only {@code LLM_CALL} spans are priced: an
 * {@code AGENT_RUN} that repeats its calls' token totals would otherwise be counted twice, and tool
 * calls, retrievals and hand-offs have no token price (0 EUR). An LLM call whose model is not in the
 * table — after the table's normalisation of model spellings, aliases and patterns — is
 * {@link Price#unpriced()}, never a silent 0: cost-aggregation counts it and alerts {@code UnpricedModel}.
 */
public final class EventPricer implements Serializable {

    /** {@code eur} is null exactly when {@code unpriced}. */
    public record Price(Double eur, boolean unpriced) {
        static final Price FREE = new Price(0.0, false);
        static final Price UNPRICED = new Price(null, true);
    }

    private final PriceTable prices;

    public EventPricer(PriceTable prices) {
        this.prices = prices;
    }

    public Price price(AgentEvent event) {
        if (event.getKind() != EventKind.LLM_CALL) {
            return Price.FREE;
        }
        // cache reads and writes are parts of inputTokens (TokenUsage), each billed at its own rate
        Optional<Double> eur = prices.costEur(event.getProvider(), event.getModel(), event.getInputTokens(),
                event.getOutputTokens(), event.getCachedInputTokens(), event.getCacheCreationInputTokens());
        return eur.map(value -> new Price(value, false)).orElse(Price.UNPRICED);
    }
}
