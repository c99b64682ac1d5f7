package org.openclaw.oversight.connectors.alertmanager;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.Severity;

/**
 * Maps an oversight {@link Alert} to what Alertmanager gets (DESIGN §7).
 *
 * <p>Labels identify the alert, so they must not change while it fires (a changed label set is a
 * new alert in Alertmanager and the old one would linger until it times out): {@code alertname},
 * {@code severity}, {@code tenant}, {@code agent}, {@code category}, {@code escalation},
 * {@code source}, plus the alert's other labels with names made Prometheus-safe. Values that change
 * (value, threshold) and the fingerprint go into annotations next to summary, description and
 * runbook.
 */
public final class AlertmanagerAlertMapping {

    /** At most this many event ids go into the {@code evidence} annotation, to keep requests small. */
    static final int MAX_EVIDENCE_IDS = 20;

    private AlertmanagerAlertMapping() {}

    /** DESIGN §7: P1=critical, P2=high, P3=medium, P4=low. */
    public static String severityLabel(Severity severity) {
        switch (severity) {
            case P1: return "critical";
            case P2: return "high";
            case P3: return "medium";
            case P4: return "low";
            default: throw new IllegalArgumentException("unknown severity " + severity);
        }
    }

    /**
     * @throws IllegalArgumentException when the alert lacks startsAt (the message names alertname and
     *     fingerprint only)
     */
    public static AlertContent toContent(Alert alert, String generatorUrl) {
        Map<String, String> labels = new LinkedHashMap<>();
        // the record's other labels first, so the record's own fields below overwrite same-named ones
        if (alert.getLabels() != null) {
            for (Map.Entry<String, String> e : alert.getLabels().entrySet()) {
                String name = LabelNames.sanitize(e.getKey());
                if (name != null && e.getValue() != null && !e.getValue().isEmpty()) {
                    labels.put(name, e.getValue());
                }
            }
        }
        putIfPresent(labels, "alertname", alert.getAlertname());
        putIfPresent(labels, "severity", severityLabel(alert.getSeverity()));
        putIfPresent(labels, "tenant", alert.getTenantId());
        putIfPresent(labels, "agent", alert.getAgentId());
        putIfPresent(labels, "source", alert.getSource());

        String fingerprint = alert.getFingerprint() == null || alert.getFingerprint().isBlank()
                ? fingerprintOf(labels)
                : alert.getFingerprint();

        Map<String, String> annotations = new LinkedHashMap<>();
        putIfPresent(annotations, "summary", alert.getSummary());
        putIfPresent(annotations, "description", alert.getDescription());
        putIfPresent(annotations, "runbook", alert.getRunbook());
        if (alert.getValue() != null) {
            annotations.put("value", formatNumber(alert.getValue()));
        }
        if (alert.getThreshold() != null) {
            annotations.put("threshold", formatNumber(alert.getThreshold()));
        }
        annotations.put("fingerprint", fingerprint);
        List<String> evidence = alert.getEvidence();
        if (evidence != null && !evidence.isEmpty()) {
            List<String> shown = evidence.subList(0, Math.min(MAX_EVIDENCE_IDS, evidence.size()));
            String joined = String.join(",", shown);
            if (evidence.size() > shown.size()) {
                joined += ",... (" + evidence.size() + " in total)";
            }
            annotations.put("evidence", joined);
        }

        Instant startsAt = alert.getStartsAt();
        if (startsAt == null) {
            throw new IllegalArgumentException("alert '" + alert.getAlertname() + "' (fingerprint "
                    + fingerprint + ") has no startsAt; the producing job must set it");
        }
        Long endsAt = alert.getEndsAt() == null ? null : alert.getEndsAt().toEpochMilli();
        return new AlertContent(fingerprint, labels, annotations, startsAt.toEpochMilli(), endsAt,
                generatorUrl);
    }

    /**
     * Stand-in for a producer that left the fingerprint empty: a hash of the label set, which is
     * what identifies an alert in Alertmanager too, so firing and resolved records still match.
     */
    static String fingerprintOf(Map<String, String> labels) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(labels).forEach((k, v) -> canonical.append(k).append('\u0000').append(v).append('\u0000'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return "labels-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Plain decimal, no exponent, no trailing zeros: 0.9950 -> "0.995", 12.0 -> "12". */
    static String formatNumber(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }
}
