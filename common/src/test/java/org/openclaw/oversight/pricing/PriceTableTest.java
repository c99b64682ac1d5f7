package org.openclaw.oversight.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Costs against hand-computed values; the shipped table converts at 0.86 EUR per USD. */
class PriceTableTest {

    private static final PriceTable SHIPPED = PriceTable.load(Path.of("../config/pricing.yml"));
    private static final Offset<Double> CENT_FRACTION = within(1e-12);

    @Test
    void theShippedTableHasTheSeedsModels() {
        assertThat(SHIPPED.usdToEur()).isEqualTo(0.86);
        assertThat(SHIPPED.models()).extracting(ModelPrice::provider, ModelPrice::model, ModelPrice::inputPerMTok, ModelPrice::outputPerMTok)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("anthropic", "claude-sonnet-4-6", 3.0, 15.0),
                        org.assertj.core.groups.Tuple.tuple("anthropic", "claude-haiku-4-5", 1.0, 5.0),
                        org.assertj.core.groups.Tuple.tuple("mistral_ai", "mistral-large-2", 3.0, 9.0),
                        org.assertj.core.groups.Tuple.tuple("openai", "gpt-4o", 5.0, 15.0),
                        org.assertj.core.groups.Tuple.tuple("self_hosted", "llama-3.1-70b", 0.0, 0.0));
    }

    @Test
    void claudeSonnetWithCacheReads() {
        // 10,000 input of which 4,000 cached, 2,000 output:
        // 6,000 × $3 + 4,000 × $0.30 + 2,000 × $15 = $49,200 per million = $0.0492 → × 0.86 = €0.042312
        assertThat(SHIPPED.costEur("anthropic", "claude-sonnet-4-6", 10_000, 2_000, 4_000).orElseThrow())
                .isCloseTo(0.042312, CENT_FRACTION);
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
        assertThat(SHIPPED.costEur("openai", "claude-sonnet-4-6", 1_000, 1_000, 0)).isEmpty();
        assertThat(SHIPPED.costEur("openai", null, 1_000, 1_000, 0)).isEmpty();
        assertThat(SHIPPED.costEur("openai", " ", 1_000, 1_000, 0)).isEmpty();
    }

    @Test
    void providerAliasesAndMissingProviderFindTheModel() {
        double direct = SHIPPED.costEur("anthropic", "claude-sonnet-4-6", 1_000, 100, 0).orElseThrow();
        assertThat(SHIPPED.costEur("aws.bedrock", "claude-sonnet-4-6", 1_000, 100, 0)).hasValue(direct);
        assertThat(SHIPPED.costEur(null, "claude-sonnet-4-6", 1_000, 100, 0)).hasValue(direct);
        assertThat(SHIPPED.costEur("Anthropic", "Claude-Sonnet-4-6", 1_000, 100, 0)).hasValue(direct);
        assertThat(SHIPPED.costEur("azure.ai.openai", "gpt-4o", 1_000_000, 0, 0).orElseThrow()).isCloseTo(4.30, CENT_FRACTION);
    }

    @Test
    void moreCachedThanInputTokensNeverGivesANegativeCost() {
        // Anthropic-style counting (cache reads outside input_tokens): uncached part is taken as 0.
        // 0 × $3 + 5,000 × $0.30 + 0 = $1,500 per million → €0.00129
        assertThat(SHIPPED.costEur("anthropic", "claude-sonnet-4-6", 1_000, 0, 5_000).orElseThrow())
                .isCloseTo(0.00129, CENT_FRACTION);
    }

    @Test
    void negativeTokenCountsAreRejected() {
        assertThatThrownBy(() -> SHIPPED.costEur("openai", "gpt-4o", -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input=-1");
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
        // no cached price given: cache reads cost the full input price, $1 per million → €0.50
        assertThat(table.costEur("openai", "gpt-4o-mini", 1_000_000, 0, 1_000_000)).hasValue(0.5);
    }
}
