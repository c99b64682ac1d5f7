package org.openclaw.oversight.cost;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;

/**
 * A Flink {@link Histogram} over a {@link LatencySketch}: {@code update} takes milliseconds, the
 * statistics report seconds (the unit of {@code openclaw_llm_latency_seconds}). Flink's Prometheus
 * reporter exports a Histogram as a Prometheus summary (quantiles 0.5 … 0.999, count), so the
 * quantiles carry the sketch's 1% relative error. Synchronized: the reporter thread reads while the
 * task thread writes.
 */
public class LatencyHistogram implements Histogram {

    private final LatencySketch sketch = new LatencySketch();
    private long count;
    private double sumMs;
    private long maxMs = Long.MIN_VALUE;
    private long minMs = Long.MAX_VALUE;

    @Override
    public synchronized void update(long valueMs) {
        sketch.add(valueMs);
        count++;
        sumMs += valueMs;
        maxMs = Math.max(maxMs, valueMs);
        minMs = Math.min(minMs, valueMs);
    }

    @Override
    public synchronized long getCount() {
        return count;
    }

    @Override
    public synchronized HistogramStatistics getStatistics() {
        final long n = count;
        final double mean = n == 0 ? 0 : sumMs / n / 1000.0;
        final long max = n == 0 ? 0 : maxMs;
        final long min = n == 0 ? 0 : minMs;
        final double[] quantiles = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};
        final double[] values = new double[quantiles.length];
        for (int i = 0; i < quantiles.length; i++) {
            values[i] = n == 0 ? 0 : sketch.quantile(quantiles[i]) / 1000.0;
        }
        return new HistogramStatistics() {
            @Override
            public double getQuantile(double quantile) {
                for (int i = 0; i < quantiles.length; i++) {
                    if (quantiles[i] == quantile) {
                        return values[i];
                    }
                }
                synchronized (LatencyHistogram.this) {
                    return n == 0 ? 0 : sketch.quantile(quantile) / 1000.0;
                }
            }

            @Override
            public long[] getValues() {
                return new long[0]; // a sketch keeps no samples
            }

            @Override
            public int size() {
                return (int) Math.min(Integer.MAX_VALUE, n);
            }

            @Override
            public double getMean() {
                return mean;
            }

            @Override
            public double getStdDev() {
                return 0; // not tracked; Prometheus summaries do not export it
            }

            @Override
            public long getMax() {
                return max / 1000; // whole seconds: the interface wants a long
            }

            @Override
            public long getMin() {
                return min / 1000;
            }
        };
    }
}
