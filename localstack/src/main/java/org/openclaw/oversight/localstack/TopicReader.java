package org.openclaw.oversight.localstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Reads a whole topic as a read_committed consumer: everything committed when the call starts, no more, no less. */
public final class TopicReader {

    private TopicReader() {}

    public static List<ConsumerRecord<byte[], byte[]>> readToEnd(String bootstrapServers, String topic, Duration deadline) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        forEach(bootstrapServers, topic, deadline, records::add);
        return records;
    }

    /** Like {@link #readToEnd} without keeping the records (e.g. to count a benchmark's millions of outputs). */
    public static long count(String bootstrapServers, String topic, Duration deadline) {
        long[] count = {0};
        forEach(bootstrapServers, topic, deadline, record -> count[0]++);
        return count[0];
    }

    /** Hands each committed record to {@code action}, in partition order, until the end offsets of the call's start. */
    public static void forEach(String bootstrapServers, String topic, Duration deadline,
            Consumer<ConsumerRecord<byte[], byte[]>> action) {
        long[] seen = {0};
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(readCommitted(bootstrapServers), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, deadline).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // for a read_committed consumer the end offset is the last stable offset
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, deadline);
            Instant giveUp = Instant.now().plus(deadline);
            while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new IllegalStateException("Could not read " + topic + " to its end offsets " + end + " within " + deadline
                            + "; got " + seen[0] + " records");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    seen[0]++;
                    action.accept(record);
                });
            }
        }
    }

    /** Consumer settings of a reader that sees only committed transactions and leaves no offsets behind. */
    public static Map<String, Object> readCommitted(String bootstrapServers) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }
}
