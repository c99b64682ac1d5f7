package org.openclaw.oversight.cost;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaSinks;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.DeadLetter;

/** The real outputs: PostgreSQL upserts of the three metrics tables, exactly-once Kafka for the minute rows, alerts and dead letters. */
public final class CostAggregationProductionSinks implements CostAggregationSinks {

    private final KafkaConnection kafka;
    private final JdbcConnection db;
    private final Duration flush;

    /** {@code dbFlushInterval}: how long rows may wait in a table sink's batch ({@link CostAggregationSettings#dbFlushInterval}). */
    public CostAggregationProductionSinks(KafkaConnection kafka, JdbcConnection db, Duration dbFlushInterval) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.db = Objects.requireNonNull(db, "db");
        this.flush = Objects.requireNonNull(dbFlushInterval, "dbFlushInterval");
    }

    @Override
    public void agentMetrics1m(DataStream<AgentMetrics> rows) {
        rows.sinkTo(MetricsTables.agentMetrics(MetricsTables.AGENT_METRICS_1M, db, flush))
                .name("agent_metrics_1m").uid("sink-agent-metrics-1m");
    }

    @Override
    public void agentMetrics1h(DataStream<AgentMetrics> rows) {
        rows.sinkTo(MetricsTables.agentMetrics(MetricsTables.AGENT_METRICS_1H, db, flush))
                .name("agent_metrics_1h").uid("sink-agent-metrics-1h");
    }

    @Override
    public void systemMetrics1m(DataStream<SystemMetrics> rows) {
        rows.sinkTo(MetricsTables.systemMetrics(db, flush)).name("system_metrics_1m").uid("sink-system-metrics-1m");
    }

    @Override
    public void agentMetricsTopic(DataStream<org.openclaw.oversight.schema.AgentMetrics> rows) {
        KafkaSinks.attach(rows, KafkaSinks.avro(kafka, CostAggregationJob.JOB, Topics.AGENT_METRICS,
                org.openclaw.oversight.schema.AgentMetrics.class, AgentMetricsPublisher::key), Topics.AGENT_METRICS);
    }

    @Override
    public void alerts(DataStream<Alert> alerts) {
        KafkaSinks.attach(alerts, KafkaSinks.avro(kafka, CostAggregationJob.JOB, Topics.ALERTS, Alert.class, Alert::getFingerprint),
                Topics.ALERTS);
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        KafkaSinks.attach(deadLetters, KafkaSinks.deadLetters(kafka, CostAggregationJob.JOB), Topics.DEAD_LETTERS);
    }
}
