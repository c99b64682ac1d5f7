package org.openclaw.oversight.cost;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.Severity;

/**
 * The two budget alerts and their labels (DESIGN §7). The fingerprint hashes alertname, the
 * identifying labels and the UTC day: the same budget breached twice in one day is one alert (and a
 * re-emission after a restart is recognisably the same one), the next day is a new one.
 */
public final class BudgetAlerts {

    public static final String FORECAST_EXCEEDED = "BudgetForecastExceeded";
    public static final String EXCEEDED = "BudgetExceeded";
    public static final String SOURCE = CostAggregationJob.JOB;
    static final String RUNBOOK = "cost anomaly: check the agent's traffic and model mix; rate-limit the agent (auto) "
            + "or raise its daily_budget_eur in config/oversight.yml";

    private BudgetAlerts() {}

    public static String fingerprint(String alertname, String tenantId, String agentId, long epochDay) {
        String content = alertname + "\n" + "tenant=" + tenantId + "\n" + "agent=" + agentId + "\n" + "day="
                + LocalDate.ofEpochDay(epochDay);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static Alert forecastExceeded(BudgetBook.Budget budget, long epochDay, double forecastEur, double spentEur, long startsAtMs) {
        return alert(FORECAST_EXCEEDED, Severity.P3, "medium", budget, epochDay, forecastEur, startsAtMs,
                "Forecast spend of " + who(budget) + " exceeds its daily budget",
                String.format(java.util.Locale.ROOT, "At the last hour's rate %s will spend %.2f EUR by the end of %s (UTC), "
                        + "budget %.2f EUR; spent so far %.2f EUR.", who(budget), forecastEur, LocalDate.ofEpochDay(epochDay),
                        budget.dailyBudgetEur(), spentEur));
    }

    static Alert exceeded(BudgetBook.Budget budget, long epochDay, double spentEur, long startsAtMs) {
        return alert(EXCEEDED, Severity.P2, "high", budget, epochDay, spentEur, startsAtMs,
                "Daily budget of " + who(budget) + " exceeded",
                String.format(java.util.Locale.ROOT, "%s has spent %.2f EUR on %s (UTC), budget %.2f EUR.", who(budget), spentEur,
                        LocalDate.ofEpochDay(epochDay), budget.dailyBudgetEur()));
    }

    /** The same alert with endsAt set: what is sent at the end of the day. */
    static Alert resolved(Alert firing, long endsAtMs) {
        return Alert.newBuilder(firing).setEndsAt(Instant.ofEpochMilli(endsAtMs)).build();
    }

    private static Alert alert(String alertname, Severity severity, String severityLabel, BudgetBook.Budget budget, long epochDay,
            double value, long startsAtMs, String summary, String description) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alertname);
        labels.put("severity", severityLabel);
        labels.put("tenant", budget.tenantId());
        labels.put("agent", budget.agentId());
        labels.put("category", budget.category() == null ? "" : budget.category());
        labels.put("escalation", "L1");
        labels.put("source", SOURCE);
        return Alert.newBuilder()
                .setFingerprint(fingerprint(alertname, budget.tenantId(), budget.agentId(), epochDay))
                .setAlertname(alertname)
                .setSeverity(severity)
                .setTenantId(budget.tenantId())
                .setAgentId(budget.agentId())
                .setLabels(labels)
                .setSummary(summary)
                .setDescription(description)
                .setRunbook(RUNBOOK)
                .setValue(value)
                .setThreshold(budget.dailyBudgetEur())
                .setStartsAt(Instant.ofEpochMilli(startsAtMs))
                .setEndsAt(null)
                .setSource(SOURCE)
                .setEvidence(List.of())
                .build();
    }

    private static String who(BudgetBook.Budget budget) {
        return BudgetBook.TENANT_WIDE.equals(budget.agentId()) ? "tenant " + budget.tenantId()
                : "agent " + budget.agentId() + " (tenant " + budget.tenantId() + ")";
    }
}
