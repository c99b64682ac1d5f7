package org.openclaw.oversight.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openclaw.oversight.anomaly.TestData.MIN;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openclaw.oversight.config.AnomalySettings;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDecoder;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.TopicReader;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.AgentMetrics;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.HeartbeatStatus;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

/**
 * The job on a MiniCluster (parallelism 2) with the real broker, registry and PostgreSQL and its
 * production sinks: one incident of each kind yields exactly the expected alerts on oversight.alerts.v1
 * (read_committed), each fired once; normal noisy, disordered traffic yields none.
 */
@ExtendWith(LocalStackExtension.class)
class AnomalyDetectionITCase {

    private static final int PARALLELISM = 2;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).build());

    private record Stack(KafkaConnection kafka, JdbcConnection db, String events, String heartbeats, String metrics, String prefix) {}

    @Test
    void oneIncidentOfEachKindYieldsExactlyItsAlerts(KafkaBroker broker, EmbeddedSchemaRegistry registry, LocalPostgres postgres)
            throws Exception {
        Stack stack = stack(broker, registry, postgres, "incidents");
        long base = Math.floorDiv(System.currentTimeMillis() - Duration.ofHours(3).toMillis(), MIN) * MIN;
        SyntheticFleet fleet = new SyntheticFleet(stack.prefix(), base, 42).normal(0, 45)
                .extremeCall(0, 1, base + 25 * MIN + 30_000)
                .cascadeFrom(0, base + 15 * MIN + 5_000, 40)
                .changeRows(0, 2, 30, 34, r -> r.setCostEur(r.getCostEur() * 6))
                .changeRows(1, 0, 30, 34, r -> r.setLatencyP95Ms(10_000.0))
                .changeRows(1, 1, 20, 24, r -> errorRate(r, 0.5))
                .changeRows(1, 2, 21, 25, r -> errorRate(r, 0.5))
                .changeRows(1, 3, 21, 25, r -> errorRate(r, 0.5))
                .changeRows(0, 3, 30, 34, r -> r.setAlignmentAvg(0.5))
                .failedMessages(1, base + 35 * MIN + 1_000, 8);
        produceAll(broker, registry, stack, fleet, 3_000);

        String t0 = fleet.tenant(0);
        String t1 = fleet.tenant(1);
        Set<String> expected = new TreeSet<>(List.of(
                print(AlertType.TOKEN_ANOMALY, t0, "a1"),
                print(AlertType.COST_ANOMALY, t0, "a2", "metric", "cost_eur"),
                print(AlertType.LATENCY_ANOMALY, t1, "a0", "metric", "latency_p95_ms"),
                print(AlertType.LLM_LATENCY_HIGH, t1, "a0", "model", "claude-sonnet-4-6"),
                print(AlertType.ERROR_RATE_ANOMALY, t1, "a1", "metric", "error_rate"),
                print(AlertType.ERROR_RATE_ANOMALY, t1, "a2", "metric", "error_rate"),
                print(AlertType.ERROR_RATE_ANOMALY, t1, "a3", "metric", "error_rate"),
                print(AlertType.CASCADING_FAILURE, t1, "a1", "origin", "a1"),
                print(AlertType.CASCADING_FAILURE, t0, "a0", "origin", "a0"),
                print(AlertType.ALIGNMENT_DROP, t0, "a3", "metric", "alignment_minimum"),
                print(AlertType.ALIGNMENT_DROP, t0, "a3", "metric", "alignment"),
                AlertType.CHANNEL_ERRORS.fingerprint(Map.of("tenant", t1, "channel", "WHATSAPP")),
                print(AlertType.AGENT_UNREACHABLE, t0, "a1"),       // stopped: no heartbeat from now on
                print(AlertType.AGENT_UNREACHABLE, t1, "a3"),       // reports DOWN
                print(AlertType.AGENT_DEGRADED, t1, "a2")));        // reports DEGRADED

        StreamExecutionEnvironment env = environment();
        job(stack, settings(Duration.ofSeconds(5))).defineWorkflow(env, new AnomalyDetectionSources(
                KafkaSources.rawRecords(stack.kafka(), "it-" + UUID.randomUUID(), stack.events()).build(),
                KafkaSources.rawRecords(stack.kafka(), "it-" + UUID.randomUUID(), stack.heartbeats()).build(),
                KafkaSources.rawRecords(stack.kafka(), "it-" + UUID.randomUUID(), stack.metrics()).build()), sinks(stack));
        AtomicBoolean live = new AtomicBoolean(true);
        Thread heartbeats = liveHeartbeats(broker, registry, stack, fleet, live);
        JobClient job = env.executeAsync("anomaly detection incidents");
        try {
            Map<String, List<Alert>> byPrint = awaitAlerts(broker, registry, stack.prefix(), expected);
            assertThat(byPrint.keySet()).as("every alert is one of the expected ones").isEqualTo(expected);
            byPrint.forEach((fingerprint, alerts) -> {
                assertThat(alerts.stream().filter(a -> a.getEndsAt() == null)).as("fired once: %s", alerts).hasSize(1);
                assertThat(alerts.size()).as("firing, then at most its resolution: %s", alerts).isLessThanOrEqualTo(2);
                Alert first = alerts.get(0);
                assertThat(first.getRunbook()).isEqualTo(AlertType.of(first.getAlertname()).orElseThrow().runbook());
                assertThat(first.getLabels()).containsKeys("tenant", "severity", "source", "category", "alertname");
            });
            Alert tokens = byPrint.get(print(AlertType.TOKEN_ANOMALY, t0, "a1")).get(0);
            assertThat(tokens.getStartsAt()).isEqualTo(Instant.ofEpochMilli(base + 25 * MIN + 30_000));
            assertThat(tokens.getEvidence()).hasSize(1);
            Alert cost = byPrint.get(print(AlertType.COST_ANOMALY, t0, "a2", "metric", "cost_eur")).get(0);
            assertThat(cost.getStartsAt()).isEqualTo(Instant.ofEpochMilli(base + 30 * MIN));
            Alert cascade = byPrint.get(print(AlertType.CASCADING_FAILURE, t0, "a0", "origin", "a0")).get(0);
            assertThat(cascade.getSeverity().name()).isEqualTo("P1");
            assertThat(cascade.getSummary()).contains("a1").contains("a2");
            // every anomalous minute of the cost spike is a row of the anomalies table
            try (Connection db = stack.db().open(); Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM oversight.anomalies WHERE fingerprint = '" + cost.getFingerprint() + "'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(4);
            }
        } finally {
            live.set(false);
            heartbeats.join();
            job.cancel().get();
        }
    }

    @Test
    void normalNoisyDisorderedTrafficYieldsNoAlert(KafkaBroker broker, EmbeddedSchemaRegistry registry, LocalPostgres postgres)
            throws Exception {
        Stack stack = stack(broker, registry, postgres, "quiet");
        long base = Math.floorDiv(System.currentTimeMillis() - Duration.ofHours(3).toMillis(), MIN) * MIN;
        SyntheticFleet fleet = new SyntheticFleet(stack.prefix(), base, 7).normal(0, 90);
        produceAll(broker, registry, stack, fleet, 4_000);

        StreamExecutionEnvironment env = environment();
        job(stack, settings(AnomalySettings.DEFAULTS.heartbeatTimeout())).defineWorkflow(env, new AnomalyDetectionSources(
                bounded(stack, stack.events()), bounded(stack, stack.heartbeats()), bounded(stack, stack.metrics())), sinks(stack));
        env.execute("anomaly detection quiet");

        assertThat(alerts(broker, registry, stack.prefix())).isEmpty();
    }

    // ------------------------------------------------------------------ plumbing

    private static void errorRate(AgentMetrics r, double rate) {
        r.setErrors(Math.round(r.getRequests() * rate));
        r.setErrorRate((double) r.getErrors() / r.getRequests());
    }

    private static String print(AlertType type, String tenant, String agent, String... labels) {
        Map<String, String> identifying = new HashMap<>();
        identifying.put("tenant", tenant);
        identifying.put("agent", agent);
        for (int i = 0; i < labels.length; i += 2) {
            identifying.put(labels[i], labels[i + 1]);
        }
        return type.fingerprint(identifying);
    }

    private static AnomalySettings settings(Duration heartbeatTimeout) {
        AnomalySettings d = AnomalySettings.DEFAULTS;
        return new AnomalySettings(Duration.ofSeconds(5), Duration.ofSeconds(5), d.tokenBaselineCalls(), d.tokenMinHistory(),
                d.tokenResolveAfter(), 30, 10, d.sigma(), d.sigmaFloorFraction(), d.errorRateSigmaFloor(), d.minRequestsPerMinute(),
                d.anomalousMinutes(), d.anomalousWithin(), d.cascadeWithin(), d.cascadeDownstreamAgents(), d.cascadeErrorsPerAgent(),
                d.cascadeErrorRateAgents(), d.cascadeErrorRateWithin(), heartbeatTimeout, d.alignmentMinimum(), d.alignmentMinutes(),
                false, d.warmStartHistory(), d.forgetAgentAfter(), d.tokenSurgeCalls(), d.tokenSurgeWindow());
    }

    private static AnomalyDetectionJob job(Stack stack, AnomalySettings anomaly) {
        return new AnomalyDetectionJob(stack.kafka(), DetectionSettings.defaults().with(anomaly), null, Duration.ofMillis(200));
    }

    private static AnomalyDetectionSinks sinks(Stack stack) {
        return new AnomalyDetectionProductionSinks(stack.kafka(), stack.db(), Duration.ofMillis(200));
    }

    private static org.apache.flink.connector.kafka.source.KafkaSource<org.openclaw.oversight.connectors.kafka.KafkaRawRecord> bounded(
            Stack stack, String topic) {
        return KafkaSources.rawRecords(stack.kafka(), "it-" + UUID.randomUUID(), topic).bounded(OffsetsInitializer.latest()).build();
    }

    private static Thread liveHeartbeats(KafkaBroker broker, EmbeddedSchemaRegistry registry, Stack stack, SyntheticFleet fleet,
            AtomicBoolean live) {
        Thread thread = new Thread(() -> {
            try (KafkaProducer<String, AgentHeartbeat> producer = producer(broker, registry)) {
                while (live.get()) {
                    long now = System.currentTimeMillis();
                    for (int t = 0; t < 2; t++) {
                        for (int a = 0; a < SyntheticFleet.AGENTS; a++) {
                            if (t == 0 && a == 1) {
                                continue; // stopped dead
                            }
                            HeartbeatStatus status = t == 1 && a == 3 ? HeartbeatStatus.DOWN
                                    : t == 1 && a == 2 ? HeartbeatStatus.DEGRADED : HeartbeatStatus.UP;
                            AgentHeartbeat hb = TestData.heartbeat(fleet.tenant(t), SyntheticFleet.agent(a), now, status);
                            producer.send(new ProducerRecord<>(stack.heartbeats(), hb.getAgentId(), hb));
                        }
                    }
                    producer.flush();
                    Thread.sleep(500); // the heartbeat period of the live agents, not a synchronisation
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "live-heartbeats");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Polls the alerts topic (read_committed) until every expected fingerprint fired, then a few more checkpoints for extras. */
    private static Map<String, List<Alert>> awaitAlerts(KafkaBroker broker, EmbeddedSchemaRegistry registry, String prefix,
            Set<String> expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(150));
        Map<String, List<Alert>> byPrint = Map.of();
        while (Instant.now().isBefore(deadline)) {
            byPrint = alerts(broker, registry, prefix).stream().collect(Collectors.groupingBy(Alert::getFingerprint));
            if (byPrint.keySet().containsAll(expected)) {
                Instant settle = Instant.now().plus(Duration.ofSeconds(5));
                while (Instant.now().isBefore(settle)) {
                    Thread.onSpinWait();
                }
                return alerts(broker, registry, prefix).stream().collect(Collectors.groupingBy(Alert::getFingerprint));
            }
        }
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(byPrint.keySet());
        throw new AssertionError("after 150 s, missing " + missing.size() + " expected alerts; got "
                + byPrint.values().stream().map(l -> l.get(0).getAlertname() + " " + l.get(0).getTenantId() + "/" + l.get(0).getAgentId()
                        + " " + l.get(0).getLabels().get("metric")).toList());
    }

    private static List<Alert> alerts(KafkaBroker broker, EmbeddedSchemaRegistry registry, String prefix) throws Exception {
        ConfluentAvroDecoder<Alert> decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(registry.url()), Alert.class);
        List<Alert> alerts = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readToEnd(broker.bootstrapServers(), Topics.ALERTS, Duration.ofSeconds(60))) {
            Alert alert = decoder.decode(record.value());
            if (alert.getTenantId() != null && alert.getTenantId().startsWith(prefix)) {
                assertThat(new String(record.key())).isEqualTo(alert.getFingerprint());
                alerts.add(alert);
            }
        }
        return alerts;
    }

    private static void produceAll(KafkaBroker broker, EmbeddedSchemaRegistry registry, Stack stack, SyntheticFleet fleet, long disorderMs) {
        try (KafkaProducer<String, SpecificRecord> producer = producer(broker, registry)) {
            for (CleanEvent e : fleet.eventsInArrivalOrder(disorderMs)) {
                producer.send(new ProducerRecord<>(stack.events(), e.getAgentEvent() != null ? e.getAgentEvent().getTraceId() : e.getEventId(), e));
            }
            for (AgentMetrics row : fleet.rowsInOrder()) {
                producer.send(new ProducerRecord<>(stack.metrics(), row.getTenantId() + "/" + row.getAgentId(), row));
            }
            for (AgentHeartbeat hb : fleet.heartbeatsInOrder()) {
                producer.send(new ProducerRecord<>(stack.heartbeats(), hb.getAgentId(), hb));
            }
            producer.flush();
        }
    }

    private static <T extends SpecificRecord> KafkaProducer<String, T> producer(KafkaBroker broker, EmbeddedSchemaRegistry registry) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ConfluentAvroSerializer<>(registry.url()));
    }

    private static Stack stack(KafkaBroker broker, EmbeddedSchemaRegistry registry, LocalPostgres postgres, String name) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String events = "it.anomaly-" + name + "-events." + id;
        String heartbeats = "it.anomaly-" + name + "-heartbeats." + id;
        String metrics = "it.anomaly-" + name + "-metrics." + id;
        for (String topic : List.of(events, heartbeats, metrics)) {
            broker.createTopic(topic, PARALLELISM);
        }
        for (String topic : List.of(Topics.ALERTS, Topics.DEAD_LETTERS)) {
            if (!broker.topics().contains(topic)) {
                broker.createTopic(topic, 1);
            }
        }
        String url = postgres.createDatabase("anomaly_it_" + name);
        JdbcConnection db = new JdbcConnection(url, postgres.user(), postgres.password());
        DatabaseMigrations.migrate(db);
        return new Stack(KafkaConnection.of(broker.bootstrapServers(), registry.url()).withDeadLetterKey(dlqKey()), db, events, heartbeats,
                metrics, name + id.substring(0, 4));
    }

    private static StreamExecutionEnvironment environment() {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(PARALLELISM);
        env.setMaxParallelism(128);
        env.enableCheckpointing(500);
        return env;
    }

    private static SecretSource dlqKey() {
        try {
            Path dir = Files.createTempDirectory("anomaly-it-keys-");
            return SecretSource.file(SecretKind.DLQ_KEY, LocalKeys.ensure(dir, SecretKind.DLQ_KEY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
