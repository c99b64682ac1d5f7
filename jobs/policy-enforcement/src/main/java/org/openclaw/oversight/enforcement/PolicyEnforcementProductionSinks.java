package org.openclaw.oversight.enforcement;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaSinks;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.DeadLetter;

/** The real outputs: upserts into policy_violations, exactly-once Kafka for alerts and dead letters. */
public final class PolicyEnforcementProductionSinks implements PolicyEnforcementSinks {

    private final KafkaConnection kafka;
    private final JdbcConnection db;
    private final Duration flush;

    public PolicyEnforcementProductionSinks(KafkaConnection kafka, JdbcConnection db, Duration dbFlushInterval) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.db = Objects.requireNonNull(db, "db");
        this.flush = Objects.requireNonNull(dbFlushInterval, "dbFlushInterval");
    }

    @Override
    public void violations(DataStream<Violation> violations) {
        violations.sinkTo(ViolationTable.sink(db, flush)).name("policy_violations").uid("sink-policy-violations");
    }

    @Override
    public void alerts(DataStream<Alert> alerts) {
        KafkaSinks.attach(alerts, KafkaSinks.avro(kafka, PolicyEnforcementJob.JOB, Topics.ALERTS, Alert.class, Alert::getFingerprint),
                Topics.ALERTS);
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        KafkaSinks.attach(deadLetters, KafkaSinks.deadLetters(kafka, PolicyEnforcementJob.JOB), Topics.DEAD_LETTERS);
    }
}
