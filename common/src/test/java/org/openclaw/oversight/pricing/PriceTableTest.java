package org.openclaw.oversight.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Costs against hand-computed values; the shipped table converts at 0.86 EUR per USD. */
class PriceTableTest {

    static final PriceTable SHIPPED = PriceTable.load(Path.of("../config/pricing.yml"));
    private static final Offset<Double> CENT_FRACTION = within(1e-12);

    @Test
    void theShippedTableHasTheSeedsModels() {
        assertThat(SHIPPED.usdToEur()).isEqualTo(0.86);
        assertThat(SHIPPED.models()).extracting(ModelPrice::provider, ModelPrice::model, ModelPrice::inputPerMTok, ModelPrice::outputPerMTok)
                .containsExactly(
                        Tuple.tuple("anthropic", "claude-sonnet-4-6", 3.0, 15.0),
                        Tuple.tuple("anthropic", "claude-haiku-4-5", 1.0, 5.0),
                        Tuple.tuple("mistral_ai", "mistral-large-2", 3.0, 9.0),
                        Tuple.tuple("openai", "gpt-4o", 5.0, 15.0),
                        Tuple.tuple("self_hosted", "llama-3.1-70b", 0.0, 0.0));
        // Anthropic: cache reads 0.1 ×, 5-minute cache writes 1.25 × the input price
        assertThat(SHIPPED.models()).extracting(ModelPrice::model, ModelPrice::cachedInputPerMTok, ModelPrice::cacheWriteInputPerMTok)
                .contains(Tuple.tuple("claude-sonnet-4-6", 0.30, 3.75), Tuple.tuple("claude-haiku-4-5", 0.10, 1.25),
                        Tuple.tuple("gpt-4o", 2.50, 5.0));
    }

    @Test
    void claudeSonnetWithCacheReads() {
        // 10,000 input of which 4,000 cached, 2,000 output:
        // 6,000 × $3 + 4,000 × $0.30 + 2,000 × $15 = $49,200 per million = $0.0492 → × 0.86 = €0.042312
        assertThat(SHIPPED.costEur("anthropic", "claude-sonnet-4-6", 10_000, 2_000, 4_000).orElseThrow())
                .isCloseTo(0.042312, CENT_FRACTION);
    }

    @Test
    void cacheWritesAreBilledAtTheirOwnRateAndNotAsInputAgain() {
        // 10,000 input = 5,000 uncached + 2,000 cache reads + 3,000 cache writes; 1,000 output:
        // 5,000 × $3 + 2,000 × $0.30 + 3,000 × $3.75 + 1,000 × $15 = $41,850 per million → €0.035991
        assertThat(SHIPPED.costEur("anthropic", "claude-sonnet-4-6", 10_000, 1_000, 2_000, 3_000).orElseThrow())
                .isCloseTo(0.035991, CENT_FRACTION);
        // OpenAI charges nothing extra for writing the cache: written tokens cost the input price
        assertThat(SHIPPED.costEur("openai", "gpt-4o", 1_000, 0, 0, 400))
                .isEqualTo(SHIPPED.costEur("openai", "gpt-4o", 1_000, 0, 0, 0));
    }

    @Test
    void longContextCallsAreBilledEntirelyAtTheTierRates() {
        // 250,000 input (50,000 cache reads), 10,000 output, above 200K:
        // 200,000 × $6 + 50,000 × $0.60 + 10,000 × $22.50 = $1,455,000 per million = $1.455 → €1.2513
        assertThat(SHIPPED.costEur("anthropic", "claude-sonnet-4-6", 250_000, 10_000, 50_000).orElseThrow())
                .isCloseTo(1.2513, CENT_FRACTION);
        // exactly 200K is not above the threshold: 200,000 × $3 = $0.60 → €0.516; one more token is
        assertThat(SHIPPED.costEur("anthropic", "claude-sonnet-4-6", 200_000, 0, 0).orElseThrow()).isCloseTo(0.516, CENT_FRACTION);
        assertThat(SHIPPED.costEur("anthropic", "claude-sonnet-4-6", 200_001, 0, 0).orElseThrow())
                .isCloseTo(200_001 * 6.0 / 1e6 * 0.86, CENT_FRACTION);
        // the threshold counts cache reads and writes: Anthropic-style counts (1,000 uncached + 199,500 read
        // + 500 written = 201,000) are long context: 1,000 × $6 + 199,500 × $0.60 + 500 × $7.50 = $129,450 → €0.111327
        assertThat(SHIPPED.costEur("anthropic", "claude-sonnet-4-6", 1_000, 0, 199_500, 500).orElseThrow())
                .isCloseTo(0.111327, CENT_FRACTION);
        // Haiku has no tier
        assertThat(SHIPPED.costEur("anthropic", "claude-haiku-4-5", 1_000_000, 0, 0).orElseThrow()).isCloseTo(0.86, CENT_FRACTION);
    }

    @Test
    void claudeHaiku() {
        // 1M input + 1M output = $1 + $5 = $6 → €5.16
        assertThat(SHIPPED.costEur("anthropic", "claude-haiku-4-5", 1_000_000, 1_000_000, 0).orElseThrow())
                .isCloseTo(5.16, CENT_FRACTION);
        // 1M input of which half cached: 0.5 × $1 + 0.5 × $0.10 = $0.55 → €0.473
        assertThat(SHIPPED.costEur("anthropic", "claude-haiku-4-5", 1_000_000, 0, 500_000).orElseThrow())
                .isCloseTo(0.473, CENT_FRACTION);
    }

    @Test
    void mistralLarge() {
        // 2,000 × $3 + 500 × $9 = $10,500 per million = $0.0105 → €0.00903
        assertThat(SHIPPED.costEur("mistral_ai", "mistral-large-2", 2_000, 500, 0).orElseThrow())
                .isCloseTo(0.00903, CENT_FRACTION);
    }

    @Test
    void gpt4o() {
        // 800 × $5 + 200 × $2.50 + 1,000 × $15 = $19,500 per million = $0.0195 → €0.01677
        assertThat(SHIPPED.costEur("openai", "gpt-4o", 1_000, 1_000, 200).orElseThrow())
                .isCloseTo(0.01677, CENT_FRACTION);
    }

    @Test
    void selfHostedLlamaIsPricedAtZeroNotUnknown() {
        assertThat(SHIPPED.costEur("self_hosted", "llama-3.1-70b", 50_000, 10_000, 0)).hasValue(0.0);
    }

    @Test
    void unknownModelOrProviderIsEmpty() {
        assertThat(SHIPPED.costEur("anthropic", "claude-opus-9", 1_000, 1_000, 0)).isEmpty();
        assertThat(SHIPPED.costEur("openai", null, 1_000, 1_000, 0)).isEmpty();
        assertThat(SHIPPED.costEur("openai", " ", 1_000, 1_000, 0)).isEmpty();
    }

    @Test
    void aProviderThatPricesModelsNeverFallsBackToAnotherProvidersModel() {
        assertThat(SHIPPED.costEur("openai", "claude-sonnet-4-6", 1_000, 1_000, 0)).isEmpty();
        // Bedrock (an alias of anthropic) also serves Llama, at a price; it must not take the self-hosted 0
        assertThat(SHIPPED.price("aws.bedrock", "meta.llama3-1-70b-instruct-v1:0")).isEmpty();
    }

    @Test
    void providerAliasesAndMissingProviderFindTheModel() {
        double direct = SHIPPED.costEur("anthropic", "claude-sonnet-4-6", 1_000, 100, 0).orElseThrow();
        assertThat(SHIPPED.costEur("aws.bedrock", "claude-sonnet-4-6", 1_000, 100, 0)).hasValue(direct);
        assertThat(SHIPPED.costEur(null, "claude-sonnet-4-6", 1_000, 100, 0)).hasValue(direct);
        assertThat(SHIPPED.costEur("Anthropic", "Claude-Sonnet-4-6", 1_000, 100, 0)).hasValue(direct);
        assertThat(SHIPPED.costEur("azure.ai.openai", "gpt-4o", 1_000_000, 0, 0).orElseThrow()).isCloseTo(4.30, CENT_FRACTION);
        // a provider that prices nothing (a router, Vertex) finds the model by name alone
        assertThat(SHIPPED.costEur("gcp.vertex_ai", "claude-sonnet-4-6@20260217", 1_000, 100, 0)).hasValue(direct);
    }

    @Test
    void fewerInputThanCachedTokensMeansInputWasTheUncachedPart() {
        // Anthropic-style counting (cache reads outside input_tokens): 1,000 uncached + 5,000 cache reads:
        // 1,000 × $3 + 5,000 × $0.30 = $4,500 per million → €0.00387
        assertThat(SHIPPED.costEur("anthropic", "claude-sonnet-4-6", 1_000, 0, 5_000).orElseThrow())
                .isCloseTo(0.00387, CENT_FRACTION);
        assertThat(new TokenUsage(1_000, 0, 5_000, 0).totalInputTokens()).isEqualTo(6_000);
        assertThat(new TokenUsage(6_000, 0, 5_000, 0).totalInputTokens()).isEqualTo(6_000);
        assertThat(new TokenUsage(6_000, 0, 5_000, 1_000).uncachedInputTokens()).isZero();
    }

    @Test
    void negativeTokenCountsAreRejected() {
        assertThatThrownBy(() -> SHIPPED.costEur("openai", "gpt-4o", -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input=-1");
        assertThatThrownBy(() -> SHIPPED.costEur("openai", "gpt-4o", 1, 0, 0, -5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cacheCreationInput=-5");
    }

    @Test
    void aModelPricedByTwoProvidersNeedsTheProvider() {
        PriceTable table = PriceTable.parse("""
                usd_to_eur: 1
                models:
                  - provider: self_hosted
                    model: llama-3.1-70b
                    input_per_mtok: 0
                    output_per_mtok: 0
                  - provider: groq
                    model: llama-3.1-70b
                    input_per_mtok: 0.59
                    output_per_mtok: 0.79
                """, "inline");
        assertThat(table.price("groq", "llama-3.1-70b")).map(ModelPrice::provider).hasValue("groq");
        assertThat(table.price("self_hosted", "Llama-3.1-70B")).map(ModelPrice::provider).hasValue("self_hosted");
        assertThat(table.price(null, "llama-3.1-70b")).as("ambiguous without a provider").isEmpty();
    }

    @Test
    void eurPricesAreNotConvertedAndAliasesAndDefaultsApply() {
        PriceTable table = PriceTable.parse("""
                usd_to_eur: 0.5
                models:
                  - provider: aleph_alpha
                    model: pharia-1-llm-7b
                    aliases: [pharia-1-llm-7b-control]
                    currency: EUR
                    input_per_mtok: 2
                    output_per_mtok: 4
                  - provider: openai
                    model: gpt-4o-mini
                    input_per_mtok: 1
                    output_per_mtok: 2
                """, "inline");
        // 1M × €2 + 1M × €4 = €6, no conversion
        assertThat(table.costEur("aleph_alpha", "pharia-1-llm-7b-control", 1_000_000, 1_000_000, 0)).hasValue(6.0);
        // no cached or cache-write price given: both cost the full input price, $1 per million → €0.50
        assertThat(table.costEur("openai", "gpt-4o-mini", 1_000_000, 0, 1_000_000)).hasValue(0.5);
        assertThat(table.costEur("openai", "gpt-4o-mini", 1_000_000, 0, 0, 1_000_000)).hasValue(0.5);
    }

    @Test
    void tiersWithoutCachePricesChargeTheTierInputPrice() {
        PriceTable table = PriceTable.parse("""
                usd_to_eur: 1
                models:
                  - provider: google
                    model: gemini-x
                    input_per_mtok: 1
                    output_per_mtok: 2
                    cached_input_per_mtok: 0.25
                    tiers:
                      - above_input_tokens: 500000
                        input_per_mtok: 3
                        output_per_mtok: 4
                      - above_input_tokens: 100000
                        input_per_mtok: 2
                        output_per_mtok: 3
                """, "inline");
        // 150,000 input, 50,000 of them cache reads: second tier (above 100K), cache reads at its input price $2
        assertThat(table.costEur("google", "gemini-x", 150_000, 0, 50_000).orElseThrow()).isCloseTo(0.30, CENT_FRACTION);
        // above 500K the highest tier applies, whatever order the file lists them in
        assertThat(table.costEur("google", "gemini-x", 600_000, 1_000_000, 0).orElseThrow()).isCloseTo(1.8 + 4.0, CENT_FRACTION);
        assertThat(table.costEur("google", "gemini-x", 100_000, 0, 100_000).orElseThrow()).isCloseTo(0.025, CENT_FRACTION);
    }

    @Test
    void aCopyPricesEverySpellingTheSame() throws Exception {
        assertThat(SHIPPED.price("aws.bedrock", "eu.anthropic.claude-sonnet-4-6-v1:0")).isPresent(); // fills the cache
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(SHIPPED);
        }
        PriceTable copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (PriceTable) in.readObject();
        }
        assertThat(copy.costEur("aws.bedrock", "eu.anthropic.claude-sonnet-4-6-v1:0", 1_000, 100, 0))
                .isEqualTo(SHIPPED.costEur("anthropic", "claude-sonnet-4-6", 1_000, 100, 0));
        assertThat(copy.price("ollama", "llama3.1:70b-instruct-q4_K_M")).map(ModelPrice::model).hasValue("llama-3.1-70b");
    }
}
