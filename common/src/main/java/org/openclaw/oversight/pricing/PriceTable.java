package org.openclaw.oversight.pricing;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openclaw.oversight.config.ConfigErrors;
import org.openclaw.oversight.config.ConfigException;
import org.openclaw.oversight.config.ConfigMapping;
import org.openclaw.oversight.config.ConfigNode;
import org.openclaw.oversight.config.YamlFile;

/**
 * The price table of pricing.yml: what one LLM call costs in EUR.
 *
 * <p><b>Tokens</b> follow {@link TokenUsage}: input tokens include cache reads and cache writes, each
 * part is billed at its own rate, and a call above a {@link PriceTier} threshold is billed at that
 * tier's rates entirely.
 *
 * <p><b>Finding a model.</b> Clients name one model many ways; a name that finds no price makes the call
 * unpriced (never a silent 0). In order:
 * <ol>
 *   <li>provider and model exactly as written in the file (the allocation-free path of the usual case);</li>
 *   <li>with a provider that prices models — as given, then its {@code provider_aliases} target — that
 *       provider's models by {@link ModelIds#normalize normalised} name or alias, then its models'
 *       {@code match} patterns (tried on the lower-cased id as sent and on its normalised form);</li>
 *   <li>with no provider, or one that prices nothing ({@code gcp.vertex_ai}, {@code openai.chat}, a
 *       router), the normalised name or alias alone, if exactly one model has it. Patterns are not tried
 *       here: they are written for one provider's naming, and applied to another provider's events they
 *       could price a paid model with a self-hosted model's 0.</li>
 * </ol>
 * A provider that prices models never falls back to another provider's: {@code aws.bedrock} (an alias of
 * {@code anthropic}) with a Llama model stays unpriced rather than taking the self-hosted Llama's 0.
 *
 * <p>Loading rejects ambiguity: two models of one provider with the same normalised name or alias, an
 * alias also claimed by a model of another provider, and a pattern that matches a name or alias of
 * another model.
 *
 * <p>Immutable and serializable, so Flink functions can carry it. Resolved spellings are cached per
 * instance (bounded), so the normalisation runs once per distinct spelling, not per event.
 */
public final class PriceTable implements Serializable {

    private static final long serialVersionUID = 2L;
    private static final int MAX_CACHED_SPELLINGS = 10_000;
    private static final char SEPARATOR = '\u0000';

    private final List<ModelPrice> models;
    private final double usdToEur;
    private final Map<String, String> providerAliases;
    /** Providers that price at least one model (normalised). */
    private final Set<String> pricingProviders;
    /** provider -> model -> price as spelt in the file: the allocation-free path for the usual exact match. */
    private final Map<String, Map<String, ModelPrice>> exact;
    /** normalised provider + SEPARATOR + normalised model id or alias -> price. */
    private final Map<String, ModelPrice> byProviderAndKey;
    /** normalised model id or alias -> price, for events without a pricing provider; only keys of exactly one model. */
    private final Map<String, ModelPrice> byKeyAlone;
    /** normalised provider -> its models' patterns, in file order. */
    private final Map<String, List<ModelPattern>> patterns;
    /** provider as sent ('' for none) -> model as sent -> what it resolved to; two levels, so a hit allocates nothing. */
    private transient volatile Map<String, Map<String, Optional<ModelPrice>>> resolved;
    private transient AtomicInteger resolvedCount;

    /** One compiled {@code match} pattern and the model it prices. */
    private record ModelPattern(Pattern pattern, ModelPrice price) implements Serializable {
        boolean matches(String lowerCased, String normalized) {
            return pattern.matcher(lowerCased).matches() || pattern.matcher(normalized).matches();
        }
    }

    PriceTable(List<ModelPrice> models, double usdToEur, Map<String, String> providerAliases) {
        this.models = List.copyOf(models);
        this.usdToEur = usdToEur;
        Map<String, String> aliases = new HashMap<>();
        providerAliases.forEach((alias, provider) -> aliases.put(ModelIds.provider(alias), ModelIds.provider(provider)));
        this.providerAliases = Collections.unmodifiableMap(aliases);
        Map<String, Map<String, ModelPrice>> exactIds = new HashMap<>();
        Map<String, ModelPrice> byKey = new HashMap<>();
        Map<String, ModelPrice> alone = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        Map<String, List<ModelPattern>> byProvider = new HashMap<>();
        Set<String> providers = new HashSet<>();
        for (ModelPrice price : models) {
            String provider = ModelIds.provider(price.provider());
            providers.add(provider);
            for (String id : ids(price)) {
                exactIds.computeIfAbsent(price.provider(), p -> new HashMap<>()).putIfAbsent(id, price);
                String key = ModelIds.normalize(id);
                byKey.putIfAbsent(provider + SEPARATOR + key, price);
                ModelPrice other = alone.putIfAbsent(key, price);
                if (other != null && other != price) {
                    ambiguous.add(key);
                }
            }
            for (String regex : price.match()) {
                byProvider.computeIfAbsent(provider, p -> new ArrayList<>()).add(new ModelPattern(compile(regex), price));
            }
        }
        ambiguous.forEach(alone::remove);
        this.exact = Collections.unmodifiableMap(exactIds);
        this.byProviderAndKey = Collections.unmodifiableMap(byKey);
        this.byKeyAlone = Collections.unmodifiableMap(alone);
        this.patterns = Collections.unmodifiableMap(byProvider);
        this.pricingProviders = Collections.unmodifiableSet(providers);
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

    /** {@link #costEur(String, String, TokenUsage)} without cache writes. */
    public Optional<Double> costEur(String provider, String model, long input, long output, long cachedInput) {
        return costEur(provider, model, new TokenUsage(input, output, cachedInput, 0));
    }

    /**
     * {@link #costEur(String, String, TokenUsage)} from the counts of an event.
     *
     * @param input              gen_ai.usage.input_tokens — all input tokens, cache reads and writes included
     * @param output             gen_ai.usage.output_tokens
     * @param cachedInput        gen_ai.usage.cache_read.input_tokens
     * @param cacheCreationInput gen_ai.usage.cache_creation.input_tokens
     * @throws IllegalArgumentException if a token count is negative
     */
    public Optional<Double> costEur(String provider, String model, long input, long output, long cachedInput,
            long cacheCreationInput) {
        return costEur(provider, model, new TokenUsage(input, output, cachedInput, cacheCreationInput));
    }

    /**
     * The cost of one call in EUR, or empty when the model is not priced (the caller decides what an
     * unpriced call means; a silent 0 would hide a missing price). {@code provider} may be null or blank.
     */
    public Optional<Double> costEur(String provider, String model, TokenUsage usage) {
        return price(provider, model).map(price -> {
            double cost = price.cost(usage);
            return price.currency() == PriceCurrency.USD ? cost * usdToEur : cost;
        });
    }

    /** The price of a model, looked up as the class comment describes. */
    public Optional<ModelPrice> price(String provider, String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        if (provider != null) {
            Map<String, ModelPrice> ofProvider = exact.get(provider);
            ModelPrice exactMatch = ofProvider == null ? null : ofProvider.get(model);
            if (exactMatch != null) {
                return Optional.of(exactMatch);
            }
        }
        Map<String, Map<String, Optional<ModelPrice>>> cache = resolvedSpellings();
        String providerKey = provider == null ? "" : provider;
        Map<String, Optional<ModelPrice>> ofProvider = cache.get(providerKey);
        Optional<ModelPrice> known = ofProvider == null ? null : ofProvider.get(model);
        if (known != null) {
            return known;
        }
        Optional<ModelPrice> found = Optional.ofNullable(resolve(provider, model));
        if (resolvedCount.get() < MAX_CACHED_SPELLINGS
                && cache.computeIfAbsent(providerKey, p -> new ConcurrentHashMap<>()).putIfAbsent(model, found) == null) {
            resolvedCount.incrementAndGet();
        }
        return found;
    }

    /** Every priced model, in file order. */
    public List<ModelPrice> models() {
        return models;
    }

    public double usdToEur() {
        return usdToEur;
    }

    private ModelPrice resolve(String provider, String model) {
        String lowerCased = model.trim().toLowerCase(Locale.ROOT);
        String key = ModelIds.normalize(model);
        if (provider != null && !provider.isBlank()) {
            String given = ModelIds.provider(provider);
            boolean pricingProvider = false;
            for (String candidate : providerChain(given)) {
                if (!pricingProviders.contains(candidate)) {
                    continue;
                }
                pricingProvider = true;
                ModelPrice byName = byProviderAndKey.get(candidate + SEPARATOR + key);
                if (byName != null) {
                    return byName;
                }
                for (ModelPattern pattern : patterns.getOrDefault(candidate, List.of())) {
                    if (pattern.matches(lowerCased, key)) {
                        return pattern.price();
                    }
                }
            }
            if (pricingProvider) {
                return null;
            }
        }
        return byKeyAlone.get(key);
    }

    private List<String> providerChain(String provider) {
        String target = providerAliases.get(provider);
        return target == null || target.equals(provider) ? List.of(provider) : List.of(provider, target);
    }

    private Map<String, Map<String, Optional<ModelPrice>>> resolvedSpellings() {
        Map<String, Map<String, Optional<ModelPrice>>> cache = resolved;
        if (cache == null) {
            synchronized (this) {
                cache = resolved;
                if (cache == null) {
                    resolvedCount = new AtomicInteger();
                    cache = new ConcurrentHashMap<>();
                    resolved = cache;
                }
            }
        }
        return cache;
    }

    private static List<String> ids(ModelPrice price) {
        List<String> ids = new ArrayList<>(price.aliases());
        ids.add(0, price.model());
        return ids;
    }

    private static Pattern compile(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    // ---- reading and validating pricing.yml ----------------------------------------------------------

    /** A model id or alias as written, with where it was written. */
    private record NamedId(String spelling, String key, boolean alias, int line, String path) {}

    /** A model entry being read: its price, where it is, its ids and patterns. */
    private record Entry(ModelPrice price, int line, String path, List<NamedId> ids, List<ConfigNode> patternNodes) {
        String name() {
            return price.provider() + "/" + price.model();
        }
    }

    private static Optional<PriceTable> read(ConfigMapping root, ConfigErrors errors) {
        PriceCurrency defaultCurrency = root.valueOr("currency", node -> node.choice(PriceCurrency.class), PriceCurrency.USD);
        Optional<Double> usdToEur = root.value("usd_to_eur", node -> node.number(0.01, 100));
        Map<String, String> providerAliases = new LinkedHashMap<>();
        Map<String, ConfigNode> aliasNodes = new LinkedHashMap<>();
        root.get("provider_aliases").flatMap(ConfigNode::mapping).ifPresent(aliases -> {
            for (ConfigNode alias : aliases.entries()) {
                alias.string().ifPresent(provider -> {
                    providerAliases.put(alias.key(), provider);
                    aliasNodes.put(alias.key(), alias);
                });
            }
        });
        List<Entry> entries = new ArrayList<>();
        root.value("models", ConfigNode::sequence).ifPresent(items -> {
            if (items.isEmpty()) {
                errors.add(root.line(), "models", "no models priced — every LLM call would be unpriced");
            }
            for (ConfigNode item : items) {
                item.mapping().flatMap(entry -> readModel(item, entry, defaultCurrency)).ifPresent(entries::add);
            }
        });
        root.rejectUnknownKeys();
        checkNamesAreUnambiguous(entries, errors);
        checkPatterns(entries, errors);
        checkProviderAliases(providerAliases, aliasNodes, entries);
        if (!errors.isEmpty() || usdToEur.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PriceTable(entries.stream().map(Entry::price).toList(), usdToEur.get(), providerAliases));
    }

    private static Optional<Entry> readModel(ConfigNode item, ConfigMapping entry, PriceCurrency defaultCurrency) {
        Optional<String> provider = entry.value("provider", ConfigNode::string);
        Optional<String> model = entry.value("model", ConfigNode::string);
        List<ConfigNode> aliasNodes = new ArrayList<>();
        entry.get("aliases").flatMap(ConfigNode::sequence).ifPresent(aliasNodes::addAll);
        List<String> aliases = new ArrayList<>();
        List<NamedId> aliasIds = new ArrayList<>();
        for (ConfigNode alias : aliasNodes) {
            alias.string().ifPresent(text -> {
                aliases.add(text);
                aliasIds.add(new NamedId(text, ModelIds.normalize(text), true, alias.line(), alias.path()));
            });
        }
        List<ConfigNode> patternNodes = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        entry.get("match").flatMap(ConfigNode::sequence).ifPresent(items -> {
            for (ConfigNode pattern : items) {
                pattern.string().ifPresent(text -> {
                    patternNodes.add(pattern);
                    patterns.add(text);
                });
            }
        });
        PriceCurrency currency = entry.valueOr("currency", node -> node.choice(PriceCurrency.class), defaultCurrency);
        Optional<TokenRates> rates = readRates(entry);
        List<PriceTier> tiers = new ArrayList<>();
        boolean tiersValid = entry.get("tiers").flatMap(ConfigNode::sequence).map(items -> readTiers(items, tiers)).orElse(true);
        entry.rejectUnknownKeys();
        if (provider.isEmpty() || model.isEmpty() || rates.isEmpty() || !tiersValid) {
            return Optional.empty();
        }
        ModelPrice price = new ModelPrice(provider.get(), model.get(), aliases, patterns, currency, rates.get(), tiers);
        List<NamedId> ids = new ArrayList<>();
        // a duplicated model is reported on its entry's first line, where a reader looks for it
        ids.add(new NamedId(model.get(), ModelIds.normalize(model.get()), false, item.line(), item.path()));
        ids.addAll(aliasIds);
        return Optional.of(new Entry(price, item.line(), item.path(), ids, patternNodes));
    }

    /**
     * The four rates of a model or tier. No discount is assumed where none is written down: an unknown
     * cache price must not make calls look cheap, so cache reads and writes default to the input price
     * (which is also right for providers that charge nothing extra for cache writes).
     */
    private static Optional<TokenRates> readRates(ConfigMapping entry) {
        Optional<Double> input = entry.value("input_per_mtok", node -> node.number(0, 10_000));
        Optional<Double> output = entry.value("output_per_mtok", node -> node.number(0, 10_000));
        Optional<Double> cacheRead = entry.get("cached_input_per_mtok").isPresent()
                ? entry.value("cached_input_per_mtok", node -> node.number(0, 10_000)) : input;
        Optional<Double> cacheWrite = entry.get("cache_write_input_per_mtok").isPresent()
                ? entry.value("cache_write_input_per_mtok", node -> node.number(0, 10_000)) : input;
        if (input.isEmpty() || output.isEmpty() || cacheRead.isEmpty() || cacheWrite.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TokenRates(input.get(), output.get(), cacheRead.get(), cacheWrite.get()));
    }

    private static boolean readTiers(List<ConfigNode> items, List<PriceTier> tiers) {
        boolean valid = true;
        Map<Long, Integer> thresholds = new HashMap<>();
        for (ConfigNode item : items) {
            Optional<ConfigMapping> tier = item.mapping();
            if (tier.isEmpty()) {
                valid = false;
                continue;
            }
            Optional<ConfigNode> thresholdNode = tier.get().require("above_input_tokens");
            Optional<Long> threshold = thresholdNode.flatMap(node -> node.wholeNumber(1, 1_000_000_000L));
            Optional<TokenRates> rates = readRates(tier.get());
            tier.get().rejectUnknownKeys();
            if (threshold.isEmpty() || rates.isEmpty()) {
                valid = false;
                continue;
            }
            Integer earlier = thresholds.putIfAbsent(threshold.get(), thresholdNode.get().line());
            if (earlier != null) {
                // reported, and the file is rejected; the model stays for the cross-checks of the other models
                thresholdNode.get().error("a tier above " + threshold.get() + " input tokens is already defined at line " + earlier);
                continue;
            }
            tiers.add(new PriceTier(threshold.get(), rates.get()));
        }
        return valid;
    }

    /**
     * Two models of one provider must not share a normalised name or alias (which price would a call
     * get?), and an alias must not be claimed by a model of another provider either. Two providers may
     * price the same model name (a model hosted twice): the event's provider then decides.
     */
    private static void checkNamesAreUnambiguous(List<Entry> entries, ConfigErrors errors) {
        Map<String, Entry> firstOwner = new HashMap<>();
        Map<String, NamedId> firstId = new HashMap<>();
        for (Entry entry : entries) {
            Set<String> ownKeys = new HashSet<>();
            for (NamedId id : entry.ids()) {
                if (!ownKeys.add(id.key())) {
                    continue; // the same model named twice, e.g. an alias that only differs in case
                }
                Entry owner = firstOwner.putIfAbsent(id.key(), entry);
                NamedId earlier = firstId.putIfAbsent(id.key(), id);
                if (owner == null) {
                    continue;
                }
                boolean sameProvider = ModelIds.provider(owner.price().provider()).equals(ModelIds.provider(entry.price().provider()));
                if (sameProvider) {
                    String as = earlier.spelling().equals(id.spelling()) ? ""
                            : " as '" + earlier.spelling() + "' (both read as '" + id.key() + "')";
                    errors.add(id.line(), id.path(), "model '" + entry.price().provider() + "/" + id.spelling()
                            + "' is already priced at line " + earlier.line() + as);
                } else if (id.alias() || earlier.alias()) {
                    errors.add(id.line(), id.path(), "'" + id.spelling() + "' is claimed by two models: " + entry.name()
                            + " and " + owner.name() + " (line " + earlier.line() + ", as '" + earlier.spelling()
                            + "') — an alias must name one model only");
                }
            }
        }
    }

    /** Patterns must compile and must not match a name or alias of another model: over-matching would misprice it. */
    private static void checkPatterns(List<Entry> entries, ConfigErrors errors) {
        for (Entry entry : entries) {
            for (ConfigNode node : entry.patternNodes()) {
                String regex = node.string().orElseThrow();
                Pattern pattern;
                try {
                    pattern = compile(regex);
                } catch (PatternSyntaxException e) {
                    node.error("invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
                    continue;
                }
                for (Entry other : entries) {
                    if (other == entry) {
                        continue;
                    }
                    for (NamedId id : other.ids()) {
                        String lowerCased = id.spelling().toLowerCase(Locale.ROOT);
                        if (pattern.matcher(lowerCased).matches() || pattern.matcher(id.key()).matches()) {
                            node.error("pattern '" + regex + "' also matches '" + id.spelling() + "', a name of " + other.name()
                                    + " (line " + id.line() + ") — make the pattern stricter");
                        }
                    }
                }
            }
        }
    }

    private static void checkProviderAliases(Map<String, String> providerAliases, Map<String, ConfigNode> nodes, List<Entry> entries) {
        Set<String> providers = new HashSet<>();
        entries.forEach(entry -> providers.add(ModelIds.provider(entry.price().provider())));
        if (providers.isEmpty()) {
            return; // the models themselves are in error; nothing to check against
        }
        providerAliases.forEach((alias, provider) -> {
            if (!providers.contains(ModelIds.provider(provider))) {
                nodes.get(alias).error("provider alias '" + alias + "' points to '" + provider + "', which prices no model (known: "
                        + String.join(", ", new TreeSet<>(providers)) + ")");
            }
        });
    }
}
