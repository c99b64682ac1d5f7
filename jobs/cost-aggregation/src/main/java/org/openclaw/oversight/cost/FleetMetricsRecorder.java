package org.openclaw.oversight.cost;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;

/**
 * Exports the seed's Prometheus metrics through Flink metric groups (the Prometheus reporter that
 * {@code JobEnvironment} configures turns each key/value group into a label):
 *
 * <ul>
 *   <li>{@code openclaw_messages_total{tenant_id,channel,model}} counter — every event; channel/model
 *       {@code none} when the event has none
 *   <li>{@code openclaw_token_usage_total{tenant_id,model,type}} counter, type = input | output | cached
 *   <li>{@code openclaw_llm_cost_eur_total{tenant_id,model}} — a gauge (Flink counters are whole numbers),
 *       the running EUR total of this subtask
 *   <li>{@code openclaw_llm_latency_seconds{tenant_id,model,tier}} — a histogram of LLM call durations
 * </ul>
 *
 * Counts are per subtask and since the task started (Prometheus' rate() handles the reset on a
 * restart); sum over the {@code subtask_index} label for the job total. Emits nothing: a terminal operator.
 */
public class FleetMetricsRecorder extends RichFlatMapFunction<UsageEvent, Void> {

    private transient MetricGroup root;
    private transient Map<String, Counter> messages;
    private transient Map<String, Counter> tokens;
    private transient Map<String, double[]> costs;
    private transient Map<String, LatencyHistogram> latencies;

    @Override
    public void open(OpenContext openContext) {
        root = getRuntimeContext().getMetricGroup();
        messages = new HashMap<>();
        tokens = new HashMap<>();
        costs = new HashMap<>();
        latencies = new HashMap<>();
    }

    @Override
    public void flatMap(UsageEvent e, Collector<Void> out) {
        String model = label(e.model);
        messages.computeIfAbsent(e.tenantId + '|' + e.channel + '|' + model, k -> root.addGroup("tenant_id", e.tenantId)
                .addGroup("channel", label(e.channel)).addGroup("model", model).counter("openclaw_messages_total")).inc();
        if (e.inputTokens != 0 || e.outputTokens != 0 || e.cachedInputTokens != 0) {
            tokenCounter(e.tenantId, model, "input").inc(e.inputTokens);
            tokenCounter(e.tenantId, model, "output").inc(e.outputTokens);
            tokenCounter(e.tenantId, model, "cached").inc(e.cachedInputTokens);
        }
        if (e.priced && e.costNanoEur != 0) {
            costs.computeIfAbsent(e.tenantId + '|' + model, k -> {
                double[] total = new double[1];
                root.addGroup("tenant_id", e.tenantId).addGroup("model", model)
                        .gauge("openclaw_llm_cost_eur_total", (Gauge<Double>) () -> total[0]);
                return total;
            })[0] += e.costNanoEur / 1e9;
        }
        if (e.durationMs >= 0 && !e.model.isEmpty()) {
            String tier = label(e.tier);
            latencies.computeIfAbsent(e.tenantId + '|' + model + '|' + tier, k -> root.addGroup("tenant_id", e.tenantId)
                    .addGroup("model", model).addGroup("tier", tier)
                    .histogram("openclaw_llm_latency_seconds", new LatencyHistogram())).update(e.durationMs);
        }
    }

    private Counter tokenCounter(String tenant, String model, String type) {
        return tokens.computeIfAbsent(tenant + '|' + model + '|' + type, k -> root.addGroup("tenant_id", tenant)
                .addGroup("model", model).addGroup("type", type).counter("openclaw_token_usage_total"));
    }

    private static String label(String value) {
        return value == null || value.isEmpty() ? "none" : value;
    }
}
