package org.openclaw.oversight.platform.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends replayed records in one Kafka transaction: a read_committed job sees all of them or none,
 * so an interrupted replay leaves nothing half-sent to account for. Each record goes to its original
 * partition (Kafka never shrinks a topic) with the decrypted key and value as they were, plus a
 * header naming the letter it came from.
 */
final class ReplayPublisher implements AutoCloseable {

    /** Header on every replayed record: {@code <dlq topic>:<partition>:<offset>} of its letter. */
    static final String REPLAYED_FROM_HEADER = "oversight.replayed-from";

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Integer> partitionCounts = new HashMap<>();

    /** One record to send. */
    record Outgoing(String topic, int partition, byte[] key, byte[] value, String replayedFrom) {}

    ReplayPublisher(Map<String, Object> clientProperties, Duration timeout) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put("transactional.id", "oversight-dlq-replay-" + UUID.randomUUID());
        properties.put("enable.idempotence", true);
        properties.put("acks", "all");
        properties.put("max.block.ms", (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
        // the broker's message.max.bytes decides; the client should not refuse a record the source topic took
        properties.put("max.request.size", 64 * 1024 * 1024);
        this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Partitions of a topic; throws when it does not exist (within max.block.ms). */
    int partitions(String topic) {
        return partitionCounts.computeIfAbsent(topic, t -> producer.partitionsFor(t).size());
    }

    /** Sends all records in one transaction and commits it; on any failure aborts and rethrows. */
    void sendAll(List<Outgoing> records) {
        producer.initTransactions();
        producer.beginTransaction();
        try {
            for (Outgoing record : records) {
                ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(record.topic(), record.partition(),
                        record.key(), record.value());
                out.headers().add(REPLAYED_FROM_HEADER, record.replayedFrom().getBytes(StandardCharsets.UTF_8));
                producer.send(out);
            }
            producer.commitTransaction(); // flushes; throws if any send failed
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
