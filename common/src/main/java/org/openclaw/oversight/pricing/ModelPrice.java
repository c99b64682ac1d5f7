package org.openclaw.oversight.pricing;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The price of one model, per million tokens, as in pricing.yml.
 *
 * @param provider            gen_ai.provider.name, e.g. {@code anthropic}
 * @param model               gen_ai.request.model, e.g. {@code claude-sonnet-4-6}
 * @param aliases             further model ids priced the same (dated snapshots, deployment names)
 * @param currency            currency of the three prices
 * @param inputPerMTok        price of one million uncached input tokens
 * @param outputPerMTok       price of one million output tokens
 * @param cachedInputPerMTok  price of one million input tokens read from the provider's prompt cache
 */
public record ModelPrice(String provider, String model, List<String> aliases, PriceCurrency currency,
                         double inputPerMTok, double outputPerMTok, double cachedInputPerMTok) implements Serializable {

    public ModelPrice {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(currency, "currency");
        aliases = List.copyOf(aliases);
    }
}
