package org.openclaw.oversight.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real-world spellings of the shipped models, as SDKs, routers and clouds send them, against the
 * repository's config/pricing.yml: each finds its model, and near misses — other models of the same
 * family — find none (an unpriced call is alerted; a wrong price is silent).
 */
class ModelSpellingsTest {

    private static final PriceTable SHIPPED = PriceTableTest.SHIPPED;

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            // Claude Sonnet 4.6: Anthropic API, SDK display spellings, Bedrock (with region profiles and ARNs), Vertex, routers
            "anthropic,          claude-sonnet-4-6,                                    claude-sonnet-4-6",
            "anthropic,          claude-sonnet-4.6,                                    claude-sonnet-4-6",
            "anthropic,          Claude-Sonnet-4.6,                                    claude-sonnet-4-6",
            "anthropic,          ' claude-sonnet-4-6 ',                                claude-sonnet-4-6",
            "anthropic,          claude-sonnet-4-6-20260217,                           claude-sonnet-4-6",
            "anthropic,          claude-sonnet-4-6-latest,                             claude-sonnet-4-6",
            "aws.bedrock,        anthropic.claude-sonnet-4-6,                          claude-sonnet-4-6",
            "aws.bedrock,        anthropic.claude-sonnet-4-6-v1:0,                     claude-sonnet-4-6",
            "aws.bedrock,        eu.anthropic.claude-sonnet-4-6-v1:0,                  claude-sonnet-4-6",
            "aws.bedrock,        us.anthropic.claude-sonnet-4-6-v1:0,                  claude-sonnet-4-6",
            "aws.bedrock,        global.anthropic.claude-sonnet-4-6,                   claude-sonnet-4-6",
            "aws.bedrock,        apac.anthropic.claude-sonnet-4-6-20260217-v1:0,       claude-sonnet-4-6",
            "aws.bedrock,        arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-6-v1:0, claude-sonnet-4-6",
            "gcp.vertex_ai,      claude-sonnet-4-6@20260217,                           claude-sonnet-4-6",
            "gcp.vertex_ai,      publishers/anthropic/models/claude-sonnet-4-6@default, claude-sonnet-4-6",
            "openrouter,         anthropic/claude-sonnet-4.6,                          claude-sonnet-4-6",
            "anthropic.messages, claude-sonnet-4-6,                                    claude-sonnet-4-6",
            "-,                  claude-sonnet-4.6,                                    claude-sonnet-4-6",
            "'',                 eu.anthropic.claude-sonnet-4-6-v1:0,                  claude-sonnet-4-6",
            // Claude Haiku 4.5
            "anthropic,          claude-haiku-4-5-20251001,                            claude-haiku-4-5",
            "anthropic,          claude-haiku-4.5,                                     claude-haiku-4-5",
            "aws.bedrock,        anthropic.claude-haiku-4-5-20251001-v1:0,             claude-haiku-4-5",
            "aws.bedrock,        eu.anthropic.claude-haiku-4-5-20251001-v1:0,          claude-haiku-4-5",
            "gcp.vertex_ai,      claude-haiku-4-5@20251001,                            claude-haiku-4-5",
            // GPT-4o: dated snapshots, Azure and router prefixes, Vercel AI SDK provider ids
            "openai,             gpt-4o-2024-08-06,                                    gpt-4o",
            "openai,             gpt-4o-2024-05-13,                                    gpt-4o",
            "openai,             gpt-4o-2024-11-20,                                    gpt-4o",
            "openai,             GPT-4o,                                               gpt-4o",
            "azure.ai.openai,    gpt-4o,                                               gpt-4o",
            "azure.ai.openai,    azure/gpt-4o-2024-08-06,                              gpt-4o",
            "openai.chat,        gpt-4o,                                               gpt-4o",
            "openai.responses,   openai/gpt-4o,                                        gpt-4o",
            "litellm,            openai/gpt-4o-2024-08-06,                             gpt-4o",
            // Mistral Large 2: dated versions, Bedrock
            "mistral_ai,         mistral-large-2407,                                   mistral-large-2",
            "mistral_ai,         mistral-large-2411,                                   mistral-large-2",
            "mistral,            mistral/mistral-large-2407,                           mistral-large-2",
            "mistral.chat,       mistral-large-2,                                      mistral-large-2",
            "-,                  mistral.mistral-large-2407-v1:0,                      mistral-large-2",
            // Llama 3.1 70B self-hosted: Ollama tags, vLLM's Hugging Face id
            "self_hosted,        llama-3.1-70b,                                        llama-3.1-70b",
            "self_hosted,        llama-3-1-70b,                                        llama-3.1-70b",
            "ollama,             llama3.1:70b,                                         llama-3.1-70b",
            "ollama,             llama3.1:70b-instruct-q4_K_M,                         llama-3.1-70b",
            "ollama,             llama3.1:70b-instruct-fp16,                           llama-3.1-70b",
            "self_hosted,        meta-llama/Llama-3.1-70B-Instruct,                    llama-3.1-70b",
            "-,                  llama3.1:70b,                                         llama-3.1-70b",
    })
    void aSpellingFindsItsModel(String provider, String model, String expected) {
        assertThat(SHIPPED.price(provider, model)).as("%s / %s", provider, model).map(ModelPrice::model).hasValue(expected);
    }

    @ParameterizedTest(name = "{0} / {1} is unpriced")
    @CsvSource(nullValues = "-", value = {
            // other models of the same families are not these models
            "openai,             gpt-4o-mini",
            "openai,             gpt-4o-mini-2024-07-18",
            "openai,             openai/gpt-4o-mini",
            "azure.ai.openai,    azure/gpt-4o-mini",
            "openai,             gpt-4o-audio-preview",
            "openai,             gpt-4o-realtime-preview-2024-12-17",
            "openai,             chatgpt-4o-latest",
            "openai,             gpt-4",
            "openai,             gpt-4.1",
            "openai,             ft:gpt-4o-2024-08-06:acme::abc123",
            "anthropic,          claude-sonnet-4-5",
            "anthropic,          claude-sonnet-4.5",
            "anthropic,          claude-sonnet-4-5-20250929",
            "aws.bedrock,        eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "anthropic,          claude-sonnet-4",
            "anthropic,          claude-sonnet-4-6-1m",
            "anthropic,          claude-3-5-sonnet-latest",
            "anthropic,          claude-haiku-4",
            "anthropic,          claude-3-5-haiku-20241022",
            "anthropic,          claude-opus-4-6",
            "mistral_ai,         mistral-large-latest",
            "mistral_ai,         mistral-large-2512",
            "mistral_ai,         mistral-medium-2505",
            "self_hosted,        llama-3.1-8b",
            "self_hosted,        llama-3.1-405b",
            "ollama,             llama3.2:70b",
            // paid hosts of the same weights must not get the self-hosted 0
            "groq,               llama-3.1-70b-versatile",
            "together,           meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo",
            "nebius,             meta-llama/Llama-3.1-70B-Instruct",
            "aws.bedrock,        meta.llama3-1-70b-instruct-v1:0",
            "-,                  llama3.1:70b-instruct-q4_K_M",
            // a known provider does not borrow another provider's model
            "openai,             claude-sonnet-4-6",
            "anthropic,          gpt-4o",
    })
    void aNearMissIsNotPriced(String provider, String model) {
        assertThat(SHIPPED.price(provider, model)).as("%s / %s", provider, model).isEmpty();
    }

    @Test
    void haikuIsNeverPricedAsSonnet() {
        ModelPrice haiku = SHIPPED.price("anthropic", "claude-haiku-4.5").orElseThrow();
        assertThat(haiku.inputPerMTok()).isEqualTo(1.0);
        assertThat(haiku.outputPerMTok()).isEqualTo(5.0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "claude-sonnet-4.6,                                   claude-sonnet-4-6",
            "eu.anthropic.claude-sonnet-4-5-20250929-v1:0,        claude-sonnet-4-5",
            "anthropic.claude-3-5-sonnet-20241022-v2:0,           claude-3-5-sonnet",
            "claude-3-5-sonnet-v2@20241022,                       claude-3-5-sonnet-v2",
            "anthropic.claude-3-sonnet-20240229-v1:0:200k,        claude-3-sonnet",
            "gpt-4o-2024-08-06,                                   gpt-4o",
            "gpt-4o-mini-2024-07-18,                              gpt-4o-mini",
            "openai/gpt-4o,                                       gpt-4o",
            "mistral-large-latest,                                mistral-large",
            "mistral-large-2,                                     mistral-large-2",
            "llama-3.1-70b,                                       llama-3-1-70b",
            "meta.llama3-1-70b-instruct-v1:0,                     llama3-1-70b-instruct",
            "GPT-4o,                                              gpt-4o",
    })
    void normalisationRemovesOnlyDecoration(String id, String expected) {
        assertThat(ModelIds.normalize(id)).isEqualTo(expected);
    }
}
