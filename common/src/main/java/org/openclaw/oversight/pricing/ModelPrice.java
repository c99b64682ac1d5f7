package org.openclaw.oversight.pricing;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The price of one model, per million tokens, as in pricing.yml.
 *
 * @param provider gen_ai.provider.name, e.g. {@code anthropic}
 * @param model    gen_ai.request.model, e.g. {@code claude-sonnet-4-6}
 * @param aliases  further model ids priced the same (deployment names, Ollama tags, older names)
 * @param match    regular expressions for further ids, matched whole and case-insensitively (see {@link PriceTable})
 * @param currency currency of all prices of this model
 * @param rates    the rates of an ordinary call
 * @param tiers    rates for calls with more input tokens than a threshold, ascending by threshold
 */
public record ModelPrice(String provider, String model, List<String> aliases, List<String> match, PriceCurrency currency,
                         TokenRates rates, List<PriceTier> tiers) implements Serializable {

    public ModelPrice {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(rates, "rates");
        aliases = List.copyOf(aliases);
        match = List.copyOf(match);
        tiers = tiers.stream().sorted(Comparator.comparingLong(PriceTier::aboveInputTokens)).toList();
    }

    /** The rates a call with {@code usage} is billed at: the highest tier whose threshold it exceeds, else {@link #rates}. */
    public TokenRates ratesFor(TokenUsage usage) {
        long input = usage.totalInputTokens();
        TokenRates applicable = rates;
        for (PriceTier tier : tiers) {
            if (input > tier.aboveInputTokens()) {
                applicable = tier.rates();
            }
        }
        return applicable;
    }

    /** The cost of one call in this model's currency. */
    public double cost(TokenUsage usage) {
        return ratesFor(usage).cost(usage);
    }

    public double inputPerMTok() {
        return rates.inputPerMTok();
    }

    public double outputPerMTok() {
        return rates.outputPerMTok();
    }

    public double cachedInputPerMTok() {
        return rates.cacheReadPerMTok();
    }

    public double cacheWriteInputPerMTok() {
        return rates.cacheWritePerMTok();
    }
}
