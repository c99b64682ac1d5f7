package org.openclaw.oversight.connectors.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.openclaw.oversight.schema.Alert;

/**
 * The value serializer of every job's alerts sink, counting what it writes as {@code oversight_alerts_total
 * {alertname, severity}} (served under exactly that name by the seed-name reporter, connectors/flink-metrics), so
 * each job that raises alerts is counted the same way without a metric of its own. Counted when serialized: a
 * record replayed after a restore counts again, as every Flink record counter does.
 */
final class CountAlertsByName implements SerializationSchema<Alert> {

    private final SerializationSchema<Alert> values;
    private transient MetricGroup group;
    private transient Map<String, Counter> counters;

    CountAlertsByName(SerializationSchema<Alert> values) {
        this.values = values;
    }

    @Override
    public void open(InitializationContext context) throws Exception {
        values.open(context);
        group = context.getMetricGroup();
        counters = new HashMap<>();
    }

    @Override
    public byte[] serialize(Alert alert) {
        String name = alert.getAlertname();
        String severity = alert.getSeverity().name();
        counters.computeIfAbsent(name + '|' + severity, k -> group.addGroup("alertname", name).addGroup("severity", severity)
                .counter("oversight_alerts_total")).inc();
        return values.serialize(alert);
    }
}
