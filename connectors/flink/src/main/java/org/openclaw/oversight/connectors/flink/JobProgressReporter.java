package org.openclaw.oversight.connectors.flink;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.openclaw.oversight.connectors.kafka.Topics;

/**
 * An in-process metric reporter for local runs: it keeps the counters the terminal's progress line adds
 * up, so {@link JobRunner} needs no REST round trips and no knowledge of a job's operators. It relies on
 * the names {@code connectors/kafka} gives every job's operators:
 * <ul>
 *   <li>in: records out of the {@code kafka-source <topic>} operators,</li>
 *   <li>out: records into the {@code kafka-sink <topic>: Writer} operators, the DLQ excluded,</li>
 *   <li>dead letters: records into the DLQ sink's writer,</li>
 *   <li>rows: {@code rowsWritten} of the database sinks.</li>
 * </ul>
 * Totals count since this JVM started: when a task restarts, its old counters are retired into the
 * totals before the new ones start from zero, so replayed records are counted again (it is "processed",
 * not "unique").
 */
public final class JobProgressReporter implements MetricReporter {

    /** What the progress line shows. */
    public enum Measure { IN, OUT, DEAD_LETTERS, ROWS }

    /** Totals at one moment. */
    public record Totals(long in, long out, long deadLetters, long rows) {}

    private static final Map<Counter, Measure> LIVE = new ConcurrentHashMap<>();
    private static final AtomicLongArray RETIRED = new AtomicLongArray(Measure.values().length);

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter counter) {
            Measure measure = classify(name, group.getAllVariables().get("<operator_name>"));
            if (measure != null) {
                LIVE.put(counter, measure);
            }
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter counter) {
            Measure measure = LIVE.remove(counter);
            if (measure != null) {
                RETIRED.addAndGet(measure.ordinal(), counter.getCount());
            }
        }
    }

    static Measure classify(String metric, String operator) {
        if (operator == null) {
            return null;
        }
        if ("rowsWritten".equals(metric)) {
            return Measure.ROWS;
        }
        if ("numRecordsOut".equals(metric) && operator.contains("kafka-source ")) {
            return Measure.IN;
        }
        if ("numRecordsIn".equals(metric) && operator.contains("kafka-sink ") && operator.endsWith("Writer")) {
            return operator.contains(Topics.DEAD_LETTERS) ? Measure.DEAD_LETTERS : Measure.OUT;
        }
        return null;
    }

    /** The totals of this JVM's jobs so far. */
    public static Totals totals() {
        Map<Measure, Long> sums = new EnumMap<>(Measure.class);
        for (Measure measure : Measure.values()) {
            sums.put(measure, RETIRED.get(measure.ordinal()));
        }
        LIVE.forEach((counter, measure) -> sums.merge(measure, counter.getCount(), Long::sum));
        return new Totals(sums.get(Measure.IN), sums.get(Measure.OUT), sums.get(Measure.DEAD_LETTERS), sums.get(Measure.ROWS));
    }

    /** True once any job of this JVM has registered one of our counters (else the names above changed). */
    public static boolean seesCounters() {
        return !LIVE.isEmpty();
    }
}
