package org.openclaw.oversight.incident;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.openclaw.oversight.connectors.alertmanager.AlertmanagerSink;
import org.openclaw.oversight.connectors.alertmanager.AlertmanagerSinkConfig;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaSinks;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.ControlCommand;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * The real outputs: upserts of the incidents and uptime tables, the audit log, exactly-once Kafka for
 * control commands, SlaBreach alerts and dead letters, and Alertmanager (one writer, so its request-rate
 * bound is the job's).
 */
public final class IncidentResponseProductionSinks implements IncidentResponseSinks {

    private final KafkaConnection kafka;
    private final JdbcConnection db;
    private final AlertmanagerSinkConfig alertmanager;
    private final Duration flush;

    public IncidentResponseProductionSinks(KafkaConnection kafka, JdbcConnection db, AlertmanagerSinkConfig alertmanager,
            Duration dbFlushInterval) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.db = Objects.requireNonNull(db, "db");
        this.alertmanager = Objects.requireNonNull(alertmanager, "alertmanager");
        this.flush = Objects.requireNonNull(dbFlushInterval, "dbFlushInterval");
    }

    /** Alertmanager as this job uses it: at most 10 requests/s, up to 500 alerts each, the connector's re-send timing. */
    public static AlertmanagerSinkConfig alertmanagerConfig(String url) {
        return AlertmanagerSinkConfig.builder(url).maxAlertsPerRequest(500).minRequestInterval(Duration.ofMillis(100)).build();
    }

    @Override
    public void incidents(DataStream<Incident> incidents) {
        incidents.sinkTo(IncidentTables.incidents(db, flush)).name("incidents").uid("sink-incidents");
    }

    @Override
    public void controlCommands(DataStream<ControlCommand> commands) {
        KafkaSinks.attach(commands, KafkaSinks.avro(kafka, IncidentResponseJob.JOB, Topics.AGENT_CONTROL, ControlCommand.class,
                ControlCommand::getAgentId), Topics.AGENT_CONTROL);
    }

    @Override
    public void audit(DataStream<AuditEntry> entries) {
        entries.sinkTo(new IncidentAuditSink(db)).name("audit_log").uid("sink-audit-log");
    }

    @Override
    public void alertmanager(DataStream<Alert> alerts) {
        alerts.sinkTo(new AlertmanagerSink(alertmanager)).name("alertmanager").uid("sink-alertmanager").setParallelism(1);
    }

    @Override
    public void alerts(DataStream<Alert> alerts) {
        KafkaSinks.attach(alerts, KafkaSinks.avro(kafka, IncidentResponseJob.JOB, Topics.ALERTS, Alert.class, Alert::getFingerprint),
                Topics.ALERTS);
    }

    @Override
    public void uptime(DataStream<AgentUptime> rows) {
        rows.sinkTo(IncidentTables.uptime(db, flush)).name("agent_uptime_daily").uid("sink-agent-uptime-daily");
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        KafkaSinks.attach(deadLetters, KafkaSinks.deadLetters(kafka, IncidentResponseJob.JOB), Topics.DEAD_LETTERS);
    }
}
