package org.openclaw.oversight.ingestion;

import org.openclaw.oversight.connectors.kafka.TestKeys;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDecoder;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.DeadLetterCipher;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.TopicReader;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.DeadLetter;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One run of the real ingestion job for the hardening ITCases: its own input and clean topics, the
 * shared DLQ, a MiniCluster environment without a restart strategy (so any failure fails the job
 * and the test), and readers that decrypt what the job dead-lettered.
 */
final class IngestionTestRun {

    static final int PARALLELISM = 2;
    static final Duration READ_DEADLINE = Duration.ofSeconds(90);
    static final int PRODUCER_MAX_REQUEST = 8 * 1024 * 1024;

    final KafkaBroker kafka;
    final String registryUrl;
    final KafkaConnection connection;
    final JdbcConnection db;
    final String prefix;
    final String events;
    final String messages;
    final String clean;

    private IngestionTestRun(KafkaBroker kafka, String registryUrl, JdbcConnection db, String name) {
        this.kafka = kafka;
        this.registryUrl = registryUrl;
        this.connection = TestKeys.connection(kafka.bootstrapServers(), registryUrl);
        this.db = db;
        String id = UUID.randomUUID().toString().substring(0, 8);
        this.prefix = name + "-" + id + "-";
        this.events = "it." + name + "-events." + id;
        this.messages = "it." + name + "-messages." + id;
        this.clean = "it." + name + "-clean." + id;
    }

    /** Topics for one run; {@code eventTopicConfigs} lets a test raise the events topic's max.message.bytes. */
    static IngestionTestRun create(KafkaBroker kafka, String registryUrl, JdbcConnection db, String name,
            Map<String, String> eventTopicConfigs) {
        IngestionTestRun run = new IngestionTestRun(kafka, registryUrl, db, name);
        kafka.createTopic(run.events, PARALLELISM, eventTopicConfigs);
        kafka.createTopic(run.messages, PARALLELISM);
        kafka.createTopic(run.clean, PARALLELISM);
        kafka.createTopic(Topics.DEAD_LETTERS, 1);
        return run;
    }

    KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, PRODUCER_MAX_REQUEST,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * PRODUCER_MAX_REQUEST),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** What was sent where: topic/partition/offset. */
    static String where(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    static String where(RecordMetadata meta) {
        return where(meta.topic(), meta.partition(), meta.offset());
    }

    static RecordMetadata send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, byte[] key, byte[] value)
            throws Exception {
        return producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
    }

    byte[] encode(AgentEvent event) {
        return new ConfluentAvroSerializer<AgentEvent>(registryUrl).serialize(events, event);
    }

    byte[] encode(ChannelMessage message) {
        return new ConfluentAvroSerializer<ChannelMessage>(registryUrl).serialize(messages, message);
    }

    /** Parallelism 2, checkpoints every 300 ms, and no restarts: a failing task fails the job. */
    static StreamExecutionEnvironment environment() {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(300);
        return env;
    }

    /** The job with its real sinks over this run's topics; bounded sources stop at the offsets of the start. */
    void defineJob(StreamExecutionEnvironment env, boolean bounded) {
        String group = "it-" + UUID.randomUUID();
        new IngestionJob(connection, TestRules.forTests(), TestKeys.piiKey(), Clock.systemUTC()).defineWorkflow(env,
                new IngestionSources(source(group, events, bounded), source(group + "-m", messages, bounded)),
                new IngestionProductionSinks(connection, db, clean));
    }

    private KafkaSource<KafkaRawRecord> source(String group, String topic, boolean bounded) {
        KafkaSources.RawSourceBuilder builder = KafkaSources.rawRecords(connection, group, topic)
                .startingOffsets(OffsetsInitializer.earliest());
        if (bounded) {
            builder.bounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * Runs a bounded job to its end, sampling its status every 100 ms: it must never be failing,
     * restarting or failed on the way (there is no restart strategy, so a failure would end it).
     */
    static Duration runToEnd(StreamExecutionEnvironment env, String name) throws Exception {
        Instant started = Instant.now();
        JobClient job = env.executeAsync(name);
        Set<JobStatus> bad = EnumSet.of(JobStatus.FAILING, JobStatus.FAILED, JobStatus.RESTARTING, JobStatus.CANCELLING,
                JobStatus.CANCELED);
        Instant deadline = started.plus(Duration.ofMinutes(3));
        while (true) {
            JobStatus status = job.getJobStatus().get();
            assertThat(status).as("job status of %s", name).isNotIn(bad);
            if (status == JobStatus.FINISHED) {
                job.getJobExecutionResult().get(); // rethrows if it did not finish cleanly
                return Duration.between(started, Instant.now());
            }
            assertThat(Instant.now()).as("%s finished in time", name).isBefore(deadline);
            awaitQuietly(Duration.ofMillis(100));
        }
    }

    /** Waits until {@code condition} holds, failing after {@code deadline}. */
    static void await(BooleanSupplier condition, Duration deadline, String what) {
        Instant giveUp = Instant.now().plus(deadline);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for %s", what).isBefore(giveUp);
            awaitQuietly(Duration.ofMillis(200));
        }
    }

    /** A pause between two polls of a condition (not a synchronisation: every caller re-checks what it waits for). */
    static void awaitQuietly(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * This run's dead letters, as the job wrote them. Chosen by their Kafka key (the source topic) before
     * decoding: the DLQ is shared by every test of this JVM, and some tests use a registry of their own.
     */
    List<DeadLetter> deadLetters() {
        ConfluentAvroDecoder<DeadLetter> decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(registryUrl), DeadLetter.class);
        List<DeadLetter> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readToEnd(kafka.bootstrapServers(), Topics.DEAD_LETTERS, READ_DEADLINE)) {
            String source = record.key() == null ? "" : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
            if (!source.equals(events) && !source.equals(messages)) {
                continue;
            }
            DeadLetter letter = decoder.decode(record.value());
            if (letter.getSourceTopic().equals(events) || letter.getSourceTopic().equals(messages)) {
                out.add(letter);
            }
        }
        return out;
    }

    /** The raw values on the DLQ topic, as anyone who may read the topic sees them. */
    List<byte[]> rawDeadLetterValues() {
        List<byte[]> out = new ArrayList<>();
        TopicReader.forEach(kafka.bootstrapServers(), Topics.DEAD_LETTERS, READ_DEADLINE, record -> out.add(record.value()));
        return out;
    }

    List<CleanEvent> cleanEvents() {
        ConfluentAvroDecoder<CleanEvent> decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(registryUrl), CleanEvent.class);
        List<CleanEvent> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readToEnd(kafka.bootstrapServers(), clean, READ_DEADLINE)) {
            out.add(decoder.decode(record.value()));
        }
        return out;
    }

    static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** What the letter keeps of the value, decrypted with the test's DLQ key. */
    static byte[] payload(DeadLetterCipher cipher, DeadLetter letter) {
        return letter.getPayload() == null ? null : cipher.decrypt(bytes(letter.getPayload()), letter.getSourceTopic(),
                letter.getPartition(), letter.getOffset(), "payload");
    }

    static byte[] key(DeadLetterCipher cipher, DeadLetter letter) {
        return letter.getKey() == null ? null : cipher.decrypt(bytes(letter.getKey()), letter.getSourceTopic(),
                letter.getPartition(), letter.getOffset(), "key");
    }

    List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.open(); Statement statement = c.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    /** How often each id of this run is stored in agent_events and channel_messages, as "id" -> count rows. */
    List<String> storedIdCounts() throws Exception {
        List<String> rows = new ArrayList<>(query("SELECT event_id || '=' || count(*) FROM oversight.agent_events WHERE event_id LIKE '"
                + prefix + "%' GROUP BY event_id"));
        rows.addAll(query("SELECT message_id || '=' || count(*) FROM oversight.channel_messages WHERE message_id LIKE '"
                + prefix + "%' GROUP BY message_id"));
        return rows;
    }
}
