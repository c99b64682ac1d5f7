package org.openclaw.oversight.platform.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDecoder;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.localstack.TopicReader;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.ControlCommand;

/**
 * What is on the topics: records sent (end offsets of the input topics and the dead letters; the
 * simulator writes without transactions, so offsets are records) and, decoded with the registry, the
 * alerts the jobs raised and the control commands sent to the agents (read committed).
 */
final class TopicReadings {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    /** Alerts by alertname: firing (no endsAt) and resolved records. */
    record AlertCounts(Map<String, Long> firing, Map<String, Long> resolved) {}

    private final String bootstrapServers;
    private final String registryUrl;

    TopicReadings(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    /** Records on a topic (sum of end minus beginning offsets). */
    long records(String topic) {
        Map<String, Object> props = new java.util.HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "oversight-demo-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, DEADLINE).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, DEADLINE);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, DEADLINE);
            return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
        }
    }

    long inputRecords() {
        return records(Topics.AGENT_EVENTS) + records(Topics.CHANNEL_MESSAGES);
    }

    AlertCounts alerts() {
        ConfluentAvroDecoder<Alert> decoder = new ConfluentAvroDecoder<>(new SchemaRegistryClient(registryUrl), Alert.class);
        Map<String, Long> firing = new TreeMap<>();
        Map<String, Long> resolved = new TreeMap<>();
        TopicReader.forEach(bootstrapServers, Topics.ALERTS, DEADLINE, record -> {
            Alert alert = decoder.decode(record.value());
            (alert.getEndsAt() == null ? firing : resolved).merge(alert.getAlertname(), 1L, Long::sum);
        });
        return new AlertCounts(firing, resolved);
    }

    /** Control commands by action (RATE_LIMIT, PAUSE, SHUTDOWN, ...). */
    Map<String, Long> controlCommands() {
        ConfluentAvroDecoder<ControlCommand> decoder = new ConfluentAvroDecoder<>(new SchemaRegistryClient(registryUrl),
                ControlCommand.class);
        Map<String, Long> byAction = new TreeMap<>();
        TopicReader.forEach(bootstrapServers, Topics.AGENT_CONTROL, DEADLINE, record -> {
            if (record.value() != null) { // a tombstone on the compacted topic clears a command
                byAction.merge(decoder.decode(record.value()).getAction().name(), 1L, Long::sum);
            }
        });
        return byAction;
    }
}
