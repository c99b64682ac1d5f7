package org.openclaw.oversight.pricing;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reduces the many spellings clients use for one model to one comparison key, so that
 * {@code anthropic.claude-sonnet-4-6-v1:0}, {@code eu.anthropic.claude-sonnet-4-6-v1:0},
 * {@code anthropic/claude-sonnet-4.6} and {@code claude-sonnet-4-6@20260217} all find the price of
 * {@code claude-sonnet-4-6}. Each step removes decoration that never changes which model is meant:
 *
 * <ol>
 *   <li>case and surrounding blanks;</li>
 *   <li>a path before the last {@code /}: router and SDK prefixes ({@code openai/}, {@code azure/},
 *       {@code anthropic/} on OpenRouter, {@code publishers/anthropic/models/} on Vertex, Bedrock ARNs);</li>
 *   <li>a Vertex version after {@code @} ({@code @20250929}, {@code @default});</li>
 *   <li>a Bedrock cross-region prefix and vendor ({@code eu.}, {@code us.}, {@code apac.}, {@code global.}
 *       then {@code anthropic.}, {@code meta.}, {@code mistral.}, ...);</li>
 *   <li>a Bedrock model version ({@code -v1:0}, {@code -v2:0:200k}) — only with the colon, so a
 *       {@code -v2} that is part of a model's name stays;</li>
 *   <li>{@code -latest};</li>
 *   <li>a dated snapshot at the end ({@code -2024-08-06}, {@code -20241022});</li>
 *   <li>a dot between two digits becomes a dash ({@code 4.6} → {@code 4-6}).</li>
 * </ol>
 *
 * <p>Nothing else: no prefix or substring matching, so {@code gpt-4o-mini} stays {@code gpt-4o-mini}
 * (not {@code gpt-4o}) and {@code claude-sonnet-4-5} stays itself. Spellings these rules do not cover
 * (deployment names, Ollama tags, fine-tunes) are declared per model in pricing.yml as {@code aliases}
 * or {@code match} patterns.
 */
public final class ModelIds {

    private static final Pattern BEDROCK_VENDOR = Pattern.compile(
            "^(?:(?:us|eu|apac|ap|global|us-gov|jp|au|ca)\\.)?"
                    + "(?:anthropic|meta|mistral|amazon|cohere|ai21|deepseek|openai|qwen|writer)\\.(?=[a-z])");
    private static final Pattern BEDROCK_VERSION = Pattern.compile("-v\\d+:\\d+(?::[0-9a-z]+)?$");
    private static final Pattern LATEST = Pattern.compile("-latest$");
    private static final Pattern SNAPSHOT_DATE = Pattern.compile("-(?:20\\d{2}-\\d{2}-\\d{2}|20\\d{6})$");
    private static final Pattern DOT_BETWEEN_DIGITS = Pattern.compile("(?<=\\d)\\.(?=\\d)");

    private ModelIds() {}

    /** The comparison key of a model id (never empty for a non-blank id). */
    public static String normalize(String id) {
        String lower = id.trim().toLowerCase(Locale.ROOT);
        String s = lower.substring(lower.lastIndexOf('/') + 1);
        int at = s.indexOf('@');
        if (at > 0) {
            s = s.substring(0, at);
        }
        s = BEDROCK_VENDOR.matcher(s).replaceFirst("");
        s = BEDROCK_VERSION.matcher(s).replaceFirst("");
        s = LATEST.matcher(s).replaceFirst("");
        s = SNAPSHOT_DATE.matcher(s).replaceFirst("");
        s = DOT_BETWEEN_DIGITS.matcher(s).replaceAll("-");
        return s.isEmpty() ? lower : s;
    }

    /** A provider name as compared: case and surrounding blanks do not matter. */
    static String provider(String provider) {
        return provider.trim().toLowerCase(Locale.ROOT);
    }
}
