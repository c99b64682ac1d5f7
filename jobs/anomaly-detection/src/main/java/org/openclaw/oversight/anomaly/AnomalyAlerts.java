package org.openclaw.oversight.anomaly;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openclaw.oversight.config.DurationSyntax;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.Severity;

/**
 * Builds the job's alerts (DESIGN §7): labels {@code alertname}, {@code severity}
 * (critical/high/medium/low), {@code tenant}, {@code agent} (when known), {@code category},
 * {@code escalation} L1, {@code source}, {@code window} and the detector's own identifying labels;
 * the fingerprint is {@link AlertType#fingerprint} over tenant, agent and those identifying labels,
 * so a re-detection and the resolution carry the same one. A clear ({@link #clear}) is the same alert
 * with {@code endsAt} set: {@link AlertLifecycle} turns it into a resolution if the alert is open.
 */
public final class AnomalyAlerts implements Serializable {

    public static final String SOURCE = "anomaly-detection";
    /** Evidence ids kept per alert: enough to find the interactions, bounded so alerts stay small. */
    public static final int MAX_EVIDENCE = 20;

    private final DetectionSettings settings;

    public AnomalyAlerts(DetectionSettings settings) {
        this.settings = settings;
    }

    /** One alert under construction. */
    public final class Draft {
        private final AlertType type;
        private final String tenantId;
        private final String agentId;
        private final Map<String, String> identifying = new TreeMap<>();
        private Severity severity;
        private String summary = "";
        private String description = "";
        private Double value;
        private Double threshold;
        private String window = "";
        private List<String> evidence = List.of();

        private Draft(AlertType type, String tenantId, String agentId) {
            this.type = type;
            this.tenantId = tenantId;
            this.agentId = agentId;
            this.severity = type.defaultSeverity();
        }

        public Draft label(String name, String value) {
            identifying.put(name, value);
            return this;
        }

        public Draft severity(Severity s) {
            severity = s;
            return this;
        }

        public Draft summary(String text) {
            summary = text;
            return this;
        }

        public Draft description(String text) {
            description = text;
            return this;
        }

        public Draft value(Double v) {
            value = v;
            return this;
        }

        public Draft threshold(Double t) {
            threshold = t;
            return this;
        }

        public Draft window(java.time.Duration w) {
            window = DurationSyntax.format(w);
            return this;
        }

        public Draft evidence(List<String> ids) {
            evidence = ids.size() > MAX_EVIDENCE ? List.copyOf(ids.subList(0, MAX_EVIDENCE)) : List.copyOf(ids);
            return this;
        }

        public String fingerprint() {
            return type.fingerprint(identifyingLabels());
        }

        private Map<String, String> identifyingLabels() {
            Map<String, String> labels = new TreeMap<>(identifying);
            labels.put("tenant", tenantId);
            if (agentId != null) {
                labels.put("agent", agentId);
            }
            return labels;
        }

        /** The alert, firing since {@code startsAtMs}. */
        public Alert firing(long startsAtMs) {
            return build(startsAtMs, null);
        }

        /** The condition is gone as of {@code clearedAtMs}: resolves the open alert of this fingerprint, if any. */
        public Alert clear(long clearedAtMs) {
            return build(clearedAtMs, clearedAtMs);
        }

        private Alert build(long startsAtMs, Long endsAtMs) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("alertname", type.alertname());
            labels.put("severity", severityLabel(severity));
            labels.put("tenant", tenantId);
            if (agentId != null) {
                labels.put("agent", agentId);
            }
            labels.put("category", agentId == null ? DetectionSettings.UNKNOWN_CATEGORY : settings.category(tenantId, agentId));
            labels.put("escalation", "L1");
            labels.put("source", SOURCE);
            if (!window.isEmpty()) {
                labels.put("window", window);
            }
            labels.putAll(identifying);
            return Alert.newBuilder()
                    .setFingerprint(fingerprint())
                    .setAlertname(type.alertname())
                    .setSeverity(severity)
                    .setTenantId(tenantId)
                    .setAgentId(agentId)
                    .setLabels(labels)
                    .setSummary(summary)
                    .setDescription(description)
                    .setRunbook(type.runbook())
                    .setValue(value)
                    .setThreshold(threshold)
                    .setStartsAt(Instant.ofEpochMilli(startsAtMs))
                    .setEndsAt(endsAtMs == null ? null : Instant.ofEpochMilli(endsAtMs))
                    .setSource(SOURCE)
                    .setEvidence(evidence)
                    .build();
        }
    }

    public Draft draft(AlertType type, String tenantId, String agentId) {
        return new Draft(type, tenantId, agentId);
    }

    public DetectionSettings settings() {
        return settings;
    }

    /** DESIGN §7: critical=P1, high=P2, medium=P3, low=P4. */
    public static String severityLabel(Severity severity) {
        return switch (severity) {
            case P1 -> "critical";
            case P2 -> "high";
            case P3 -> "medium";
            case P4 -> "low";
        };
    }

    /** Whether {@code a} is more severe than {@code b} (P1 is the most severe). */
    public static boolean moreSevere(Severity a, Severity b) {
        return a.ordinal() < b.ordinal();
    }
}
