package org.openclaw.oversight.pricing;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openclaw.oversight.config.ConfigErrors;
import org.openclaw.oversight.config.ConfigException;
import org.openclaw.oversight.config.ConfigMapping;
import org.openclaw.oversight.config.ConfigNode;
import org.openclaw.oversight.config.YamlFile;

/**
 * The price table of pricing.yml: what one LLM call costs in EUR.
 *
 * <p>Token semantics follow the OpenTelemetry GenAI conventions: {@code gen_ai.usage.input_tokens}
 * counts <em>all</em> input tokens, including those read from the prompt cache, and
 * {@code gen_ai.usage.cache_read.input_tokens} says how many of them were cache reads. So cached tokens
 * are a subset of input tokens: {@code cost = (input - cached) × input price + cached × cached price +
 * output × output price}. If an agent reports more cached than input tokens (Anthropic's raw API counts
 * them separately, and a careless instrumentation forwards that), the uncached part is taken as 0 rather
 * than negative, so the cost is never below what the cached tokens alone cost.
 *
 * <p>Immutable and serializable, so Flink functions can carry it.
 */
public final class PriceTable implements Serializable {

    private static final double MILLION = 1_000_000.0;

    private final List<ModelPrice> models;
    private final double usdToEur;
    private final Map<String, String> providerAliases;
    private final Map<String, ModelPrice> byProviderAndModel;
    /** provider -> model -> price as spelt in the file: the allocation-free path for the usual exact match. */
    private final Map<String, Map<String, ModelPrice>> exact;
    /** Model id -> price, for events without a provider; only ids priced by exactly one provider. */
    private final Map<String, ModelPrice> byModelAlone;

    PriceTable(List<ModelPrice> models, double usdToEur, Map<String, String> providerAliases) {
        this.models = List.copyOf(models);
        this.usdToEur = usdToEur;
        Map<String, String> aliases = new HashMap<>();
        providerAliases.forEach((alias, provider) -> aliases.put(normalize(alias), normalize(provider)));
        this.providerAliases = Collections.unmodifiableMap(aliases);
        Map<String, ModelPrice> byKey = new HashMap<>();
        Map<String, ModelPrice> byModel = new HashMap<>();
        Map<String, Integer> providersPerModel = new HashMap<>();
        Map<String, Map<String, ModelPrice>> exactIds = new HashMap<>();
        for (ModelPrice price : models) {
            for (String id : ids(price)) {
                exactIds.computeIfAbsent(price.provider(), p -> new HashMap<>()).put(id, price);
                byKey.put(key(price.provider(), id), price);
                byModel.put(normalize(id), price);
                providersPerModel.merge(normalize(id), 1, Integer::sum);
            }
        }
        providersPerModel.forEach((id, count) -> {
            if (count > 1) {
                byModel.remove(id);
            }
        });
        this.byProviderAndModel = Collections.unmodifiableMap(byKey);
        this.byModelAlone = Collections.unmodifiableMap(byModel);
        this.exact = Collections.unmodifiableMap(exactIds);
    }

    /** Loads and validates pricing.yml; throws {@link ConfigException} listing every error in the file. */
    public static PriceTable load(Path file) {
        ConfigErrors errors = new ConfigErrors(file.toString());
        Optional<PriceTable> table = YamlFile.read(file, errors).flatMap(root -> read(root, errors));
        errors.throwIfAny();
        return table.orElseThrow();
    }

    /** Parses a price table given as text; {@code source} names it in errors. */
    public static PriceTable parse(String yaml, String source) {
        ConfigErrors errors = new ConfigErrors(source);
        Optional<PriceTable> table = YamlFile.parse(yaml, errors).flatMap(root -> read(root, errors));
        errors.throwIfAny();
        return table.orElseThrow();
    }

    /**
     * The cost of one call in EUR, or empty when the model is not priced (the caller decides what an
     * unpriced call means; a silent 0 would hide a missing price). {@code provider} may be null or blank:
     * then the model id alone decides, if exactly one provider prices it.
     *
     * @param input       gen_ai.usage.input_tokens — all input tokens, cached ones included
     * @param output      gen_ai.usage.output_tokens
     * @param cachedInput gen_ai.usage.cache_read.input_tokens — the part of {@code input} read from cache
     * @throws IllegalArgumentException if a token count is negative
     */
    public Optional<Double> costEur(String provider, String model, long input, long output, long cachedInput) {
        if (input < 0 || output < 0 || cachedInput < 0) {
            throw new IllegalArgumentException("token counts must not be negative: input=" + input
                    + ", output=" + output + ", cachedInput=" + cachedInput);
        }
        return price(provider, model).map(price -> {
            long uncached = Math.max(0, input - cachedInput);
            double cost = (uncached * price.inputPerMTok() + cachedInput * price.cachedInputPerMTok()
                    + output * price.outputPerMTok()) / MILLION;
            return price.currency() == PriceCurrency.USD ? cost * usdToEur : cost;
        });
    }

    /** The price of a model, looked up as {@link #costEur} does. */
    public Optional<ModelPrice> price(String provider, String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        if (provider == null || provider.isBlank()) {
            return Optional.ofNullable(byModelAlone.get(normalize(model)));
        }
        Map<String, ModelPrice> ofProvider = exact.get(provider);
        ModelPrice exactMatch = ofProvider == null ? null : ofProvider.get(model);
        if (exactMatch != null) {
            return Optional.of(exactMatch);
        }
        String canonical = providerAliases.getOrDefault(normalize(provider), normalize(provider));
        return Optional.ofNullable(byProviderAndModel.get(key(canonical, model)));
    }

    /** Every priced model, in file order. */
    public List<ModelPrice> models() {
        return models;
    }

    public double usdToEur() {
        return usdToEur;
    }

    private static List<String> ids(ModelPrice price) {
        List<String> ids = new ArrayList<>(price.aliases());
        ids.add(0, price.model());
        return ids;
    }

    private static String key(String provider, String model) {
        return normalize(provider) + '\u0000' + normalize(model);
    }

    private static String normalize(String id) {
        return id.trim().toLowerCase(Locale.ROOT);
    }

    private static Optional<PriceTable> read(ConfigMapping root, ConfigErrors errors) {
        PriceCurrency defaultCurrency = root.valueOr("currency", node -> node.choice(PriceCurrency.class), PriceCurrency.USD);
        Optional<Double> usdToEur = root.value("usd_to_eur", node -> node.number(0.01, 100));
        Map<String, String> providerAliases = new LinkedHashMap<>();
        root.get("provider_aliases").flatMap(ConfigNode::mapping).ifPresent(aliases -> {
            for (ConfigNode alias : aliases.entries()) {
                alias.string().ifPresent(provider -> providerAliases.put(alias.key(), provider));
            }
        });
        List<ModelPrice> models = new ArrayList<>();
        Map<String, Integer> seenAt = new HashMap<>();
        root.value("models", ConfigNode::sequence).ifPresent(items -> {
            if (items.isEmpty()) {
                errors.add(root.line(), "models", "no models priced — every LLM call would be unpriced");
            }
            for (ConfigNode item : items) {
                item.mapping().flatMap(entry -> readModel(entry, defaultCurrency)).ifPresent(price -> {
                    for (String id : ids(price)) {
                        Integer earlier = seenAt.putIfAbsent(key(price.provider(), id), item.line());
                        if (earlier != null) {
                            errors.add(item.line(), item.path(), "model '" + price.provider() + "/" + id
                                    + "' is already priced at line " + earlier);
                        }
                    }
                    models.add(price);
                });
            }
        });
        root.rejectUnknownKeys();
        if (!errors.isEmpty() || usdToEur.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PriceTable(models, usdToEur.get(), providerAliases));
    }

    private static Optional<ModelPrice> readModel(ConfigMapping entry, PriceCurrency defaultCurrency) {
        Optional<String> provider = entry.value("provider", ConfigNode::string);
        Optional<String> model = entry.value("model", ConfigNode::string);
        List<String> aliases = new ArrayList<>();
        entry.get("aliases").flatMap(ConfigNode::sequence)
                .ifPresent(items -> items.forEach(item -> item.string().ifPresent(aliases::add)));
        PriceCurrency currency = entry.valueOr("currency", node -> node.choice(PriceCurrency.class), defaultCurrency);
        Optional<Double> input = entry.value("input_per_mtok", node -> node.number(0, 10_000));
        Optional<Double> output = entry.value("output_per_mtok", node -> node.number(0, 10_000));
        // No discount is assumed where none is written down: an unknown cache price must not make calls look cheap.
        Optional<Double> cached = entry.get("cached_input_per_mtok").isPresent()
                ? entry.value("cached_input_per_mtok", node -> node.number(0, 10_000))
                : input;
        entry.rejectUnknownKeys();
        if (provider.isEmpty() || model.isEmpty() || input.isEmpty() || output.isEmpty() || cached.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ModelPrice(provider.get(), model.get(), aliases, currency, input.get(), output.get(), cached.get()));
    }
}
