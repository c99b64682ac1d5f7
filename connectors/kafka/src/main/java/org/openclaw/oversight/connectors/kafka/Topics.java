package org.openclaw.oversight.connectors.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openclaw.oversight.config.RetentionSettings;

/**
 * The topics of DESIGN §3, with what {@code oversight up} needs to create them. Partition counts
 * are sized for one local broker and a few job subtasks; production overrides them in
 * {@code deploy/flink-operator/}.
 */
public final class Topics {

    public static final String AGENT_EVENTS = "oversight.agent-events.v1";
    public static final String CHANNEL_MESSAGES = "oversight.channel-messages.v1";
    public static final String HEARTBEATS = "oversight.heartbeats.v1";
    public static final String CLEAN_EVENTS = "oversight.clean-events.v1";
    public static final String ALERTS = "oversight.alerts.v1";
    public static final String AGENT_CONTROL = "oversight.agent-control.v1";
    public static final String POLICIES = "oversight.policies.v1";
    public static final String DEAD_LETTERS = "oversight.dlq.v1";

    /**
     * Dead letters hold raw records (encrypted): kept long enough to fix the cause and replay, no
     * longer. The default of storage.retention.dead_letters; `oversight up` applies the configured one.
     */
    private static final String DLQ_RETENTION_MS = String.valueOf(RetentionSettings.DEFAULTS.deadLetters().toMillis());

    /**
     * One topic: name, partitions, whether it is compacted (latest value per key wins, as for
     * commands and policy documents), the record key, and the Kafka topic configs to create it with.
     */
    public record TopicSpec(String name, int partitions, boolean compacted, String key, Map<String, String> configs) {
        static TopicSpec of(String name, int partitions, boolean compacted, String key, Map<String, String> extra) {
            Map<String, String> configs = new LinkedHashMap<>(extra);
            configs.put("cleanup.policy", compacted ? "compact" : "delete");
            return new TopicSpec(name, partitions, compacted, key, Map.copyOf(configs));
        }

        /** Subject of the topic's values in the schema registry (TopicNameStrategy). */
        public String valueSubject() {
            return ConfluentWireFormat.valueSubject(name);
        }
    }

    private static final List<TopicSpec> ALL = List.of(
            TopicSpec.of(AGENT_EVENTS, 6, false, "traceId", Map.of()),
            TopicSpec.of(CHANNEL_MESSAGES, 6, false, "conversationId", Map.of()),
            TopicSpec.of(HEARTBEATS, 3, false, "agentId", Map.of()),
            TopicSpec.of(CLEAN_EVENTS, 6, false, "traceId", Map.of()),
            TopicSpec.of(ALERTS, 3, false, "fingerprint", Map.of()),
            TopicSpec.of(AGENT_CONTROL, 3, true, "agentId", Map.of()),
            TopicSpec.of(POLICIES, 1, true, "policy set id", Map.of()),
            TopicSpec.of(DEAD_LETTERS, 3, false, "source topic", Map.of("retention.ms", DLQ_RETENTION_MS)));

    private Topics() {}

    /** Every topic of the platform, in DESIGN §3 order. */
    public static List<TopicSpec> all() {
        return ALL;
    }

    public static Optional<TopicSpec> find(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
