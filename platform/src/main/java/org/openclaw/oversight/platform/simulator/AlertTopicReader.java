package org.openclaw.oversight.platform.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDeserializer;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.schema.Alert;

/**
 * Every alert on oversight.alerts.v1 as the scorer sees it: read_committed (the detectors write exactly-once, so
 * only committed alerts count), from the beginning up to the end offsets at the time of the call, without a
 * consumer group.
 */
final class AlertTopicReader {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private AlertTopicReader() {
    }

    static List<ObservedAlert> readAll(String bootstrapServers, String registryUrl) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // never create the topic by looking at it: oversight up creates it with its partitions and compaction
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "oversight-simulate-score");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        ConfluentAvroDeserializer<Alert> decoder = new ConfluentAvroDeserializer<>(registryUrl, Alert.class);
        List<ObservedAlert> alerts = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new UserFacingException("the topic " + Topics.ALERTS + " does not exist at " + bootstrapServers,
                        "run ./oversight up (it creates the topics), or score a file with --alerts FILE", null);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new UserFacingException("reading " + Topics.ALERTS + " took longer than " + DEADLINE,
                            "check the broker (./oversight status)", null);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Alert a = decoder.deserialize(r.topic(), r.value());
                    if (a != null) {
                        Map<String, String> labels = a.getLabels();
                        alerts.add(new ObservedAlert(a.getFingerprint(), a.getAlertname(), a.getSeverity(),
                                a.getTenantId() != null ? a.getTenantId() : labels.get("tenant"),
                                a.getAgentId() != null ? a.getAgentId() : labels.get("agent"), labels.get("rule"),
                                a.getStartsAt().toEpochMilli(), a.getSource()));
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new UserFacingException("Kafka at " + bootstrapServers + " does not answer for " + Topics.ALERTS
                    + ": " + e.getMessage(), "is the stack up? run ./oversight up (or pass --bootstrap-servers)", e);
        }
        return alerts;
    }
}
