package org.openclaw.oversight.bench.cost;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openclaw.oversight.bench.BenchArguments;
import org.openclaw.oversight.bench.BenchServers;
import org.openclaw.oversight.bench.FlinkEnvironments;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.DecodedStream;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.cost.AgentMetrics;
import org.openclaw.oversight.cost.CostAggregationJob;
import org.openclaw.oversight.cost.CostAggregationProductionSinks;
import org.openclaw.oversight.cost.CostAggregationSources;
import org.openclaw.oversight.cost.CostAggregationSettings;
import org.openclaw.oversight.cost.MetricsTables;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.schema.CleanEvent;

/**
 * End-to-end throughput of the cost-aggregation job on this machine. Starts a Kafka broker, the
 * schema registry and PostgreSQL (oversight-localstack), preloads N CleanEvents, then in the same run:
 * <ol>
 *   <li>(a) passthrough — the same Kafka source and Avro decode, then a discarding sink;</li>
 *   <li>(b) the cost-aggregation job over the same input with its real sinks (three tables, alerts, DLQ);</li>
 *   <li>(c) the upsert sink alone: M agent-metrics rows into {@code agent_metrics_1m}, rows/s.</li>
 * </ol>
 * Events/s = N / the job's net runtime (job start to finish, so it includes task start-up, equally
 * for both); a passthrough warm-up run comes first so neither pays the JVM's warm-up. Options: {@code --events N} (500000), {@code --rows M} (50000), {@code --minutes S}
 * event-time span of the input (60), {@code --checkpoint-ms} (10000), {@code --parallelism} (2). {@code --profile-compute} runs only (b2) three times, for a profiler.
 */
public final class CostAggregationBenchmark {

    private CostAggregationBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchArguments options = new BenchArguments(args, "--events", "--rows", "--minutes", "--checkpoint-ms", "--parallelism",
                "--profile-compute");
        int events = options.integer("--events", 500_000);
        int rows = options.integer("--rows", 50_000);
        int minutes = options.integer("--minutes", 60);
        int checkpointMs = options.integer("--checkpoint-ms", 10_000);
        int parallelism = options.integer("--parallelism", 2);

        try (BenchServers servers = BenchServers.start("oversight-bench-cost")) {
            KafkaBroker kafka = servers.kafka();
            KafkaConnection connection = servers.connection();
            JdbcConnection db = servers.db();
            kafka.createTopic("bench.cost-input", parallelism);
            kafka.createTopic(Topics.ALERTS, 1);
            kafka.createTopic(Topics.DEAD_LETTERS, 1);

            System.out.printf("preloading %d clean events over %d minutes of event time ...%n", events, minutes);
            long startMs = System.currentTimeMillis() / 3_600_000L * 3_600_000L - 2 * 3_600_000L;
            long bytes = preload(kafka, servers.registryUrl(), "bench.cost-input", events, startMs, minutes * 60_000L);

            if (options.flag("--profile-compute")) {
                // only the job's compute, repeatedly: for a profiler attached to this JVM (nothing is reported)
                CostAggregationSettings settings = CostAggregationSettings.defaults(BenchTraffic.budgets());
                for (int run = 0; run < 3; run++) {
                    StreamExecutionEnvironment env = FlinkEnvironments.local(parallelism, checkpointMs);
                    new CostAggregationJob(connection, settings).defineWorkflow(env,
                            new CostAggregationSources(bounded(connection, "bench-cost-profile-" + run)), new DiscardedOutputs());
                    System.out.printf("compute-only run %d: %d ms%n", run,
                            env.execute("bench cost aggregation, profile").getNetRuntime(TimeUnit.MILLISECONDS));
                }
                return;
            }
            // warm-up (not reported): the first job in a JVM pays for class loading and JIT
            passthrough(parallelism, checkpointMs, connection, "bench-cost-warmup");
            // (a) passthrough: read + decode, nothing else
            JobExecutionResult passthrough = passthrough(parallelism, checkpointMs, connection, "bench-cost-a");

            // (b) the job, same input, real sinks
            StreamExecutionEnvironment b = FlinkEnvironments.local(parallelism, checkpointMs);
            CostAggregationSettings settings = CostAggregationSettings.defaults(BenchTraffic.budgets());
            new CostAggregationJob(connection, settings).defineWorkflow(b, new CostAggregationSources(bounded(connection, "bench-cost-b")),
                    new CostAggregationProductionSinks(connection, db, settings.dbFlushInterval()));
            JobExecutionResult job = b.execute("bench cost aggregation");
            long written = count(db, "agent_metrics_1m") + count(db, "agent_metrics_1h") + count(db, "system_metrics_1m");

            // (b2) the job with every output discarded: its own compute, without PostgreSQL and Kafka writes
            StreamExecutionEnvironment b2 = FlinkEnvironments.local(parallelism, checkpointMs);
            new CostAggregationJob(connection, settings).defineWorkflow(b2, new CostAggregationSources(bounded(connection, "bench-cost-b2")),
                    new DiscardedOutputs());
            JobExecutionResult computeOnly = b2.execute("bench cost aggregation, outputs discarded");

            // (c) the upsert sink alone
            StreamExecutionEnvironment c = FlinkEnvironments.local(parallelism, checkpointMs);
            c.fromData(BenchTraffic.metricsRows(rows, startMs), TypeInformation.of(AgentMetrics.class))
                    .sinkTo(MetricsTables.agentMetrics(MetricsTables.AGENT_METRICS_1M, db, Duration.ofSeconds(1)))
                    .name("agent_metrics_1m").uid("sink");
            JobExecutionResult upserts = c.execute("bench cost upserts");

            long aMs = passthrough.getNetRuntime(TimeUnit.MILLISECONDS);
            long bMs = job.getNetRuntime(TimeUnit.MILLISECONDS);
            long cMs = upserts.getNetRuntime(TimeUnit.MILLISECONDS);
            double aRate = events * 1000.0 / aMs;
            double bRate = events * 1000.0 / bMs;
            System.out.println();
            System.out.println("=== oversight bench cost-aggregation ===");
            System.out.printf("machine: %d cores; parallelism %d; checkpoint interval %d ms; %d events, %.0f bytes avg, %d min event time%n",
                    Runtime.getRuntime().availableProcessors(), parallelism, checkpointMs, events, bytes / (double) events, minutes);
            System.out.printf("(a) passthrough      : %9.0f events/s  (%d ms)%n", aRate, aMs);
            System.out.printf("(b) cost-aggregation : %9.0f events/s  (%d ms; %d rows in the three tables)%n", bRate, bMs, written);
            long b2Ms = computeOnly.getNetRuntime(TimeUnit.MILLISECONDS);
            System.out.printf("(b2) outputs discarded: %8.0f events/s  (%d ms; the job's compute without its sinks)%n",
                    events * 1000.0 / b2Ms, b2Ms);
            System.out.printf("ratio b/a            : %9.2f%n", bRate / aRate);
            System.out.printf("target               : %9d events/s  (2 x Nexmark q5 22K/s/core x %d cores)%n", 44_000 * parallelism, parallelism);
            System.out.printf("(c) upserts          : %9.0f rows/s    (%d agent_metrics_1m rows in %d ms)%n", rows * 1000.0 / cMs, rows, cMs);
        }
    }

    /** Every output of the job into a discarding sink. */
    private static final class DiscardedOutputs implements org.openclaw.oversight.cost.CostAggregationSinks {
        @Override public void agentMetrics1m(org.apache.flink.streaming.api.datastream.DataStream<AgentMetrics> rows) { rows.sinkTo(new DiscardingSink<>()); }
        @Override public void agentMetrics1h(org.apache.flink.streaming.api.datastream.DataStream<AgentMetrics> rows) { rows.sinkTo(new DiscardingSink<>()); }
        @Override public void systemMetrics1m(org.apache.flink.streaming.api.datastream.DataStream<org.openclaw.oversight.cost.SystemMetrics> rows) { rows.sinkTo(new DiscardingSink<>()); }
        @Override public void agentMetricsTopic(org.apache.flink.streaming.api.datastream.DataStream<org.openclaw.oversight.schema.AgentMetrics> rows) { rows.sinkTo(new DiscardingSink<>()); }
        @Override public void alerts(org.apache.flink.streaming.api.datastream.DataStream<org.openclaw.oversight.schema.Alert> alerts) { alerts.sinkTo(new DiscardingSink<>()); }
        @Override public void deadLetters(org.apache.flink.streaming.api.datastream.DataStream<org.openclaw.oversight.schema.DeadLetter> letters) { letters.sinkTo(new DiscardingSink<>()); }
    }

    private static JobExecutionResult passthrough(int parallelism, int checkpointMs, KafkaConnection connection, String group)
            throws Exception {
        StreamExecutionEnvironment env = FlinkEnvironments.local(parallelism, checkpointMs);
        // the job's own reading and decoding (CostAggregationJob.defineWorkflow), nothing after it
        env.getConfig().enableObjectReuse();
        DecodedStream<CleanEvent> decoded = KafkaSources.decode(KafkaSources.read(env, bounded(connection, group), Topics.CLEAN_EVENTS),
                CleanEvent.class, connection, CostAggregationJob.JOB);
        decoded.records().sinkTo(new DiscardingSink<>()).name("discard").uid("discard");
        return env.execute("bench cost passthrough " + group);
    }

    private static KafkaSource<KafkaRawRecord> bounded(KafkaConnection connection, String group) {
        return KafkaSources.rawRecords(connection, group, "bench.cost-input").startingOffsets(OffsetsInitializer.earliest())
                .bounded(OffsetsInitializer.latest()).build();
    }

    private static long preload(KafkaBroker kafka, String registryUrl, String topic, int events, long startMs, long spanMs) {
        ConfluentAvroSerializer<CleanEvent> serializer = new ConfluentAvroSerializer<>(registryUrl);
        BenchTraffic traffic = new BenchTraffic(42);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                CleanEvent event = traffic.next("b" + i, startMs + (long) ((double) i * spanMs / events));
                byte[] value = serializer.serialize(topic, event);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, event.getEventId().getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
        return bytes;
    }

    private static long count(JdbcConnection db, String table) throws SQLException {
        try (Connection connection = db.open(); Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM oversight." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
