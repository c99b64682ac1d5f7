package org.openclaw.oversight.cost;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.openclaw.oversight.config.DurationSyntax;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.Severity;

/**
 * The {@code UnpricedModel} alert (P4, {@code severity=low}, DESIGN §7): an agent's LLM calls name a
 * model the price table does not know, so their cost is missing from every aggregate. The fingerprint
 * hashes alertname, tenant and agent: re-emissions and the resolution of one episode are recognisably
 * the same alert. The labels identify the agent only; which spellings are unpriced goes in the texts.
 */
public final class UnpricedModelAlerts {

    public static final String ALERTNAME = "UnpricedModel";
    static final String RUNBOOK = "add the model or an alias to config/pricing.yml (models[].aliases, or a match pattern), "
            + "then restart ingestion: later calls are priced; rows already written keep cost 0 and count in unpriced_requests";
    /** Spellings named in a summary; the rest are counted. */
    static final int SPELLINGS_SHOWN = 5;
    private static final int SPELLING_CHARS = 64;

    private UnpricedModelAlerts() {}

    public static String fingerprint(String tenantId, String agentId) {
        String content = ALERTNAME + "\n" + "tenant=" + tenantId + "\n" + "agent=" + agentId;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The summary naming the unpriced spellings, most frequent first. */
    static String summary(String tenantId, String agentId, long unpriced, long llmCalls, UnpricedModelRule rule,
            Map<String, Long> unpricedBySpelling) {
        List<Map.Entry<String, Long>> spellings = unpricedBySpelling.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .toList();
        String shown = spellings.stream().limit(SPELLINGS_SHOWN)
                .map(e -> "'" + printable(e.getKey()) + "' (" + e.getValue() + ")").collect(Collectors.joining(", "));
        if (spellings.size() > SPELLINGS_SHOWN) {
            shown += " and " + (spellings.size() - SPELLINGS_SHOWN) + " more";
        }
        return unpriced + " of " + llmCalls + " LLM calls of agent " + agentId + " (tenant " + tenantId + ") in the last "
                + DurationSyntax.format(rule.window()) + " have no price in config/pricing.yml: " + shown;
    }

    static String description(long unpriced, long llmCalls, UnpricedModelRule rule) {
        return String.format(Locale.ROOT, "Unpriced calls count as 0 EUR in agent_metrics, the budgets and the reports, so this "
                        + "agent's spend is under-reported. %.1f %% of its LLM calls were unpriced (%d of %d), above the threshold of "
                        + "%.1f %% (thresholds.unpriced_share_maximum; at least %d calls, thresholds.unpriced_calls_minimum).",
                100.0 * unpriced / llmCalls, unpriced, llmCalls, 100.0 * rule.shareMaximum(), rule.callsMinimum());
    }

    static Alert firing(String tenantId, String agentId, String category, double share, UnpricedModelRule rule, long startsAtMs,
            String summary, String description) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", ALERTNAME);
        labels.put("severity", "low");
        labels.put("tenant", tenantId);
        labels.put("agent", agentId);
        labels.put("category", category);
        labels.put("escalation", "L1");
        labels.put("source", BudgetAlerts.SOURCE);
        return Alert.newBuilder()
                .setFingerprint(fingerprint(tenantId, agentId))
                .setAlertname(ALERTNAME)
                .setSeverity(Severity.P4)
                .setTenantId(tenantId)
                .setAgentId(agentId)
                .setLabels(labels)
                .setSummary(summary)
                .setDescription(description)
                .setRunbook(RUNBOOK)
                .setValue(share)
                .setThreshold(rule.shareMaximum())
                .setStartsAt(Instant.ofEpochMilli(startsAtMs))
                .setEndsAt(null)
                .setSource(BudgetAlerts.SOURCE)
                .setEvidence(List.of())
                .build();
    }

    /** Model ids come from agents: shown cut short and without control characters. */
    static String printable(String spelling) {
        if (spelling.isEmpty()) {
            return "(no model)";
        }
        String clean = spelling.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > SPELLING_CHARS ? clean.substring(0, SPELLING_CHARS) + "…" : clean;
    }
}
