package org.openclaw.oversight.incident;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.openclaw.oversight.connectors.alertmanager.AlertmanagerSinkConfig;
import org.openclaw.oversight.connectors.flink.JobBootstrap;
import org.openclaw.oversight.connectors.flink.JobContext;
import org.openclaw.oversight.connectors.flink.JobEnvironment;
import org.openclaw.oversight.connectors.flink.OversightJob;
import org.openclaw.oversight.connectors.kafka.DecodedStream;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.DeadLetter;
import org.openclaw.oversight.schema.IncidentCommand;

/**
 * Incident response: {@code oversight.alerts.v1} (+ heartbeats and people's commands on
 * {@code oversight.incident-commands.v1}) -> incidents ({@code oversight.incidents}), escalation L1..L4,
 * runbook actions on {@code oversight.agent-control.v1}, every state change in {@code audit_log},
 * Alertmanager delivery, daily uptime and {@code SlaBreach}.
 *
 * <p>Shaped like every job (jobs/README.md): {@link #main} hands {@link #from} to {@link JobBootstrap};
 * {@link #defineWorkflow} is the job, which tests and the demo run with their own sources and sinks.
 * Everything it needs is in this object (settings, Kafka connection, Alertmanager config), so the demo
 * can add it to a shared environment.
 */
public final class IncidentResponseJob implements OversightJob<IncidentResponseSources, IncidentResponseSinks> {

    public static final String JOB = "incident-response";
    public static final String CONSUMER_GROUP = "oversight-incident-response";
    static final Duration DB_FLUSH_INTERVAL = Duration.ofSeconds(1);

    private final KafkaConnection kafka;
    private final ResponderSettings settings;
    private final AlertmanagerSinkConfig alertmanager;

    public IncidentResponseJob(KafkaConnection kafka, ResponderSettings settings, AlertmanagerSinkConfig alertmanager) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.alertmanager = Objects.requireNonNull(alertmanager, "alertmanager");
    }

    public static void main(String[] args) throws Exception {
        JobBootstrap.run(args, IncidentResponseJob::from);
    }

    /** The job as {@code main} runs it: the config's {@code incidents} section and SLA, the options' Alertmanager. */
    public static IncidentResponseJob from(JobContext context) {
        return new IncidentResponseJob(context.kafka(), ResponderSettings.of(context.config().settings()),
                IncidentResponseProductionSinks.alertmanagerConfig(context.options().alertmanagerUrl()));
    }

    @Override
    public String name() {
        return JOB;
    }

    @Override
    public IncidentResponseSources sources(JobContext context) {
        return new IncidentResponseSources(
                KafkaSources.rawRecords(kafka, CONSUMER_GROUP, Topics.ALERTS).startingOffsets(context.startingOffsets()).build(),
                KafkaSources.rawRecords(kafka, CONSUMER_GROUP, Topics.HEARTBEATS).startingOffsets(context.startingOffsets()).build(),
                KafkaSources.rawRecords(kafka, CONSUMER_GROUP, Topics.INCIDENT_COMMANDS).startingOffsets(context.startingOffsets()).build());
    }

    @Override
    public IncidentResponseSinks sinks(JobContext context) {
        return new IncidentResponseProductionSinks(kafka, context.db(), alertmanager, DB_FLUSH_INTERVAL);
    }

    @Override
    public void defineWorkflow(StreamExecutionEnvironment env, IncidentResponseSources sources, IncidentResponseSinks sinks) {
        if (env.getMaxParallelism() <= 0) {
            env.setMaxParallelism(JobEnvironment.MAX_PARALLELISM);
        }
        DecodedStream<Alert> alerts = KafkaSources.decode(KafkaSources.read(env, sources.alerts(), Topics.ALERTS), Alert.class, kafka, JOB);
        DecodedStream<AgentHeartbeat> heartbeats = KafkaSources.decode(KafkaSources.read(env, sources.heartbeats(), Topics.HEARTBEATS),
                AgentHeartbeat.class, kafka, JOB);
        DecodedStream<IncidentCommand> commands = KafkaSources.decode(
                KafkaSources.read(env, sources.commands(), Topics.INCIDENT_COMMANDS), IncidentCommand.class, kafka, JOB);
        respond(alerts.records(), heartbeats.records(), commands.records(), settings, sinks);
        sinks.deadLetters(alerts.deadLetters().union(heartbeats.deadLetters(), commands.deadLetters()));
    }

    /** Everything after decoding, for tests that feed records directly. */
    static void respond(DataStream<Alert> alerts, DataStream<AgentHeartbeat> heartbeats, DataStream<IncidentCommand> commands,
            ResponderSettings settings, IncidentResponseSinks sinks) {
        TypeInformation<IncidentInput> inputType = TypeInformation.of(IncidentInput.class);
        DataStream<IncidentInput> fromAlerts = alerts
                // SlaBreach alerts of this job come back through the topic and open incidents like any other
                .map(IncidentInput::ofAlert, inputType).name("alert input").uid("alert-input");
        DataStream<IncidentInput> fromHeartbeats = heartbeats.map(IncidentInput::ofHeartbeat, inputType)
                .name("heartbeat input").uid("heartbeat-input");
        DataStream<IncidentInput> fromCommands = commands.map(IncidentInput::ofCommand, inputType)
                .name("command input").uid("command-input");
        SingleOutputStreamOperator<Incident> incidents = fromAlerts.union(fromHeartbeats, fromCommands)
                .keyBy(input -> input.tenantId, Types.STRING)
                .process(new IncidentResponder(settings), TypeInformation.of(Incident.class))
                .name("incident responder").uid("incident-responder");
        sinks.incidents(incidents);
        sinks.controlCommands(incidents.getSideOutput(IncidentResponder.COMMANDS));
        sinks.audit(incidents.getSideOutput(IncidentResponder.AUDIT));
        sinks.alertmanager(incidents.getSideOutput(IncidentResponder.ALERTMANAGER));
        sinks.alerts(incidents.getSideOutput(IncidentResponder.SLA_ALERTS));
        sinks.uptime(incidents.getSideOutput(IncidentResponder.UPTIME));
    }
}
