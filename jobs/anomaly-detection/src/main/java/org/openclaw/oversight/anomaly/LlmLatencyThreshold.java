package org.openclaw.oversight.anomaly;

import java.util.Locale;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.config.DurationSyntax;
import org.openclaw.oversight.schema.AgentMetrics;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.Severity;

/**
 * Detector 3, LLM latency (seed thresholds): the minute's p95 of an agent's calls to one model (the
 * per-model rows of oversight.agent-metrics.v1 with a model: only LLM calls carry one) above
 * {@code thresholds.llm_latency_p95_warning} (8 s) → LlmLatencyHigh P3, above
 * {@code llm_latency_p95_critical} (15 s) → P2 (the same alert, updated); labels {@code model}. Judged
 * on first emissions with at least {@link #MIN_LATENCIES} calls (the p95 of one call is that call); a
 * minute at or below the warning clears it. Stateless: {@link AlertLifecycle} keeps the episode.
 */
public class LlmLatencyThreshold implements FlatMapFunction<AgentMetrics, Alert> {

    static final int MIN_LATENCIES = 2;

    private final AnomalyAlerts alerts;
    private final double warningMs;
    private final double criticalMs;

    public LlmLatencyThreshold(DetectionSettings settings) {
        this.alerts = new AnomalyAlerts(settings);
        this.warningMs = settings.thresholds().llmLatencyP95Warning().toMillis();
        this.criticalMs = settings.thresholds().llmLatencyP95Critical().toMillis();
    }

    public static boolean isLlmModelRow(AgentMetrics row) {
        return row.getModel() != null && !row.getModel().isEmpty() && row.getRevision() == 0;
    }

    @Override
    public void flatMap(AgentMetrics row, Collector<Alert> out) {
        if (row.getLatencyP95Ms() == null || row.getLatencyCount() < MIN_LATENCIES) {
            return;
        }
        double p95 = row.getLatencyP95Ms();
        long bucket = row.getBucket().toEpochMilli();
        AnomalyAlerts.Draft draft = alerts.draft(AlertType.LLM_LATENCY_HIGH, row.getTenantId(), row.getAgentId())
                .label("model", row.getModel()).window(java.time.Duration.ofMinutes(1)).value(p95);
        if (p95 > warningMs) {
            boolean critical = p95 > criticalMs;
            out.collect(draft.severity(critical ? Severity.P2 : Severity.P3).threshold(critical ? criticalMs : warningMs)
                    .summary(String.format(Locale.ROOT, "LLM latency p95 of agent %s (tenant %s) on %s: %.1f s in one minute (above %s)",
                            row.getAgentId(), row.getTenantId(), row.getModel(), p95 / 1000,
                            DurationSyntax.format(java.time.Duration.ofMillis((long) (critical ? criticalMs : warningMs)))))
                    .description(row.getLatencyCount() + " calls in the minute; thresholds.llm_latency_p95_warning / _critical.")
                    .evidence(java.util.List.of("agent-metrics:" + row.getTenantId() + "/" + row.getAgentId() + "/" + row.getModel()
                            + "@" + row.getBucket()))
                    .firing(bucket));
        } else {
            out.collect(draft.threshold(warningMs).summary("LLM latency p95 of agent " + row.getAgentId() + " on " + row.getModel()
                    + " is back below the threshold").clear(bucket + 60_000 - 1));
        }
    }
}
