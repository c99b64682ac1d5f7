package org.openclaw.oversight.ingestion;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.HashMap;
import java.util.Map;

/**
 * One counter per label value, made on first use (e.g. {@code piiFindings} by {@code pii_type}); the
 * Prometheus reporter turns the key/value group into a label. Label values are types and reasons,
 * never content.
 */
final class LabelledCounters {

    private final MetricGroup group;
    private final String label;
    private final String name;
    private final Map<String, Counter> counters = new HashMap<>();

    LabelledCounters(MetricGroup group, String label, String name) {
        this.group = group;
        this.label = label;
        this.name = name;
    }

    void inc(String value) {
        counters.computeIfAbsent(value, v -> group.addGroup(label, v).counter(name)).inc();
    }
}
