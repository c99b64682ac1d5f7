package org.openclaw.oversight.connectors.kafka;

import org.openclaw.oversight.localstack.TopicReader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.RegistryAvroDeserializationSchema;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.DeadLetter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid records interleaved with every kind of bad record, through a real broker and a MiniCluster
 * (parallelism 2, checkpointing, one injected failure): each valid record arrives exactly once,
 * each bad one becomes exactly one dead letter with its original bytes and reason.
 */
@ExtendWith(LocalStackExtension.class)
class DeadLetterPipelineITCase {

    private static final int PARALLELISM = 2;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .build());

    /** A bad record we produced, and the dead letter we expect for it. */
    private record Bad(String errorClass, byte[] key, byte[] value, int partition, long offset) {}

    @Test
    void validRecordsArriveOnceAndBadOnesAreDeadLettered(KafkaBroker kafka, EmbeddedSchemaRegistry registry) throws Exception {
        String input = "it.dlq-input." + UUID.randomUUID();
        String output = "it.dlq-output." + UUID.randomUUID();
        kafka.createTopic(input, PARALLELISM);
        kafka.createTopic(output, PARALLELISM);
        kafka.createTopic(Topics.DEAD_LETTERS, 1);
        KafkaConnection connection = TestKeys.connection(kafka.bootstrapServers(), registry.url());

        ConfluentAvroSerializer<AgentEvent> serializer = new ConfluentAvroSerializer<>(registry.url());
        List<AgentEvent> valid = new ArrayList<>();
        List<Bad> bad = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 120; i++) {
                AgentEvent event = TestRecords.agentEvent(i);
                byte[] bytes = serializer.serialize(input, event);
                byte[] key = event.getTraceId().getBytes(StandardCharsets.UTF_8);
                int partition = i % PARALLELISM;
                switch (i % 12) {
                    case 3 -> bad.add(send(producer, input, partition, key, corruptBody(bytes), "corrupt_avro"));
                    case 5 -> bad.add(send(producer, input, partition, key, withByte(bytes, 0, (byte) 1), "bad_magic_byte"));
                    case 7 -> bad.add(send(producer, input, partition, key, withUnknownId(bytes), "unknown_schema_id"));
                    case 8 -> bad.add(send(producer, input, partition, key, Arrays.copyOf(bytes, bytes.length / 2), "truncated_avro"));
                    case 10 -> bad.add(send(producer, input, partition, null, new byte[0], "truncated"));
                    case 11 -> {
                        event.setName("forbidden");
                        bad.add(send(producer, input, partition, key, serializer.serialize(input, event), "test_rejected"));
                    }
                    default -> {
                        send(producer, input, partition, key, bytes, null);
                        valid.add(event);
                    }
                }
            }
            producer.flush();
        }
        String failAt = valid.get(valid.size() - 5).getEventId();

        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(300);
        ForwardAgentEventsJob.INJECTED_FAILURES.set(0);
        ForwardAgentEventsJob.defineWorkflow(env,
                KafkaSources.rawRecords(connection, "it-" + UUID.randomUUID(), input).bounded(OffsetsInitializer.latest()).build(),
                connection, failAt, decoded -> {
                    KafkaSinks.attach(decoded.records(),
                            KafkaSinks.avro(connection, ForwardAgentEventsJob.JOB, output, AgentEvent.class, AgentEvent::getTraceId),
                            output);
                    KafkaSinks.attach(decoded.deadLetters(), KafkaSinks.deadLetters(connection, ForwardAgentEventsJob.JOB),
                            Topics.DEAD_LETTERS);
                });

        Instant started = Instant.now();
        env.execute("dead-letter pipeline"); // returns normally only if the job finished (after its restart)
        Duration took = Duration.between(started, Instant.now());

        assertThat(ForwardAgentEventsJob.INJECTED_FAILURES).as("the failure was injected once").hasValue(1);

        // every valid record exactly once, keyed by traceId, decodable by both our decoder and Flink's registry schema
        List<ConsumerRecord<byte[], byte[]>> out = TopicReader.readToEnd(kafka.bootstrapServers(), output, Duration.ofSeconds(60));
        ConfluentAvroDecoder<AgentEvent> decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(registry.url()), AgentEvent.class);
        RegistryAvroDeserializationSchema<AgentEvent> flinkSchema = ConfluentAvroFormat.deserializationSchema(AgentEvent.class, registry.url());
        List<AgentEvent> received = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : out) {
            AgentEvent event = decoder.decode(record.value());
            assertThat(flinkSchema.deserialize(record.value())).isEqualTo(event);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(event.getTraceId());
            received.add(event);
        }
        assertThat(received).hasSameSizeAs(valid).containsExactlyInAnyOrderElementsOf(valid);

        // every bad record exactly once in the DLQ, with its bytes, coordinates and reason
        ConfluentAvroDecoder<DeadLetter> letters = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(registry.url()), DeadLetter.class);
        List<DeadLetter> deadLetters = new ArrayList<>();
        DeadLetterCipher cipher = TestKeys.cipher();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readToEnd(kafka.bootstrapServers(), Topics.DEAD_LETTERS, Duration.ofSeconds(60))) {
            DeadLetter letter = letters.decode(record.value());
            if (letter.getSourceTopic().equals(input)) {
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(input);
                deadLetters.add(letter);
            }
        }
        assertThat(deadLetters).hasSameSizeAs(bad);
        Map<Long, DeadLetter> byPartitionOffset = new HashMap<>();
        deadLetters.forEach(l -> byPartitionOffset.put(l.getPartition() * 1_000_000L + l.getOffset(), l));
        assertThat(byPartitionOffset).as("no duplicates").hasSameSizeAs(bad);
        for (Bad expected : bad) {
            DeadLetter letter = byPartitionOffset.get(expected.partition() * 1_000_000L + expected.offset());
            assertThat(letter).as("dead letter for %s at %d/%d", expected.errorClass(), expected.partition(), expected.offset()).isNotNull();
            assertThat(letter.getErrorClass()).isEqualTo(expected.errorClass());
            assertThat(letter.getErrorMessage()).isNotBlank();
            assertThat(letter.getJob()).isEqualTo(ForwardAgentEventsJob.JOB);
            assertThat(letter.getFailedAt()).isAfterOrEqualTo(started.minusSeconds(1));
            // sealed: readable only with the DLQ key, whole (these records are small), size and hash of the value kept
            assertThat(letter.getPayloadEncryption()).isEqualTo(DeadLetterCipher.ALGORITHM);
            assertThat(letter.getKeyId()).isEqualTo(cipher.keyId());
            assertThat(letter.getTruncated()).isFalse();
            assertThat(letter.getPayloadSize()).isEqualTo(expected.value().length);
            assertThat(letter.getPayloadSha256()).isEqualTo(DeadLetters.sha256(expected.value()));
            assertThat(bytes(letter.getPayload())).isNotEqualTo(expected.value());
            assertThat(cipher.decrypt(bytes(letter.getPayload()), input, letter.getPartition(), letter.getOffset(), "payload"))
                    .isEqualTo(expected.value());
            assertThat(letter.getKey() == null ? null
                    : cipher.decrypt(bytes(letter.getKey()), input, letter.getPartition(), letter.getOffset(), "key"))
                    .isEqualTo(expected.key());
        }
        System.out.printf("dead-letter pipeline: %d valid + %d bad records, 1 injected failure, finished in %d ms%n",
                valid.size(), bad.size(), took.toMillis());
    }

    private static Bad send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, byte[] key, byte[] value,
            String errorClass) throws Exception {
        RecordMetadata meta = producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
        return new Bad(errorClass, key, value, meta.partition(), meta.offset());
    }

    /** Keeps the header but makes the first string's length negative. */
    private static byte[] corruptBody(byte[] valid) {
        return withByte(valid, ConfluentWireFormat.HEADER_LENGTH, (byte) 0x01);
    }

    private static byte[] withUnknownId(byte[] valid) {
        byte[] copy = valid.clone();
        ConfluentWireFormat.writeHeader(1_999_999_999, copy, 0);
        return copy;
    }

    private static byte[] withByte(byte[] bytes, int index, byte value) {
        byte[] copy = bytes.clone();
        copy[index] = value;
        return copy;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
