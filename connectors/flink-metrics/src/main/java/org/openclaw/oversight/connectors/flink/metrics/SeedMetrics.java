package org.openclaw.oversight.connectors.flink.metrics;

import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;

/**
 * The seed's metrics under their exact Prometheus names and types, summed over the subtasks of this process:
 * {@code openclaw_messages_total{tenant_id,channel,model}} rather than Flink's
 * {@code flink_taskmanager_job_task_operator_tenant_id_channel_model_openclaw_messages_total} gauge per subtask.
 *
 * <p>Which metrics: those a job registers under a name starting with {@code openclaw_} or {@code oversight_}. Labels:
 * the job's key/value groups ({@code addGroup("tenant_id", t)}) plus {@code job} (the job's name without its
 * {@code oversight-} prefix). Types follow the Prometheus naming rules: {@code _total} = counter (a Flink
 * {@link Counter}, or a {@code Gauge<Number>} for fractional totals such as EUR), a family of
 * {@code <name>_bucket} counters with an {@code le} group plus {@code <name>_count} and {@code <name>_sum} =
 * histogram (how a job exports a histogram with buckets through Flink's metric API, which has no such type).
 *
 * <p>Also derived from the operators every job shares (connectors/kafka names them): {@code oversight_events_in_total
 * {job,topic}} from the records out of {@code Source: kafka-source <topic>}, {@code oversight_events_out_total{job,topic}}
 * from the records into {@code kafka-sink <topic>: Writer} (dead letters excluded).
 *
 * <p>A restarted subtask's counters start at zero again and replace the old ones, so a sum may drop: Prometheus'
 * {@code rate()} and {@code increase()} treat the drop as a counter reset.
 */
final class SeedMetrics extends Collector {

    static final String EVENTS_IN = "oversight_events_in_total";
    static final String EVENTS_OUT = "oversight_events_out_total";
    private static final String DEAD_LETTER_TOPIC = "oversight.dlq.v1";

    /** One series: its family, sample name and labels. */
    private record Key(String family, String sample, List<String> labelNames, List<String> labelValues) {}

    private final Map<Metric, Key> metrics = new ConcurrentHashMap<>();

    /** Takes the metric when it is one of ours; false when Flink's reporter should export it as usual. */
    boolean add(Metric metric, String name, MetricGroup group) {
        Key key = keyOf(metric, name, group);
        if (key == null) {
            return false;
        }
        metrics.put(metric, key);
        return true;
    }

    boolean remove(Metric metric) {
        return metrics.remove(metric) != null;
    }

    static Key keyOf(Metric metric, String name, MetricGroup group) {
        Map<String, String> variables = group.getAllVariables();
        String job = jobName(variables.get("<job_name>"));
        String operator = variables.getOrDefault("<operator_name>", "");
        // Flink names a source operator "Source: <name>", a sink's writer "<name>: Writer"
        if (name.equals("numRecordsOut") && operator.contains("kafka-source ") && metric instanceof Counter) {
            return key(EVENTS_IN, EVENTS_IN, Map.of("job", job, "topic", topicAfter(operator, "kafka-source ")));
        }
        if (name.equals("numRecordsIn") && operator.contains("kafka-sink ") && operator.endsWith(": Writer")
                && metric instanceof Counter) {
            String topic = topicAfter(operator.substring(0, operator.length() - ": Writer".length()), "kafka-sink ");
            return topic.equals(DEAD_LETTER_TOPIC) ? null : key(EVENTS_OUT, EVENTS_OUT, Map.of("job", job, "topic", topic));
        }
        if (!(name.startsWith("openclaw_") || name.startsWith("oversight_"))) {
            return null;
        }
        if (!(metric instanceof Counter || metric instanceof Gauge)) {
            return null; // e.g. a Flink Histogram: Flink's reporter exports it (as a summary, under flink_...)
        }
        Map<String, String> labels = new TreeMap<>();
        labels.put("job", job);
        labels.putAll(userLabels(variables));
        if (name.endsWith("_bucket") && labels.containsKey("le")) {
            return key(name.substring(0, name.length() - "_bucket".length()), name, labels);
        }
        if (name.endsWith("_count") || name.endsWith("_sum")) {
            String family = name.substring(0, name.lastIndexOf('_'));
            return key(family, name, labels);
        }
        return key(name, name, labels);
    }

    private static Key key(String family, String sample, Map<String, String> labels) {
        Map<String, String> sorted = new TreeMap<>(labels);
        return new Key(family, sample, List.copyOf(sorted.keySet()), List.copyOf(sorted.values()));
    }

    /** The key/value groups a job added: every variable that is not one of Flink's scope variables. */
    static Map<String, String> userLabels(Map<String, String> variables) {
        Map<String, String> labels = new TreeMap<>();
        variables.forEach((key, value) -> {
            String name = key.substring(1, key.length() - 1);
            if (!FLINK_VARIABLES.contains(name)) {
                labels.put(name, value);
            }
        });
        return labels;
    }

    private static final java.util.Set<String> FLINK_VARIABLES = java.util.Set.of("host", "tm_id", "job_id", "job_name",
            "task_id", "task_name", "task_attempt_id", "task_attempt_num", "subtask_index", "operator_id", "operator_name");

    /** The topic after {@code prefix} in an operator name (topic names have no spaces). */
    static String topicAfter(String operator, String prefix) {
        String rest = operator.substring(operator.indexOf(prefix) + prefix.length());
        int space = rest.indexOf(' ');
        return space < 0 ? rest : rest.substring(0, space);
    }

    static String jobName(String flinkJobName) {
        if (flinkJobName == null) {
            return "";
        }
        return flinkJobName.startsWith("oversight-") ? flinkJobName.substring("oversight-".length()) : flinkJobName;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        // family -> sample series -> summed value
        Map<String, Map<Key, Double>> families = new TreeMap<>();
        metrics.forEach((metric, key) -> {
            double value = valueOf(metric);
            if (!Double.isNaN(value)) {
                families.computeIfAbsent(key.family(), f -> new LinkedHashMap<>()).merge(key, value, Double::sum);
            }
        });
        List<MetricFamilySamples> out = new ArrayList<>();
        families.forEach((family, series) -> {
            boolean histogram = series.keySet().stream().anyMatch(k -> k.sample().equals(family + "_bucket"));
            Type type = histogram ? Type.HISTOGRAM : family.endsWith("_total") ? Type.COUNTER : Type.GAUGE;
            List<MetricFamilySamples.Sample> samples = new ArrayList<>();
            series.forEach((key, value) -> samples.add(new MetricFamilySamples.Sample(key.sample(), key.labelNames(),
                    key.labelValues(), value)));
            // the text format wants a histogram's buckets in increasing le order, +Inf last
            samples.sort((a, b) -> Double.compare(le(a), le(b)));
            String help = histogram ? family + " (histogram; buckets, _count, _sum)" : family;
            // simpleclient 0.8 (Flink's) writes the family name as it is into # TYPE: the full sample name for counters
            out.add(new MetricFamilySamples(family, type, help, samples));
        });
        return Collections.unmodifiableList(out);
    }

    private static double le(MetricFamilySamples.Sample sample) {
        int i = sample.labelNames.indexOf("le");
        if (i < 0 || !sample.name.endsWith("_bucket")) {
            return Double.MAX_VALUE;
        }
        String le = sample.labelValues.get(i);
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    private static double valueOf(Metric metric) {
        if (metric instanceof Counter counter) {
            return counter.getCount();
        }
        if (metric instanceof Gauge<?> gauge) {
            Object value = gauge.getValue();
            return value instanceof Number number ? number.doubleValue() : Double.NaN;
        }
        return Double.NaN;
    }
}
