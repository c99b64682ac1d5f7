package org.openclaw.oversight.bench.policy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openclaw.oversight.bench.BenchArguments;
import org.openclaw.oversight.bench.BenchServers;
import org.openclaw.oversight.bench.FlinkEnvironments;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.DecodedStream;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.enforcement.PolicyEnforcementJob;
import org.openclaw.oversight.enforcement.PolicyEnforcementProductionSinks;
import org.openclaw.oversight.enforcement.PolicyEnforcementSettings;
import org.openclaw.oversight.enforcement.PolicyEnforcementSinks;
import org.openclaw.oversight.enforcement.PolicyEnforcementSources;
import org.openclaw.oversight.enforcement.Violation;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * Throughput of the policy-enforcement job with every rule of the shipped policies.yml active, next to a passthrough
 * (same Kafka source and decode, discarding sink) over the same preloaded clean topic, in the same run:
 * (a) passthrough, (b) the job with its real sinks (policy_violations, alerts, dead letters), (b2) the job with every
 * output discarded. A passthrough warm-up comes first. Options: {@code --turns N} (50000 conversation turns, about 6
 * events each), {@code --checkpoint-ms} (10000), {@code --parallelism} (2).
 */
public final class PolicyEnforcementBenchmark {

    private static final String INPUT = "bench.policy-input";

    private PolicyEnforcementBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchArguments options = new BenchArguments(args, "--turns", "--checkpoint-ms", "--parallelism");
        int turns = options.integer("--turns", 50_000);
        int checkpointMs = options.integer("--checkpoint-ms", 10_000);
        int parallelism = options.integer("--parallelism", 2);
        OversightConfiguration config = OversightConfiguration.load(Path.of(System.getProperty("oversight.home", ".")).resolve("config"));
        PolicyEnforcementSettings settings = PolicyEnforcementSettings.of(config);

        try (BenchServers servers = BenchServers.start("oversight-bench-policy")) {
            KafkaBroker kafka = servers.kafka();
            KafkaConnection connection = servers.connection();
            JdbcConnection db = servers.db();
            kafka.createTopic(INPUT, parallelism);
            kafka.createTopic("bench.policy-control", 1);
            kafka.createTopic("bench.policy-policies", 1);
            kafka.createTopic(Topics.ALERTS, 1);
            kafka.createTopic(Topics.DEAD_LETTERS, 1);
            System.out.printf("preloading %d conversation turns ...%n", turns);
            long startMs = System.currentTimeMillis() / 3_600_000L * 3_600_000L - 3 * 3_600_000L;
            long[] loaded = preload(kafka, servers.registryUrl(), turns, startMs);
            long events = loaded[0];

            passthrough(parallelism, checkpointMs, connection, "bench-policy-warmup");
            JobExecutionResult a = passthrough(parallelism, checkpointMs, connection, "bench-policy-a");

            StreamExecutionEnvironment b = FlinkEnvironments.local(parallelism, checkpointMs);
            new PolicyEnforcementJob(connection, settings).defineWorkflow(b, sources(connection, "bench-policy-b"),
                    new PolicyEnforcementProductionSinks(connection, db, settings.dbFlushInterval()));
            JobExecutionResult job = b.execute("bench policy enforcement");
            long rows = count(db);

            StreamExecutionEnvironment b2 = FlinkEnvironments.local(parallelism, checkpointMs);
            new PolicyEnforcementJob(connection, settings).defineWorkflow(b2, sources(connection, "bench-policy-b2"), new Discarded());
            JobExecutionResult computeOnly = b2.execute("bench policy enforcement, outputs discarded");

            long aMs = a.getNetRuntime(TimeUnit.MILLISECONDS);
            long bMs = job.getNetRuntime(TimeUnit.MILLISECONDS);
            long b2Ms = computeOnly.getNetRuntime(TimeUnit.MILLISECONDS);
            double aRate = events * 1000.0 / aMs;
            double bRate = events * 1000.0 / bMs;
            System.out.println();
            System.out.println("=== oversight bench policy-enforcement ===");
            System.out.printf("machine: %d cores; parallelism %d; checkpoint interval %d ms; %d events (%d turns), %.0f bytes avg; all %d rules of "
                            + "policies.yml version %s%n", Runtime.getRuntime().availableProcessors(), parallelism, checkpointMs, events, turns,
                    loaded[1] / (double) events, org.openclaw.oversight.policy.RuleKind.values().length, settings.initialPolicy().version());
            System.out.printf("(a) passthrough        : %9.0f events/s  (%d ms)%n", aRate, aMs);
            System.out.printf("(b) policy-enforcement : %9.0f events/s  (%d ms; %d policy_violations rows)%n", bRate, bMs, rows);
            System.out.printf("(b2) outputs discarded : %9.0f events/s  (%d ms)%n", events * 1000.0 / b2Ms, b2Ms);
            System.out.printf("ratio b/a              : %9.2f%n", bRate / aRate);
        }
    }

    private static PolicyEnforcementSources sources(KafkaConnection connection, String group) {
        return new PolicyEnforcementSources(bounded(connection, group, INPUT), bounded(connection, group, "bench.policy-control"),
                bounded(connection, group, "bench.policy-policies"));
    }

    private static final class Discarded implements PolicyEnforcementSinks {
        @Override public void violations(DataStream<Violation> violations) { violations.sinkTo(new DiscardingSink<>()); }
        @Override public void alerts(DataStream<Alert> alerts) { alerts.sinkTo(new DiscardingSink<>()); }
        @Override public void deadLetters(DataStream<DeadLetter> letters) { letters.sinkTo(new DiscardingSink<>()); }
    }

    private static JobExecutionResult passthrough(int parallelism, int checkpointMs, KafkaConnection connection, String group) throws Exception {
        StreamExecutionEnvironment env = FlinkEnvironments.local(parallelism, checkpointMs);
        DecodedStream<CleanEvent> decoded = KafkaSources.decode(KafkaSources.read(env, bounded(connection, group, INPUT), Topics.CLEAN_EVENTS),
                CleanEvent.class, connection, PolicyEnforcementJob.JOB);
        decoded.records().sinkTo(new DiscardingSink<>()).name("discard").uid("discard");
        return env.execute("bench policy passthrough " + group);
    }

    private static KafkaSource<KafkaRawRecord> bounded(KafkaConnection connection, String group, String topic) {
        return KafkaSources.rawRecords(connection, group, topic).startingOffsets(OffsetsInitializer.earliest())
                .bounded(OffsetsInitializer.latest()).build();
    }

    /** Events and bytes written; each record keyed like the clean topic (trace or conversation). */
    private static long[] preload(KafkaBroker kafka, String registryUrl, int turns, long startMs) {
        ConfluentAvroSerializer<CleanEvent> serializer = new ConfluentAvroSerializer<>(registryUrl);
        PolicyBenchTraffic traffic = new PolicyBenchTraffic(42);
        long events = 0;
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < turns; i++) {
                for (CleanEvent event : traffic.turn(startMs + i * 200L)) {
                    byte[] value = serializer.serialize(INPUT, event);
                    String key = event.getAgentEvent() != null ? event.getAgentEvent().getTraceId() : event.getChannelMessage().getConversationId();
                    producer.send(new ProducerRecord<>(INPUT, key.getBytes(StandardCharsets.UTF_8), value));
                    events++;
                    bytes += value.length;
                }
            }
            producer.flush();
        }
        return new long[] {events, bytes};
    }

    private static long count(JdbcConnection db) throws Exception {
        try (Connection connection = db.open(); Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM oversight.policy_violations")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
