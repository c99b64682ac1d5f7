package org.openclaw.oversight.connectors.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.openclaw.oversight.config.RetentionSettings;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.AgentMetrics;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.ControlCommand;
import org.openclaw.oversight.schema.DeadLetter;
import org.openclaw.oversight.schema.IncidentCommand;

/**
 * The topics of DESIGN §3, the one place that says what each is: name, partitions, compaction,
 * key, creation configs and the Avro record class of its values. {@code oversight up} creates the
 * topics and registers the value schemas from here, the simulator and the jobs take the names from
 * here. Partition counts are sized for one local broker and a few job subtasks; production
 * overrides them in {@code deploy/flink-operator/}.
 */
public final class Topics {

    public static final String AGENT_EVENTS = "oversight.agent-events.v1";
    public static final String CHANNEL_MESSAGES = "oversight.channel-messages.v1";
    public static final String HEARTBEATS = "oversight.heartbeats.v1";
    public static final String CLEAN_EVENTS = "oversight.clean-events.v1";
    public static final String AGENT_METRICS = "oversight.agent-metrics.v1";
    public static final String ALERTS = "oversight.alerts.v1";
    public static final String AGENT_CONTROL = "oversight.agent-control.v1";
    public static final String POLICIES = "oversight.policies.v1";
    public static final String DEAD_LETTERS = "oversight.dlq.v1";
    /** Acks, resolves and manual runbook actions of people ({@code oversight incident ...}) for incident-response. */
    public static final String INCIDENT_COMMANDS = "oversight.incident-commands.v1";

    /**
     * Dead letters hold raw records (encrypted): kept long enough to fix the cause and replay, no
     * longer. The default of storage.retention.dead_letters; `oversight up` applies the configured one.
     */
    private static final String DLQ_RETENTION_MS = String.valueOf(RetentionSettings.DEFAULTS.deadLetters().toMillis());

    /**
     * One topic: name, partitions, whether it is compacted (latest value per key wins, as for
     * commands and policy documents), the record key, the generated Avro class of its values (null
     * for the policies topic, whose values are YAML text), and the Kafka topic configs to create it
     * with.
     */
    public record TopicSpec(String name, int partitions, boolean compacted, String key,
            Class<? extends SpecificRecord> valueClass, Map<String, String> configs) {
        static TopicSpec of(String name, int partitions, boolean compacted, String key,
                Class<? extends SpecificRecord> valueClass, Map<String, String> extra) {
            Map<String, String> configs = new LinkedHashMap<>(extra);
            configs.put("cleanup.policy", compacted ? "compact" : "delete");
            return new TopicSpec(name, partitions, compacted, key, valueClass, Map.copyOf(configs));
        }

        /**
         * The Avro schema of the values, registered under {@link #valueSubject()} so agents using a
         * stock Confluent serializer with "use latest version" produce valid events; empty for the
         * policies topic.
         */
        public Optional<Schema> valueSchema() {
            return Optional.ofNullable(valueClass).map(SpecificData.get()::getSchema);
        }

        /** Subject of the topic's values in the schema registry (TopicNameStrategy). */
        public String valueSubject() {
            return ConfluentWireFormat.valueSubject(name);
        }
    }

    private static final List<TopicSpec> ALL = List.of(
            TopicSpec.of(AGENT_EVENTS, 6, false, "traceId", AgentEvent.class, Map.of()),
            TopicSpec.of(CHANNEL_MESSAGES, 6, false, "conversationId", ChannelMessage.class, Map.of()),
            TopicSpec.of(HEARTBEATS, 3, false, "agentId", AgentHeartbeat.class, Map.of()),
            TopicSpec.of(CLEAN_EVENTS, 6, false, "traceId", CleanEvent.class, Map.of()),
            TopicSpec.of(AGENT_METRICS, 3, false, "tenantId/agentId", AgentMetrics.class, Map.of()),
            TopicSpec.of(ALERTS, 3, false, "fingerprint", Alert.class, Map.of()),
            TopicSpec.of(AGENT_CONTROL, 3, true, "agentId", ControlCommand.class, Map.of()),
            TopicSpec.of(POLICIES, 1, true, "policy set id", null, Map.of()),
            TopicSpec.of(DEAD_LETTERS, 3, false, "source topic", DeadLetter.class,
                    Map.of("retention.ms", DLQ_RETENTION_MS)),
            TopicSpec.of(INCIDENT_COMMANDS, 1, false, "incidentId", IncidentCommand.class, Map.of()));

    private Topics() {}

    /** Every topic of the platform, in DESIGN §3 order. */
    public static List<TopicSpec> all() {
        return ALL;
    }

    public static Optional<TopicSpec> find(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
