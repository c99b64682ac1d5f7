package org.openclaw.oversight.bench.anomaly;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openclaw.oversight.anomaly.AnomalyDetectionJob;
import org.openclaw.oversight.anomaly.AnomalyDetectionProductionSinks;
import org.openclaw.oversight.anomaly.AnomalyDetectionSources;
import org.openclaw.oversight.anomaly.DetectionSettings;
import org.openclaw.oversight.bench.BenchArguments;
import org.openclaw.oversight.bench.BenchServers;
import org.openclaw.oversight.bench.FlinkEnvironments;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDecoder;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.DecodedStream;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.CleanEvent;

/**
 * The anomaly-detection job on this machine, own servers (oversight-localstack), one run:
 * <ol>
 *   <li>throughput: N preloaded clean events, (a) a passthrough job (the same Kafka source and Avro
 *       decode, then a discarding sink) and (b) the job with its real sinks (alerts topic exactly-once,
 *       anomalies table), events/s = N / net runtime; a passthrough warm-up run first;</li>
 *   <li>detection latency: the job runs unbounded with checkpoints every {@code --checkpoint-ms} (1000,
 *       the job's default); a producer sends clean events live at {@code --rate} events/s with one
 *       injected token anomaly (an LLM call of 80,000 tokens, each of its own agent, so each is a new
 *       alert) every {@code --every} events until {@code --anomalies} (200) are out; a read_committed
 *       consumer of oversight.alerts.v1 takes each alert's evidence id back to its produce time:
 *       latency = alert readable − event produced, p50/p99/max.</li>
 * </ol>
 * Options: {@code --events N} (300000), {@code --rate} (400), {@code --every} (10), {@code --anomalies} (200),
 * {@code --checkpoint-ms} (1000), {@code --parallelism} (2).
 */
public final class AnomalyDetectionBenchmark {

    private static final String INPUT = "bench.anomaly-input";
    private static final String LIVE = "bench.anomaly-live";
    private static final String HEARTBEATS = "bench.anomaly-heartbeats";
    private static final String METRICS = "bench.anomaly-metrics";

    private AnomalyDetectionBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchArguments options = new BenchArguments(args, "--events", "--rate", "--every", "--anomalies", "--checkpoint-ms", "--parallelism");
        int events = options.integer("--events", 300_000);
        int rate = options.integer("--rate", 400);
        int every = options.integer("--every", 10);
        int anomalies = options.integer("--anomalies", 200);
        int checkpointMs = options.integer("--checkpoint-ms", 1_000);
        int parallelism = options.integer("--parallelism", 2);

        try (BenchServers servers = BenchServers.start("oversight-bench-anomaly")) {
            KafkaBroker kafka = servers.kafka();
            KafkaConnection connection = servers.connection();
            for (String topic : List.of(INPUT, LIVE, HEARTBEATS, METRICS)) {
                kafka.createTopic(topic, parallelism);
            }
            kafka.createTopic(Topics.ALERTS, 1);
            kafka.createTopic(Topics.DEAD_LETTERS, 1);
            System.out.printf("preloading %d clean events ...%n", events);
            long start = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
            preload(kafka, servers.registryUrl(), events, start);
            DetectionSettings settings = DetectionSettings.defaults();

            passthrough(parallelism, checkpointMs, connection, "bench-anomaly-warmup");
            JobExecutionResult passthrough = passthrough(parallelism, checkpointMs, connection, "bench-anomaly-a");
            StreamExecutionEnvironment b = FlinkEnvironments.local(parallelism, checkpointMs);
            new AnomalyDetectionJob(connection, settings, null, Duration.ofSeconds(1)).defineWorkflow(b, new AnomalyDetectionSources(
                            bounded(connection, INPUT, "bench-anomaly-b"), bounded(connection, HEARTBEATS, "bench-anomaly-b"),
                            bounded(connection, METRICS, "bench-anomaly-b")),
                    new AnomalyDetectionProductionSinks(connection, servers.db(), Duration.ofSeconds(1)));
            JobExecutionResult job = b.execute("bench anomaly detection");

            List<Long> latencies = latency(servers, settings, parallelism, checkpointMs, rate, every, anomalies);

            long aMs = passthrough.getNetRuntime(TimeUnit.MILLISECONDS);
            long bMs = job.getNetRuntime(TimeUnit.MILLISECONDS);
            System.out.println();
            System.out.println("=== oversight bench anomaly-detection ===");
            System.out.printf("machine: %d cores; parallelism %d; checkpoint interval %d ms; %d events%n",
                    Runtime.getRuntime().availableProcessors(), parallelism, checkpointMs, events);
            System.out.printf("(a) passthrough        : %9.0f events/s  (%d ms)%n", events * 1000.0 / aMs, aMs);
            System.out.printf("(b) anomaly-detection  : %9.0f events/s  (%d ms)%n", events * 1000.0 / bMs, bMs);
            System.out.printf("ratio b/a              : %9.2f%n", (double) aMs / bMs);
            Collections.sort(latencies);
            System.out.printf("detection latency, token anomaly (produce -> alert readable read_committed), %d of %d anomalies at %d events/s:%n",
                    latencies.size(), anomalies, rate);
            if (!latencies.isEmpty()) {
                System.out.printf("  p50 %d ms, p99 %d ms, max %d ms (target p99 <= 2000 ms)%n", percentile(latencies, 0.50),
                        percentile(latencies, 0.99), latencies.get(latencies.size() - 1));
            }
        }
    }

    private static List<Long> latency(BenchServers servers, DetectionSettings settings, int parallelism, int checkpointMs, int rate,
            int every, int anomalies) throws Exception {
        KafkaConnection connection = servers.connection();
        StreamExecutionEnvironment env = FlinkEnvironments.local(parallelism, checkpointMs);
        new AnomalyDetectionJob(connection, settings, null, Duration.ofSeconds(1)).defineWorkflow(env, new AnomalyDetectionSources(
                        live(connection, LIVE), live(connection, HEARTBEATS), live(connection, METRICS)),
                new AnomalyDetectionProductionSinks(connection, servers.db(), Duration.ofSeconds(1)));
        JobClient job = env.executeAsync("bench anomaly detection latency");
        Map<String, Long> produced = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean done = new AtomicBoolean();
        Thread reader = new Thread(() -> readAlerts(servers, produced, latencies, anomalies, done), "alerts-reader");
        reader.start();
        ConfluentAvroSerializer<CleanEvent> serializer = new ConfluentAvroSerializer<>(servers.registryUrl());
        AnomalyBenchTraffic traffic = new AnomalyBenchTraffic(7);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0), new ByteArraySerializer(), new ByteArraySerializer())) {
            long begin = System.nanoTime();
            int injected = 0;
            // the first 2000 events are normal: the tenants' distributions need their minimum history
            for (long i = 0; injected < anomalies; i++) {
                long due = begin + i * 1_000_000_000L / rate;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait(); // the fixed input rate
                }
                CleanEvent e;
                if (i >= 2000 && i % every == 0) {
                    e = AnomalyBenchTraffic.anomaly("ba" + i, "bench-t" + (injected % 3), "spike-" + injected, System.currentTimeMillis());
                    injected++;
                } else {
                    e = traffic.next("bl" + i, System.currentTimeMillis());
                }
                byte[] value = serializer.serialize(LIVE, e);
                if (e.getEventId().startsWith("ba")) {
                    produced.put(e.getEventId(), System.currentTimeMillis());
                }
                producer.send(new ProducerRecord<>(LIVE, e.getEventId().getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
        reader.join(Duration.ofSeconds(60).toMillis());
        done.set(true);
        reader.join();
        job.cancel().get();
        return new ArrayList<>(latencies);
    }

    private static void readAlerts(BenchServers servers, Map<String, Long> produced, List<Long> latencies, int anomalies, AtomicBoolean done) {
        ConfluentAvroDecoder<Alert> decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(servers.registryUrl()), Alert.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "bench-latency",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS));
            while (!done.get() && latencies.size() < anomalies) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    long readable = System.currentTimeMillis();
                    Alert alert = decoder.decode(record.value());
                    if (alert.getEndsAt() == null && "TokenAnomaly".equals(alert.getAlertname())) {
                        for (String id : alert.getEvidence()) {
                            Long sent = produced.get(id);
                            if (sent != null) {
                                latencies.add(readable - sent);
                            }
                        }
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("reading oversight.alerts.v1 failed", e);
        }
    }

    private static long percentile(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }

    private static JobExecutionResult passthrough(int parallelism, int checkpointMs, KafkaConnection connection, String group)
            throws Exception {
        StreamExecutionEnvironment env = FlinkEnvironments.local(parallelism, checkpointMs);
        DecodedStream<CleanEvent> decoded = KafkaSources.decode(KafkaSources.read(env, bounded(connection, INPUT, group), Topics.CLEAN_EVENTS),
                CleanEvent.class, connection, AnomalyDetectionJob.JOB);
        decoded.records().sinkTo(new DiscardingSink<>()).name("discard").uid("discard");
        return env.execute("bench anomaly passthrough " + group);
    }

    private static KafkaSource<KafkaRawRecord> bounded(KafkaConnection connection, String topic, String group) {
        return KafkaSources.rawRecords(connection, group, topic).startingOffsets(OffsetsInitializer.earliest())
                .bounded(OffsetsInitializer.latest()).build();
    }

    private static KafkaSource<KafkaRawRecord> live(KafkaConnection connection, String topic) {
        return KafkaSources.rawRecords(connection, "bench-anomaly-live", topic).startingOffsets(OffsetsInitializer.earliest()).build();
    }

    private static void preload(KafkaBroker kafka, String registryUrl, int events, long startMs) {
        ConfluentAvroSerializer<CleanEvent> serializer = new ConfluentAvroSerializer<>(registryUrl);
        AnomalyBenchTraffic traffic = new AnomalyBenchTraffic(42);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                CleanEvent event = traffic.next("b" + i, startMs + i * 10L);
                producer.send(new ProducerRecord<>(INPUT, event.getEventId().getBytes(StandardCharsets.UTF_8), serializer.serialize(INPUT, event)));
            }
            producer.flush();
        }
    }
}
