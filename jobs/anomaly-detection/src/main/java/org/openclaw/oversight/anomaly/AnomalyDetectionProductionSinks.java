package org.openclaw.oversight.anomaly;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaSinks;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.connectors.timescale.JdbcUpsertSink;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.DeadLetter;

/** The real outputs: exactly-once Kafka for alerts and dead letters, upserts into {@code oversight.anomalies}. */
public final class AnomalyDetectionProductionSinks implements AnomalyDetectionSinks {

    public static final String ANOMALIES = "oversight.anomalies";

    private final KafkaConnection kafka;
    private final JdbcConnection db;
    private final Duration flush;

    public AnomalyDetectionProductionSinks(KafkaConnection kafka, JdbcConnection db, Duration dbFlushInterval) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.db = Objects.requireNonNull(db, "db");
        this.flush = Objects.requireNonNull(dbFlushInterval, "dbFlushInterval");
    }

    @Override
    public void alerts(DataStream<Alert> alerts) {
        KafkaSinks.attach(alerts, KafkaSinks.avro(kafka, AnomalyDetectionJob.JOB, Topics.ALERTS, Alert.class, Alert::getFingerprint),
                Topics.ALERTS);
    }

    @Override
    public void anomalies(DataStream<AnomalyRow> anomalies) {
        // one subtask per key, so the last write of a (fingerprint, starts_at) is well defined
        anomalies.keyBy(row -> row.fingerprint() + "|" + row.startsAt().toEpochMilli(), org.apache.flink.api.common.typeinfo.Types.STRING)
                .sinkTo(anomaliesTable(db, flush)).name("anomalies").uid("sink-anomalies");
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        KafkaSinks.attach(deadLetters, KafkaSinks.deadLetters(kafka, AnomalyDetectionJob.JOB), Topics.DEAD_LETTERS);
    }

    public static Sink<AnomalyRow> anomaliesTable(JdbcConnection db, Duration flushInterval) {
        return JdbcUpsertSink.<AnomalyRow>into(ANOMALIES)
                .key("fingerprint", "starts_at")
                .text("fingerprint", AnomalyRow::fingerprint)
                .timestamptz("starts_at", AnomalyRow::startsAt)
                .timestamptz("ends_at", AnomalyRow::endsAt)
                .text("tenant_id", AnomalyRow::tenantId)
                .text("agent_id", AnomalyRow::agentId)
                .text("detector", AnomalyRow::detector)
                .text("metric", AnomalyRow::metric)
                .doublePrecision("value", AnomalyRow::value)
                .doublePrecision("mean", AnomalyRow::mean)
                .doublePrecision("sigma", AnomalyRow::sigma)
                .bigint("window_seconds", AnomalyRow::windowSeconds)
                .text("severity", AnomalyRow::severity)
                .jsonb("details", AnomalyRow::details)
                .now("updated_at")
                .flushInterval(flushInterval)
                .build(db);
    }
}
