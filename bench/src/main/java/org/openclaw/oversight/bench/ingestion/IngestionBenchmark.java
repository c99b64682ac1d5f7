package org.openclaw.oversight.bench.ingestion;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openclaw.oversight.bench.BenchArguments;
import org.openclaw.oversight.bench.BenchServers;
import org.openclaw.oversight.bench.FlinkEnvironments;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDecoder;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.KafkaSinks;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.ingestion.CleanEvents;
import org.openclaw.oversight.ingestion.IngestionJob;
import org.openclaw.oversight.ingestion.IngestionRules;
import org.openclaw.oversight.ingestion.IngestionProductionSinks;
import org.openclaw.oversight.ingestion.IngestionSinks;
import org.openclaw.oversight.ingestion.IngestionSources;
import org.openclaw.oversight.ingestion.PiiFindingRow;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.TopicReader;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.DeadLetter;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code oversight bench ingestion}: end-to-end cost of the ingestion job on this machine. Starts a
 * Kafka broker, the schema registry and PostgreSQL (oversight-localstack), preloads N agent events,
 * then in the same run:
 * <ol>
 *   <li>(a) a passthrough job — raw source, Avro decode, exactly-once Avro sink, nothing else;</li>
 *   <li>(b) the ingestion job over the same input with its real sinks (clean topic, DLQ, three tables);</li>
 *   <li>latency: the ingestion job running unbounded while events are produced at a fixed rate;
 *       p50/p99/max from produce to visibility on the clean topic (read_committed, so it includes
 *       the wait for the checkpoint that commits the Kafka transaction).</li>
 * </ol>
 * Each job first runs once unmeasured over the same input (warm-up: class loading and JIT would
 * otherwise be charged to whichever job runs first). Options: {@code --events N} (100000), {@code --rate R} events/s for the latency run (200),
 * {@code --seconds S} (20), {@code --checkpoint-ms} (1000), {@code --parallelism} (2), {@code --config-dir} (config).
 */
public final class IngestionBenchmark {

    private static final Duration READ_DEADLINE = Duration.ofMinutes(3);

    private IngestionBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchArguments options = new BenchArguments(args, "--events", "--rate", "--seconds", "--checkpoint-ms", "--parallelism",
                "--config-dir");
        int events = options.integer("--events", 100_000);
        int rate = options.integer("--rate", 200);
        int seconds = options.integer("--seconds", 20);
        int checkpointMs = options.integer("--checkpoint-ms", 1000);
        int parallelism = options.integer("--parallelism", 2);
        Path configDir = Path.of(options.text("--config-dir", "config"));
        IngestionRules rules = IngestionRules.from(OversightConfiguration.load(configDir));

        try (BenchServers servers = BenchServers.start("oversight-bench-ingestion")) {
            KafkaBroker kafka = servers.kafka();
            KafkaConnection connection = servers.connection();
            JdbcConnection db = servers.db();
            // a random pseudonym key for this run, read where the PII operators open, as the job does
            SecretSource piiKey = SecretSource.file(SecretKind.PII_KEY, LocalKeys.ensure(servers.directory(), SecretKind.PII_KEY));
            for (String topic : List.of("bench.input", "bench.no-messages", "bench.passthrough-out", "bench.clean-out",
                    "bench.latency-input", "bench.latency-clean", "bench.clean-no-tables", "bench.warm-a-out", "bench.warm-b-out")) {
                kafka.createTopic(topic, parallelism);
            }
            kafka.createTopic(Topics.DEAD_LETTERS, 1);

            System.out.printf("preloading %d events ...%n", events);
            long bytes = preload(kafka, servers.registryUrl(), "bench.input", events);

            // warm-ups, not reported: the first run of each job's code in this JVM pays for class loading and the JIT
            StreamExecutionEnvironment warmA = FlinkEnvironments.local(parallelism, checkpointMs);
            PassthroughJob.defineWorkflow(warmA, bounded(connection, "bench-warm-a", "bench.input"), connection, "bench.warm-a-out");
            warmA.execute("bench passthrough warm-up");
            StreamExecutionEnvironment warmB = FlinkEnvironments.local(parallelism, checkpointMs);
            new IngestionJob(connection, rules, piiKey, Clock.systemUTC()).defineWorkflow(warmB,
                    sources(connection, "bench-warm-b"), new IngestionProductionSinks(connection, db, "bench.warm-b-out"));
            warmB.execute("bench ingestion warm-up");
            truncateTables(db); // (b) must insert, as in production, not find every key already there

            // (a) passthrough
            StreamExecutionEnvironment a = FlinkEnvironments.local(parallelism, checkpointMs);
            PassthroughJob.defineWorkflow(a, bounded(connection, "bench-a", "bench.input"), connection, "bench.passthrough-out");
            JobExecutionResult passthrough = a.execute("bench passthrough");
            long passthroughOut = TopicReader.count(kafka.bootstrapServers(), "bench.passthrough-out", READ_DEADLINE);

            // (b) ingestion, same input
            StreamExecutionEnvironment b = FlinkEnvironments.local(parallelism, checkpointMs);
            new IngestionJob(connection, rules, piiKey, Clock.systemUTC()).defineWorkflow(b,
                    sources(connection, "bench-b"), new IngestionProductionSinks(connection, db, "bench.clean-out"));
            JobExecutionResult ingestion = b.execute("bench ingestion");
            long ingestionOut = TopicReader.count(kafka.bootstrapServers(), "bench.clean-out", READ_DEADLINE);

            // (b') diagnostic: the same job with the three tables discarded, to show what the database costs
            StreamExecutionEnvironment c = FlinkEnvironments.local(parallelism, checkpointMs);
            new IngestionJob(connection, rules, piiKey, Clock.systemUTC()).defineWorkflow(c,
                    sources(connection, "bench-c"), new TablesDiscarded(connection));
            JobExecutionResult noTables = c.execute("bench ingestion without tables");

            double aRate = events * 1000.0 / passthrough.getNetRuntime(TimeUnit.MILLISECONDS);
            double cRate = events * 1000.0 / noTables.getNetRuntime(TimeUnit.MILLISECONDS);
            double bRate = events * 1000.0 / ingestion.getNetRuntime(TimeUnit.MILLISECONDS);

            // latency at a fixed rate below saturation
            List<Long> latencies = latency(kafka, servers.registryUrl(), connection, db, rules, piiKey, parallelism, checkpointMs,
                    rate, seconds);

            System.out.println();
            System.out.println("=== oversight bench ingestion ===");
            System.out.printf("machine: %d cores; parallelism %d; checkpoint interval %d ms; %d events, %.0f bytes avg%n",
                    Runtime.getRuntime().availableProcessors(), parallelism, checkpointMs, events, bytes / (double) events);
            System.out.printf("(a) passthrough : %8.0f events/s  (%d ms, %d out)%n", aRate,
                    passthrough.getNetRuntime(TimeUnit.MILLISECONDS), passthroughOut);
            System.out.printf("(b) ingestion   : %8.0f events/s  (%d ms, %d out)%n", bRate,
                    ingestion.getNetRuntime(TimeUnit.MILLISECONDS), ingestionOut);
            System.out.printf("ratio b/a       : %8.2f  (target >= 0.5)%n", bRate / aRate);
            System.out.printf("(b') ingestion, tables discarded: %8.0f events/s  (%d ms), ratio b'/a %.2f%n", cRate,
                    noTables.getNetRuntime(TimeUnit.MILLISECONDS), cRate / aRate);
            System.out.printf("latency at %d events/s for %d s, produce -> clean topic visible (read_committed): "
                    + "p50 %d ms, p99 %d ms, max %d ms (%d events measured)%n", rate, seconds,
                    percentile(latencies, 0.50), percentile(latencies, 0.99), percentile(latencies, 1.0), latencies.size());
            if (passthroughOut != events || ingestionOut != events) {
                System.out.printf("WARNING: expected %d records out of each job%n", events);
            }
        }
    }

    /** The preloaded events, bounded, and an empty messages topic. */
    private static IngestionSources sources(KafkaConnection connection, String group) {
        return new IngestionSources(bounded(connection, group, "bench.input"), bounded(connection, group + "-m", "bench.no-messages"));
    }

    /** (b'): the clean topic as in production, the three tables and the DLQ discarded. */
    private record TablesDiscarded(KafkaConnection connection) implements IngestionSinks {
        @Override
        public void cleanEvents(DataStream<CleanEvent> events) {
            KafkaSinks.attach(events, KafkaSinks.avro(connection, "bench-no-tables", "bench.clean-no-tables", CleanEvent.class,
                    CleanEvents::kafkaKey), "bench.clean-no-tables");
        }

        @Override
        public void storedEvents(DataStream<CleanEvent> events) {
            events.sinkTo(new DiscardingSink<>()).name("discard rows").uid("discard-rows");
        }

        @Override
        public void piiFindings(DataStream<PiiFindingRow> findings) {
            findings.sinkTo(new DiscardingSink<>()).name("discard findings").uid("discard-findings");
        }

        @Override
        public void deadLetters(DataStream<DeadLetter> deadLetters) {
            deadLetters.sinkTo(new DiscardingSink<>()).name("discard dead letters").uid("discard-dlq");
        }
    }

    private static void truncateTables(JdbcConnection db) throws java.sql.SQLException {
        try (java.sql.Connection c = db.open(); java.sql.Statement s = c.createStatement()) {
            s.execute("TRUNCATE oversight.agent_events, oversight.channel_messages, oversight.pii_findings");
        }
    }

    private static org.apache.flink.connector.kafka.source.KafkaSource<KafkaRawRecord> bounded(KafkaConnection connection,
            String group, String topic) {
        return KafkaSources.rawRecords(connection, group, topic).startingOffsets(OffsetsInitializer.earliest())
                .bounded(OffsetsInitializer.latest()).build();
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaBroker kafka, String linger) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, linger),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static long preload(KafkaBroker kafka, String registryUrl, String topic, int events) {
        ConfluentAvroSerializer<AgentEvent> serializer = new ConfluentAvroSerializer<>(registryUrl);
        BenchEvents generator = new BenchEvents();
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka, "20")) {
            for (int i = 0; i < events; i++) {
                AgentEvent event = generator.next("pre", Instant.now());
                byte[] value = serializer.serialize(topic, event);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, event.getTraceId().getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
        return bytes;
    }

    private static List<Long> latency(KafkaBroker kafka, String registryUrl, KafkaConnection connection, JdbcConnection db,
            IngestionRules rules, SecretSource piiKey, int parallelism, int checkpointMs, int rate, int seconds) throws Exception {
        StreamExecutionEnvironment env = FlinkEnvironments.local(parallelism, checkpointMs);
        new IngestionJob(connection, rules, piiKey, Clock.systemUTC()).defineWorkflow(env,
                new IngestionSources(
                        KafkaSources.rawRecords(connection, "bench-latency", "bench.latency-input")
                                .startingOffsets(OffsetsInitializer.earliest()).build(),
                        KafkaSources.rawRecords(connection, "bench-latency-m", "bench.no-messages")
                                .startingOffsets(OffsetsInitializer.earliest()).build()),
                new IngestionProductionSinks(connection, db, "bench.latency-clean"));
        JobClient job = env.executeAsync("bench ingestion latency");
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        int total = rate * seconds;
        try {
            awaitRunning(job);
            ConfluentAvroDecoder<CleanEvent> decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(registryUrl), CleanEvent.class);
            Thread reader = new Thread(() -> readLatencies(kafka, decoder, sentAt, latencies, total), "latency-reader");
            reader.start();
            ConfluentAvroSerializer<AgentEvent> serializer = new ConfluentAvroSerializer<>(registryUrl);
            BenchEvents generator = new BenchEvents();
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long next = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka, "0")) {
                for (int i = 0; i < total; i++) {
                    LockSupport.parkNanos(next - System.nanoTime()); // fixed rate: each send has its slot
                    next += interval;
                    AgentEvent event = generator.next("lat", Instant.now());
                    sentAt.put(event.getEventId(), System.currentTimeMillis());
                    producer.send(new ProducerRecord<>("bench.latency-input",
                            event.getTraceId().getBytes(StandardCharsets.UTF_8), serializer.serialize("bench.latency-input", event)));
                }
                producer.flush();
            }
            reader.join(READ_DEADLINE.toMillis());
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
        // the first tenth is warm-up (JIT, first checkpoint, partition assignment)
        List<Long> measured = new ArrayList<>(latencies);
        return measured.subList(Math.min(measured.size(), total / 10), measured.size());
    }

    private static void readLatencies(KafkaBroker kafka, ConfluentAvroDecoder<CleanEvent> decoder, Map<String, Long> sentAt,
            List<Long> latencies, int total) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(TopicReader.readCommitted(kafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("bench.latency-clean").stream()
                    .map(p -> new TopicPartition("bench.latency-clean", p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant giveUp = Instant.now().plus(READ_DEADLINE);
            while (latencies.size() < total && Instant.now().isBefore(giveUp)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    Long sent = sentAt.get(decoder.decode(record.value()).getEventId());
                    if (sent != null) {
                        latencies.add(now - sent);
                    }
                }
            }
        }
    }

    private static void awaitRunning(JobClient job) throws Exception {
        Instant giveUp = Instant.now().plusSeconds(60);
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("the latency job did not reach RUNNING within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

}
