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
 *   <li>{@code openclaw_token_usage_total{tenant_id,model,type}} counter, type = input | output | cached |
 *       cache_creation (cached and cache_creation are parts of input, see {@link UsageEvent#inputTokens})
 *   <li>{@code openclaw_llm_cost_eur_total{tenant_id,model}} — a gauge (Flink counters are whole numbers),
 *       the running EUR total of this subtask
 *   <li>{@code openclaw_llm_latency_seconds{tenant_id,model,tier}} — a histogram of LLM call durations, buckets
 *       ({@link LatencyBuckets}); the same name as a Flink Histogram over a sketch stays for Flink's reporter
 *       (flink_..._openclaw_llm_latency_seconds, a summary with quantiles)
 *   <li>{@code openclaw_channel_errors_total{tenant_id,channel,error_code}} counter — channel messages that failed
 *       (their error code, or {@code delivery_failed} for a failed delivery without one)
 * </ul>
 *
 * The Oversight reporter (connectors/flink-metrics) serves these under exactly these names and types, summed over
 * the subtasks of a process, with a {@code job} label; Flink's own reporter would prefix them with the scope.
 * Counts are since the task started (Prometheus' rate() handles the reset on a restart). Emits nothing: a
 * terminal operator.
 */
public class FleetMetricsRecorder extends RichFlatMapFunction<UsageEvent, Void> {

    private transient MetricGroup root;
    /** One lookup per event: every metric an event of these labels touches (most events share a few label sets). */
    private transient Map<Labels, Series> series;
    private transient Map<String, Counter> messages;
    private transient Map<String, Counter> tokens;
    private transient Map<String, double[]> costs;
    private transient Map<String, LatencyHistogram> latencies;
    private transient Map<String, LatencyBuckets> latencyBuckets;
    private transient Map<String, Counter> channelErrors;

    private record Labels(String tenantId, String channel, String model, String tier) {}

    /** The metrics of one label set, each registered on first use; the maps above dedupe them across label sets. */
    private static final class Series {
        Counter messages;
        Counter[] tokens;
        double[] cost;
        LatencyHistogram latency;
        LatencyBuckets buckets;
    }

    @Override
    public void open(OpenContext openContext) {
        root = getRuntimeContext().getMetricGroup();
        series = new HashMap<>();
        messages = new HashMap<>();
        tokens = new HashMap<>();
        costs = new HashMap<>();
        latencies = new HashMap<>();
        latencyBuckets = new HashMap<>();
        channelErrors = new HashMap<>();
    }

    @Override
    public void flatMap(UsageEvent e, Collector<Void> out) {
        Labels labels = new Labels(e.tenantId, label(e.channel), label(e.model), label(e.tier));
        Series s = series.get(labels);
        if (s == null) {
            s = new Series();
            s.messages = messages.computeIfAbsent(labels.tenantId + '|' + labels.channel + '|' + labels.model,
                    k -> root.addGroup("tenant_id", labels.tenantId).addGroup("channel", labels.channel)
                            .addGroup("model", labels.model).counter("openclaw_messages_total"));
            series.put(labels, s);
        }
        s.messages.inc();
        if (e.inputTokens != 0 || e.outputTokens != 0) { // cache reads and writes are parts of the input
            if (s.tokens == null) {
                s.tokens = new Counter[] {tokenCounter(labels, "input"), tokenCounter(labels, "output"), tokenCounter(labels, "cached"),
                        tokenCounter(labels, "cache_creation")};
            }
            s.tokens[0].inc(e.inputTokens);
            s.tokens[1].inc(e.outputTokens);
            s.tokens[2].inc(e.cachedInputTokens);
            s.tokens[3].inc(e.cacheCreationInputTokens);
        }
        if (e.priced && e.costNanoEur != 0) {
            if (s.cost == null) {
                s.cost = costs.computeIfAbsent(labels.tenantId + '|' + labels.model, k -> {
                    double[] total = new double[1];
                    root.addGroup("tenant_id", labels.tenantId).addGroup("model", labels.model)
                            .gauge("openclaw_llm_cost_eur_total", (Gauge<Double>) () -> total[0]);
                    return total;
                });
            }
            s.cost[0] += e.costNanoEur / 1e9;
        }
        if (e.durationMs >= 0 && !e.model.isEmpty()) {
            if (s.latency == null) {
                s.latency = latencies.computeIfAbsent(labels.tenantId + '|' + labels.model + '|' + labels.tier,
                        k -> root.addGroup("tenant_id", labels.tenantId).addGroup("model", labels.model)
                                .addGroup("tier", labels.tier).histogram("openclaw_llm_latency_seconds", new LatencyHistogram()));
            }
            s.latency.update(e.durationMs);
            if (s.buckets == null) {
                s.buckets = latencyBuckets.computeIfAbsent(labels.tenantId + '|' + labels.model + '|' + labels.tier,
                        k -> new LatencyBuckets(root.addGroup("tenant_id", labels.tenantId).addGroup("model", labels.model)
                                .addGroup("tier", labels.tier)));
            }
            s.buckets.observeMillis(e.durationMs);
        }
        // a channel message that failed: only those carry an error code
        if (e.error && !e.errorCode.isEmpty() && !e.channel.isEmpty()) {
            String code = label(e.errorCode);
            channelErrors.computeIfAbsent(labels.tenantId + '|' + labels.channel + '|' + code,
                    k -> root.addGroup("tenant_id", labels.tenantId).addGroup("channel", labels.channel)
                            .addGroup("error_code", code).counter("openclaw_channel_errors_total")).inc();
        }
    }

    private Counter tokenCounter(Labels labels, String type) {
        return tokens.computeIfAbsent(labels.tenantId + '|' + labels.model + '|' + type, k -> root.addGroup("tenant_id", labels.tenantId)
                .addGroup("model", labels.model).addGroup("type", type).counter("openclaw_token_usage_total"));
    }

    private static String label(String value) {
        return value == null || value.isEmpty() ? "none" : value;
    }
}
