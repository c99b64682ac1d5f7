package org.openclaw.oversight.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every {@code alertname} the platform raises on {@code oversight.alerts.v1}: its default severity
 * (a config file may override it), the job that raises it and the runbook annotation (seed,
 * "Runbook for Common Incidents"). The one list that detectors, the simulator's scorer, incident
 * response (runbook actions) and the Alertmanager/Prometheus configs agree on.
 */
public enum AlertType {
    // anomaly-detection
    TOKEN_ANOMALY("TokenAnomaly", Severity.P3, "anomaly-detection",
            "possible prompt-injection attack exploiting context length: inspect the interaction; rate-limit the agent if it repeats"),
    COST_ANOMALY("CostAnomaly", Severity.P3, "anomaly-detection", "cost anomaly: rate limit (auto) -> investigate -> fix"),
    LATENCY_ANOMALY("LatencyAnomaly", Severity.P3, "anomaly-detection", "latency anomaly: check the provider status and the agent's model mix"),
    ERROR_RATE_ANOMALY("ErrorRateAnomaly", Severity.P3, "anomaly-detection", "error-rate anomaly: check the agent's recent deploys and its tools"),
    LLM_LATENCY_HIGH("LlmLatencyHigh", Severity.P3, "anomaly-detection", "LLM latency p95 above the seed threshold: check the provider, fail over to another model"),
    CHANNEL_ERRORS("ChannelErrors", Severity.P3, "anomaly-detection", "channel errors above 5/min: check the channel adapter and the provider's status"),
    CASCADING_FAILURE("CascadingFailure", Severity.P1, "anomaly-detection", "cascading failures: system pause -> isolate the origin -> restart on a human's command (manual)"),
    AGENT_UNREACHABLE("AgentUnreachable", Severity.P2, "anomaly-detection", "agent unreachable: restart -> health check -> rollback (auto)"),
    AGENT_DEGRADED("AgentDegraded", Severity.P3, "anomaly-detection", "agent reports DEGRADED: check its dependencies; restart if it does not recover"),
    ALIGNMENT_DROP("AlignmentDrop", Severity.P2, "anomaly-detection", "alignment drop: pause -> diagnose -> rollback (auto)"),
    // cost-aggregation
    BUDGET_FORECAST_EXCEEDED("BudgetForecastExceeded", Severity.P3, "cost-aggregation", "cost anomaly: rate limit (auto) or raise daily_budget_eur"),
    BUDGET_EXCEEDED("BudgetExceeded", Severity.P2, "cost-aggregation", "cost anomaly: rate limit (auto) -> investigate -> fix"),
    UNPRICED_MODEL("UnpricedModel", Severity.P4, "cost-aggregation", "add the model or an alias to config/pricing.yml, then restart ingestion"),
    // policy-enforcement (one per rule of policies.yml; PiiLeak is no_pii_in_outputs)
    PII_LEAK("PiiLeak", Severity.P1, "policy-enforcement", "PII leak detected: shutdown -> rollback -> audit (partial); GDPR Art. 33: notify within 72 h"),
    POLICY_VIOLATION("PolicyViolation", Severity.P3, "policy-enforcement", "policy violation: see the rule label and the policy_violations row"),
    POLICY_REJECTED("PolicyRejected", Severity.P2, "policy-enforcement", "a pushed policy document was rejected; the previous version stays active: fix it and push again"),
    // incident-response
    SLA_BREACH("SlaBreach", Severity.P2, "incident-response", "uptime below the SLA: review the agent's AgentUnreachable incidents"),
    // Prometheus rules of deploy/prometheus (source label "prometheus"): the pipeline's own health
    JOB_DOWN("JobDown", Severity.P2, "prometheus", "job down: kubectl get flinkdeployment; read the operator's events and the JobManager's log; the operator restores the last checkpoint"),
    JOB_RESTARTING("JobRestarting", Severity.P2, "prometheus", "job down: read the root cause in the JobManager's log (the exception history in the web UI)"),
    CHECKPOINT_FAILURES("CheckpointFailures", Severity.P2, "prometheus", "checkpoint failures: check the checkpoint storage (S3 credentials, quota) and backpressure in the web UI"),
    CONSUMER_LAG("ConsumerLag", Severity.P3, "prometheus", "consumer lag: scale the job (parallelism up to the topic's partitions) or find the slow operator (backpressure)");

    private final String alertname;
    private final Severity defaultSeverity;
    private final String source;
    private final String runbook;

    AlertType(String alertname, Severity defaultSeverity, String source, String runbook) {
        this.alertname = alertname;
        this.defaultSeverity = defaultSeverity;
        this.source = source;
        this.runbook = runbook;
    }

    public String alertname() {
        return alertname;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** The job that raises it ({@code Alert.source}). */
    public String source() {
        return source;
    }

    public String runbook() {
        return runbook;
    }

    public static Optional<AlertType> of(String alertname) {
        return Arrays.stream(values()).filter(t -> t.alertname.equals(alertname)).findFirst();
    }

    /**
     * The stable fingerprint of an alert: SHA-256 (first 16 bytes, hex) of the alertname and the
     * identifying labels sorted by name. The same condition detected again gets the same
     * fingerprint, so it updates the alert instead of duplicating it.
     */
    public String fingerprint(Map<String, String> identifyingLabels) {
        StringBuilder content = new StringBuilder(alertname);
        new TreeMap<>(identifyingLabels).forEach((k, v) -> content.append('\n').append(k).append('=').append(v));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
