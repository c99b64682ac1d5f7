package org.openclaw.oversight.platform.dlq;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDecoder;
import org.openclaw.oversight.connectors.kafka.SchemaRegistry;
import org.openclaw.oversight.connectors.kafka.UndecodableRecordException;
import org.openclaw.oversight.localstack.TopicReader;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * Reads the DLQ topic as a read_committed consumer (letters of aborted job transactions are not
 * letters) from its beginning, or from the first named position, up to the end offsets of the
 * moment it starts. It gives up only when the topic yields nothing for {@code idleTimeout}, so a
 * long topic is read whole however long it takes. Records that are not DeadLetters are counted,
 * not fatal.
 */
final class DeadLetterReader {

    private final Map<String, Object> clientProperties;
    private final ConfluentAvroDecoder<DeadLetter> decoder;
    private final String topic;
    private final Duration idleTimeout;

    DeadLetterReader(Map<String, Object> clientProperties, SchemaRegistry registry, String topic, Duration idleTimeout) {
        this.clientProperties = clientProperties;
        this.decoder = new ConfluentAvroDecoder<>(registry, DeadLetter.class);
        this.topic = topic;
        this.idleTimeout = idleTimeout;
    }

    /** What one read saw besides the letters it handed over. */
    record Report(String topic, String topicId, long recordsRead, Map<String, Long> notLetters, List<String> missing) {}

    /**
     * Hands every letter at one of {@code positions} (all letters when empty) to {@code action}, in
     * partition order.
     */
    Report read(List<LetterPosition> positions, Consumer<StoredLetter> action) {
        TopicDescription description = describe();
        Map<String, Object> consumerProperties = new HashMap<>(clientProperties);
        consumerProperties.putAll(TopicReader.readCommitted((String) clientProperties.get("bootstrap.servers")));
        List<TopicPartition> partitions = new ArrayList<>();
        description.partitions().forEach(p -> {
            if (positions.isEmpty() || positions.stream().anyMatch(pos -> pos.partition() == p.partition())) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        });
        List<String> missing = new ArrayList<>();
        positions.stream().filter(pos -> description.partitions().stream().noneMatch(p -> p.partition() == pos.partition()))
                .forEach(pos -> missing.add(pos + " (the topic has " + description.partitions().size() + " partitions)"));
        Map<String, Long> notLetters = new TreeMap<>();
        Map<String, Boolean> found = new HashMap<>();
        long[] read = {0};
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions, idleTimeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, idleTimeout); // last stable offsets
            Map<TopicPartition, Long> stop = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long from = start.get(tp);
                long until = end.get(tp);
                if (!positions.isEmpty()) {
                    for (LetterPosition pos : positions) {
                        if (pos.partition() != tp.partition()) {
                            continue;
                        }
                        if (pos.to() < start.get(tp)) {
                            missing.add(pos + " (no longer on the topic: retention; partition " + tp.partition()
                                    + " starts at " + start.get(tp) + ")");
                        } else if (pos.from() >= end.get(tp)) {
                            missing.add(pos + " (not on the topic: partition " + tp.partition() + " ends before "
                                    + end.get(tp) + ")");
                        }
                    }
                    from = Math.max(from, positions.stream().filter(p -> p.partition() == tp.partition())
                            .mapToLong(LetterPosition::from).min().orElse(from));
                    until = Math.min(until, positions.stream().filter(p -> p.partition() == tp.partition())
                            .mapToLong(p -> p.to() + 1).max().orElse(until));
                }
                stop.put(tp, until);
                consumer.seek(tp, Math.min(from, until));
            }
            Instant lastProgress = Instant.now();
            while (true) {
                List<TopicPartition> open = new ArrayList<>();
                for (TopicPartition tp : partitions) {
                    if (consumer.position(tp) < stop.get(tp)) {
                        open.add(tp);
                    }
                }
                if (open.isEmpty()) {
                    break;
                }
                List<TopicPartition> done = new ArrayList<>(partitions);
                done.removeAll(open);
                consumer.pause(done);
                var records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    if (Duration.between(lastProgress, Instant.now()).compareTo(idleTimeout) > 0) {
                        throw new UserFacingException("reading " + topic + " stalled: nothing for " + idleTimeout
                                + " before its end offsets " + stop + " (" + read[0] + " records read)",
                                "check that Kafka is reachable, or pass a longer --read-timeout");
                    }
                    continue;
                }
                lastProgress = Instant.now();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= stop.get(tp)) {
                        continue;
                    }
                    read[0]++;
                    if (!positions.isEmpty()
                            && positions.stream().noneMatch(p -> p.contains(record.partition(), record.offset()))) {
                        continue;
                    }
                    DeadLetter letter;
                    try {
                        letter = decoder.decode(record.value());
                    } catch (UndecodableRecordException e) {
                        notLetters.merge(e.reason().errorClass(), 1L, Long::sum);
                        continue;
                    }
                    found.put(record.partition() + ":" + record.offset(), true);
                    action.accept(new StoredLetter(record.partition(), record.offset(), letter));
                }
            }
        }
        for (LetterPosition pos : positions) {
            if (pos.from() == pos.to() && !found.containsKey(pos.toString())
                    && missing.stream().noneMatch(m -> m.startsWith(pos + " "))) {
                missing.add(pos + " (no letter there: a transaction marker, an aborted write or not a DeadLetter)");
            }
        }
        return new Report(topic, description.topicId().toString(), read[0], notLetters, missing);
    }

    private TopicDescription describe() {
        Map<String, Object> adminProperties = new HashMap<>(clientProperties);
        adminProperties.put("request.timeout.ms", (int) Math.min(idleTimeout.toMillis(), Integer.MAX_VALUE));
        adminProperties.put("default.api.timeout.ms", (int) Math.min(idleTimeout.toMillis(), Integer.MAX_VALUE));
        try (Admin admin = Admin.create(adminProperties)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new UserFacingException("the dead-letter topic " + topic + " does not exist on "
                        + clientProperties.get("bootstrap.servers"),
                        "check --bootstrap-servers and --dlq-topic; ./oversight up creates it locally");
            }
            throw new UserFacingException("cannot describe " + topic + " on " + clientProperties.get("bootstrap.servers")
                    + ": " + e.getCause().getMessage(), "check that Kafka is reachable", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + topic, e);
        }
    }
}
