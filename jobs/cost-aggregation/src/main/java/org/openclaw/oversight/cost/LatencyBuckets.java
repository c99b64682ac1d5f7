package org.openclaw.oversight.cost;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * {@code openclaw_llm_latency_seconds} as a Prometheus histogram through Flink's metric API, which has no
 * bucketed type: cumulative {@code _bucket} counters (one per {@code le}), {@code _count} and {@code _sum}, which
 * the Oversight reporter (connectors/flink-metrics) serves as one histogram family. {@code histogram_quantile(0.95,
 * ...)} over these buckets is what the seed's alert rules (P95 > 8 s, > 15 s) read, so 8 and 15 are bounds: the
 * rules are exact at their thresholds. Not synchronized: the reporter reads plain counters, a torn read is one
 * observation off for one scrape.
 */
final class LatencyBuckets {

    /** Upper bounds in seconds, +Inf implied; 8 and 15 are the seed's thresholds. */
    static final double[] BOUNDS = {0.1, 0.25, 0.5, 1, 2, 4, 8, 10, 15, 30, 60};

    private final Counter[] buckets = new Counter[BOUNDS.length + 1];
    private final Counter count;
    private final double[] sum = new double[1];

    LatencyBuckets(MetricGroup labelled) {
        for (int i = 0; i < BOUNDS.length; i++) {
            buckets[i] = labelled.addGroup("le", le(BOUNDS[i])).counter("openclaw_llm_latency_seconds_bucket");
        }
        buckets[BOUNDS.length] = labelled.addGroup("le", "+Inf").counter("openclaw_llm_latency_seconds_bucket");
        count = labelled.counter("openclaw_llm_latency_seconds_count");
        labelled.gauge("openclaw_llm_latency_seconds_sum", (Gauge<Double>) () -> sum[0]);
    }

    void observeMillis(long ms) {
        double seconds = ms / 1000.0;
        for (int i = 0; i < BOUNDS.length; i++) {
            if (seconds <= BOUNDS[i]) {
                buckets[i].inc();
            }
        }
        buckets[BOUNDS.length].inc();
        count.inc();
        sum[0] += seconds;
    }

    /** Prometheus' spelling of a bound: 0.1, 1, 15 (no trailing .0). */
    static String le(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
