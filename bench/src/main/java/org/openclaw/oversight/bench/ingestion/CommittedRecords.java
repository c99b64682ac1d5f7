package org.openclaw.oversight.bench.ingestion;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Reads what is committed on a topic (read_committed), to check a run's output count. */
final class CommittedRecords {

    private CommittedRecords() {}

    static Map<String, Object> consumerConfig(String bootstrapServers) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    }

    static long count(String bootstrapServers, String topic, Duration deadline) {
        long[] count = {0};
        forEach(bootstrapServers, topic, deadline, record -> count[0]++);
        return count[0];
    }

    static void forEach(String bootstrapServers, String topic, Duration deadline, Consumer<ConsumerRecord<byte[], byte[]>> action) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, deadline).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, deadline);
            Instant giveUp = Instant.now().plus(deadline);
            while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + deadline);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(action);
            }
        }
    }
}
