package org.openclaw.oversight.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openclaw.oversight.incident.AlertmanagerApi.await;
import static org.openclaw.oversight.incident.AlertmanagerApi.label;
import static org.openclaw.oversight.incident.AlertmanagerApi.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
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
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.config.IncidentSettings;
import org.openclaw.oversight.config.LocalAddresses;
import org.openclaw.oversight.connectors.alertmanager.AlertmanagerSinkConfig;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDecoder;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.AuditChainVerifier;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalAlertmanager;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.TopicReader;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.ControlCommand;
import org.openclaw.oversight.schema.DeadLetter;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

/**
 * The job running (unbounded Kafka sources, MiniCluster parallelism 2) with its production sinks against
 * the real broker, registry, PostgreSQL and an Alertmanager of its own with deploy/alertmanager/alertmanager.yml.
 */
@ExtendWith(LocalStackExtension.class)
class IncidentResponseJobITCase {

    private static final int PARALLELISM = 2;
    private static final Path DEPLOY_CONFIG = Path.of("../../deploy/alertmanager/alertmanager.yml");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).build());

    private record Stack(KafkaConnection kafka, JdbcConnection db, String alerts, String heartbeats, String commands,
                         String prefix, LocalAlertmanager alertmanager) {}

    @Test
    void incidentsEscalateActOnceAreInhibitedResolveAndSurviveAnAlertmanagerOutage(KafkaBroker broker,
            EmbeddedSchemaRegistry registry, LocalPostgres postgres, @TempDir Path dir) throws Exception {
        Stack stack = stack(broker, registry, postgres, dir, "life");
        String t = stack.prefix();
        String dry = t + "-dry";
        IncidentSettings fast = new IncidentSettings(Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(60),
                Duration.ofSeconds(3), Duration.ofMinutes(5), 5, false, Map.of(dry, true));
        AlertmanagerSinkConfig sinkConfig = AlertmanagerSinkConfig.builder(stack.alertmanager().url()).maxAlertsPerRequest(500)
                .resendInterval(Duration.ofSeconds(2)).firingEndsAfter(Duration.ofSeconds(20)).build();
        JobClient job = start(stack, new ResponderSettings(fast, 0.995, Map.of(t, List.of("origin", "b"))), sinkConfig);
        String am = stack.alertmanager().url();
        String[] costIncident = new String[1];
        try {
            long now = System.currentTimeMillis();
            Alert cost = TestAlerts.firing(AlertType.COST_ANOMALY, t, "a1", now);
            produce(broker, registry, stack.alerts(), List.of(cost, cost)); // a repeat changes nothing
            // firing, then escalated: L1 -> L2 -> L3 (the old label set resolved each time)
            await("CostAnomaly at L3 and no other level active", Duration.ofSeconds(60), () -> {
                List<String> levels = active(am, "CostAnomaly", t).stream().map(a -> label(a, "escalation")).toList();
                return levels.equals(List.of("L3"));
            });
            String incidentId = single(stack.db(), "SELECT incident_id FROM oversight.incidents WHERE tenant_id = '" + t
                    + "' AND type = 'CostAnomaly'");
            costIncident[0] = incidentId;
            assertThat(single(stack.db(), "SELECT escalation_level FROM oversight.incidents WHERE incident_id = '" + incidentId + "'"))
                    .isEqualTo("3");
            // re-sent while firing: Alertmanager's endsAt moves forward
            String endsAt = active(am, "CostAnomaly", t).get(0).path("endsAt").asText();
            await("re-send moves endsAt", Duration.ofSeconds(20),
                    () -> active(am, "CostAnomaly", t).stream().anyMatch(a -> a.path("endsAt").asText().compareTo(endsAt) > 0));

            // ack stops escalation (L4 after 60 s is never reached within this test, but the state says acked)
            produce(broker, registry, stack.commands(), List.of(TestAlerts.command(UUID.randomUUID().toString(), incidentId, t, "ack",
                    null, "alice")));
            await("acknowledged in the table", Duration.ofSeconds(30), () -> "ACKNOWLEDGED".equals(single(stack.db(),
                    "SELECT status FROM oversight.incidents WHERE incident_id = '" + incidentId + "'")));

            // inhibition by the deploy config: the cascade mutes the tenant's error alerts, unreachable the agent's others
            long t2 = System.currentTimeMillis();
            produce(broker, registry, stack.alerts(), List.of(
                    TestAlerts.firing(AlertType.ERROR_RATE_ANOMALY, t, "b", t2),
                    TestAlerts.firing(AlertType.CASCADING_FAILURE, t, "origin", t2),
                    TestAlerts.firing(AlertType.AGENT_UNREACHABLE, t, "u", t2),
                    TestAlerts.firing(AlertType.LATENCY_ANOMALY, t, "u", t2),
                    TestAlerts.firing(AlertType.ALIGNMENT_DROP, dry, "d", t2)));
            await("error alert and the unreachable agent's latency alert inhibited", Duration.ofSeconds(60), () ->
                    all(am, "ErrorRateAnomaly", t).stream().anyMatch(a -> state(a).equals("suppressed")
                            && a.path("status").path("inhibitedBy").size() > 0)
                    && all(am, "LatencyAnomaly", t).stream().anyMatch(a -> state(a).equals("suppressed"))
                    && active(am, "CascadingFailure", t).size() == 1 && active(am, "AgentUnreachable", t).size() == 1);
            assertThat(amtool("alert", "query", "--alertmanager.url=" + am, "alertname=CascadingFailure", "tenant=" + t))
                    .contains("CascadingFailure");

            // resolve: the CostAnomaly alert leaves Alertmanager's list
            produce(broker, registry, stack.alerts(), List.of(TestAlerts.resolved(cost, System.currentTimeMillis())));
            await("CostAnomaly resolved", Duration.ofSeconds(30), () -> all(am, "CostAnomaly", t).isEmpty());
            await("incident resolved", Duration.ofSeconds(30), () -> "RESOLVED".equals(single(stack.db(),
                    "SELECT status FROM oversight.incidents WHERE incident_id = '" + incidentId + "'")));
            assertThat(single(stack.db(), "SELECT escalation_level FROM oversight.incidents WHERE incident_id = '" + incidentId + "'"))
                    .as("acknowledged at L3: never escalated further").isEqualTo("3");

            // outage: Alertmanager stopped, alerts raised meanwhile, all there once it is back
            stack.alertmanager().stop();
            long t3 = System.currentTimeMillis();
            List<Alert> during = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                during.add(TestAlerts.firing(AlertType.TOKEN_ANOMALY, t, "outage-" + i, t3));
            }
            produce(broker, registry, stack.alerts(), during);
            await("incidents of the outage in the table", Duration.ofSeconds(30), () -> "5".equals(single(stack.db(),
                    "SELECT count(*) FROM oversight.incidents WHERE tenant_id = '" + t + "' AND type = 'TokenAnomaly'")));
            stack.alertmanager().start();
            await("all five alerts of the outage delivered", Duration.ofSeconds(60),
                    () -> active(am, "TokenAnomaly", t).size() == 5);
            await("no heartbeat of u after its RESTART: rolled back, committed on the control topic", Duration.ofSeconds(60),
                    () -> controlCommands(broker, registry, t).stream()
                            .anyMatch(c -> c.getAgentId().equals("u") && c.getAction() == org.openclaw.oversight.schema.ControlAction.ROLLBACK));
        } finally {
            job.cancel().get();
            stack.alertmanager().stop();
        }

        // control commands: exactly once per incident and action; the dry-run tenant's none
        Map<String, Long> commands = controlCommands(broker, registry, t).stream()
                .collect(Collectors.groupingBy(c -> c.getAgentId() + " " + c.getAction(), Collectors.counting()));
        assertThat(commands).containsEntry("a1 RATE_LIMIT", 1L).containsEntry("origin PAUSE", 1L).containsEntry("b PAUSE", 1L)
                .containsEntry("u RESTART", 1L).containsEntry("u ROLLBACK", 1L);
        assertThat(commands.keySet()).noneMatch(k -> k.startsWith("d "));
        assertThat(single(stack.db(), "SELECT actions_taken::text FROM oversight.incidents WHERE tenant_id = '" + dry + "'"))
                .contains("\"action\": \"PAUSE\"").contains("dry-run");
        try (Connection db = stack.db().open()) {
            assertThat(AuditChainVerifier.verify(db).ok()).isTrue();
            assertThat(count(db, "SELECT count(*) FROM oversight.audit_log WHERE action = 'incident.escalated' AND resource = 'incident:"
                    + costIncident[0] + "'")).as("L1 -> L2 -> L3, then acknowledged").isEqualTo(2);
            assertThat(count(db, "SELECT count(*) FROM oversight.audit_log a JOIN oversight.incident_audit_keys k ON k.audit_seq = a.seq"))
                    .isEqualTo(count(db, "SELECT count(*) FROM oversight.audit_log"));
            assertThat(count(db, "SELECT count(*) FROM oversight.audit_log WHERE action = 'incident.acknowledged' AND actor = 'alice'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aStormOfTenThousandAlertsReachesAlertmanagerAtABoundedRequestRate(KafkaBroker broker, EmbeddedSchemaRegistry registry,
            LocalPostgres postgres, @TempDir Path dir) throws Exception {
        Stack stack = stack(broker, registry, postgres, dir, "storm");
        String am = stack.alertmanager().url();
        try (CountingProxy proxy = new CountingProxy(am)) {
            JobClient job = start(stack, new ResponderSettings(IncidentSettings.DEFAULTS, 0.995, Map.of()),
                    IncidentResponseProductionSinks.alertmanagerConfig(proxy.url()));
            try {
                // the job is up (sources assigned, sinks open) before the clock of the storm starts
                produce(broker, registry, stack.alerts(), List.of(TestAlerts.firing(AlertType.LATENCY_ANOMALY, stack.prefix() + "-warm",
                        "warm-up", System.currentTimeMillis())));
                await("the warm-up alert in Alertmanager", Duration.ofSeconds(120), () -> AlertmanagerApi.alerts(am).size() == 1);
                int postsBefore = proxy.posts().size();
                List<Alert> storm = new ArrayList<>();
                for (int i = 0; i < 10_000; i++) {
                    // startsAt = when it was raised: its first arrival at Alertmanager minus startsAt is the latency
                    storm.add(TestAlerts.firing(AlertType.LATENCY_ANOMALY, stack.prefix() + "-" + (i % 50), "agent-" + i,
                            System.currentTimeMillis()));
                }
                produce(broker, registry, stack.alerts(), storm);
                await("all 10,000 alerts in Alertmanager", Duration.ofSeconds(180), () -> AlertmanagerApi.alerts(am).size() >= 10_001);
                List<Long> posts = proxy.posts().subList(postsBefore, proxy.posts().size());
                List<Long> latencies = proxy.latencies();
                Collections.sort(latencies);
                double seconds = (posts.get(posts.size() - 1) - posts.get(0)) / 1000.0;
                System.out.printf("storm: 10000 alerts in %d POST requests over %.1f s (%.1f requests/s, at most %d in any second);"
                                + " alert -> Alertmanager latency p50 %d ms, p99 %d ms, max %d ms%n", posts.size(), seconds,
                        posts.size() / Math.max(seconds, 0.001), proxy.maxPostsPerSecond(), latencies.get(latencies.size() / 2),
                        latencies.get(latencies.size() * 99 / 100), latencies.get(latencies.size() - 1));
                // where the time goes: first write of the incident row, last audit entry, against the alerts' startsAt
                System.out.println("storm: incidents table latency p50/p99/max ms: " + single(stack.db(), "SELECT"
                        + " round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)) || ' / ' || round(percentile_cont(0.99) WITHIN GROUP"
                        + " (ORDER BY ms)) || ' / ' || max(ms) FROM (SELECT extract(epoch FROM updated_at - opened_at) * 1000 AS ms"
                        + " FROM oversight.incidents WHERE agent_id <> 'warm-up') x")
                        + "; last audit entry " + single(stack.db(), "SELECT round(extract(epoch FROM max(at)) * 1000 - "
                        + storm.get(0).getStartsAt().toEpochMilli() + ") FROM oversight.audit_log") + " ms after the first alert");
                assertThat(proxy.alertsSeen()).isEqualTo(10_001);
                assertThat(posts.size()).as("batched: far fewer requests than alerts").isBetween(20, 1_000);
                assertThat(proxy.maxPostsPerSecond()).as("requests in any one second").isLessThanOrEqualTo(10);
            } finally {
                job.cancel().get();
                stack.alertmanager().stop();
            }
        }
    }

    @Test
    void afterAFailureAndRestoreEachActionIsOnTheControlTopicOnceAndAuditedOnce(KafkaBroker broker, EmbeddedSchemaRegistry registry,
            LocalPostgres postgres, @TempDir Path dir) throws Exception {
        Stack stack = stack(broker, registry, postgres, dir, "crash");
        String t = stack.prefix();
        AlertmanagerSinkConfig sinkConfig = IncidentResponseProductionSinks.alertmanagerConfig(stack.alertmanager().url());
        IncidentResponseProductionSinks production = new IncidentResponseProductionSinks(stack.kafka(), stack.db(), sinkConfig,
                Duration.ofMillis(200));
        FailOnceAfterCheckpoint.reset();
        IncidentResponseSinks failingOnce = new IncidentResponseSinks() {
            @Override public void incidents(DataStream<Incident> incidents) { production.incidents(incidents); }
            @Override public void controlCommands(DataStream<ControlCommand> commands) {
                production.controlCommands(commands.map(new FailOnceAfterCheckpoint<>(), new AvroTypeInfo<>(ControlCommand.class))
                        .name("fail once").uid("fail-once"));
            }
            @Override public void audit(DataStream<AuditEntry> entries) { production.audit(entries); }
            @Override public void alertmanager(DataStream<Alert> alerts) { production.alertmanager(alerts); }
            @Override public void alerts(DataStream<Alert> alerts) { production.alerts(alerts); }
            @Override public void uptime(DataStream<AgentUptime> rows) { production.uptime(rows); }
            @Override public void deadLetters(DataStream<DeadLetter> letters) { production.deadLetters(letters); }
        };
        JobClient job = start(stack, new ResponderSettings(IncidentSettings.DEFAULTS, 0.995, Map.of()), sinkConfig, failingOnce);
        try {
            List<Alert> first = new ArrayList<>();
            List<Alert> second = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                first.add(TestAlerts.firing(AlertType.COST_ANOMALY, t, "c" + i, System.currentTimeMillis()));
                second.add(TestAlerts.firing(AlertType.COST_ANOMALY, t, "c" + (10 + i), System.currentTimeMillis()));
            }
            produce(broker, registry, stack.alerts(), first);
            await("a checkpoint after the first commands", Duration.ofSeconds(120), FailOnceAfterCheckpoint.CHECKPOINTED::get);
            produce(broker, registry, stack.alerts(), second);
            await("the injected failure and every agent rate-limited", Duration.ofSeconds(120), () -> FailOnceAfterCheckpoint.INJECTED.get() == 1
                    && controlCommands(broker, registry, t).stream().map(ControlCommand::getAgentId).distinct().count() == 20);
        } finally {
            job.cancel().get();
            stack.alertmanager().stop();
        }
        Map<String, Long> perAgent = controlCommands(broker, registry, t).stream()
                .collect(Collectors.groupingBy(c -> c.getAgentId() + " " + c.getAction(), Collectors.counting()));
        assertThat(perAgent).hasSize(20).allSatisfy((agent, n) -> assertThat(n).as(agent).isEqualTo(1L));
        try (Connection db = stack.db().open()) {
            assertThat(AuditChainVerifier.verify(db).ok()).isTrue();
            assertThat(count(db, "SELECT count(*) FROM oversight.audit_log WHERE action = 'incident.opened'")).isEqualTo(20);
            assertThat(count(db, "SELECT count(*) FROM oversight.audit_log WHERE action = 'incident.action'")).isEqualTo(20);
            assertThat(count(db, "SELECT count(*) FROM oversight.incidents WHERE jsonb_array_length(actions_taken) = 1")).isEqualTo(20);
        }
    }

    /** Throws once, in the first attempt, on the first record after a checkpoint has completed. */
    static final class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T> implements CheckpointListener {
        static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
        static final AtomicInteger INJECTED = new AtomicInteger();
        private transient boolean checkpointed;

        static void reset() {
            CHECKPOINTED.set(false);
            INJECTED.set(0);
        }

        @Override
        public T map(T record) {
            if (checkpointed && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0 && INJECTED.compareAndSet(0, 1)) {
                throw new IllegalStateException("injected failure after a checkpoint");
            }
            return record;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                checkpointed = true;
                CHECKPOINTED.set(true);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static JobClient start(Stack stack, ResponderSettings settings, AlertmanagerSinkConfig sinkConfig) throws Exception {
        return start(stack, settings, sinkConfig, new IncidentResponseProductionSinks(stack.kafka(), stack.db(), sinkConfig,
                Duration.ofMillis(200)));
    }

    private static JobClient start(Stack stack, ResponderSettings settings, AlertmanagerSinkConfig sinkConfig,
            IncidentResponseSinks sinks) throws Exception {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(PARALLELISM);
        env.setMaxParallelism(128);
        env.enableCheckpointing(500);
        String group = "it-" + UUID.randomUUID();
        IncidentResponseJob job = new IncidentResponseJob(stack.kafka(), settings, sinkConfig);
        job.defineWorkflow(env, new IncidentResponseSources(
                        KafkaSources.rawRecords(stack.kafka(), group, stack.alerts()).startingOffsets(OffsetsInitializer.earliest()).build(),
                        KafkaSources.rawRecords(stack.kafka(), group, stack.heartbeats()).startingOffsets(OffsetsInitializer.earliest()).build(),
                        KafkaSources.rawRecords(stack.kafka(), group, stack.commands()).startingOffsets(OffsetsInitializer.earliest()).build()),
                sinks);
        return env.executeAsync("incident response it");
    }

    private static Stack stack(KafkaBroker broker, EmbeddedSchemaRegistry registry, LocalPostgres postgres, Path dir, String name)
            throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String alerts = "it.alerts-" + name + "." + suffix;
        String heartbeats = "it.heartbeats-" + name + "." + suffix;
        String commands = "it.commands-" + name + "." + suffix;
        for (String topic : List.of(alerts, heartbeats, commands)) {
            broker.createTopic(topic, PARALLELISM);
        }
        for (String shared : List.of(Topics.AGENT_CONTROL, Topics.ALERTS, Topics.DEAD_LETTERS)) {
            if (!broker.topics().contains(shared)) {
                broker.createTopic(shared, 1);
            }
        }
        String url = postgres.createDatabase("incident_it_" + name);
        JdbcConnection db = new JdbcConnection(url, postgres.user(), postgres.password());
        DatabaseMigrations.migrate(db);
        Path keys = Files.createDirectories(dir.resolve("keys"));
        SecretSource dlqKey = SecretSource.file(SecretKind.DLQ_KEY, LocalKeys.ensure(keys, SecretKind.DLQ_KEY));
        LocalAlertmanager alertmanager = LocalAlertmanager.start(dir.resolve("alertmanager"), 0, DEPLOY_CONFIG.toAbsolutePath());
        return new Stack(KafkaConnection.of(broker.bootstrapServers(), registry.url()).withDeadLetterKey(dlqKey), db, alerts,
                heartbeats, commands, name + suffix, alertmanager);
    }

    private static <T extends SpecificRecord> void produce(KafkaBroker broker, EmbeddedSchemaRegistry registry, String topic,
            List<T> records) {
        try (KafkaProducer<String, T> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ConfluentAvroSerializer<>(registry.url()))) {
            for (T record : records) {
                producer.send(new ProducerRecord<>(topic, null, record));
            }
            producer.flush();
        }
    }

    private static List<ControlCommand> controlCommands(KafkaBroker broker, EmbeddedSchemaRegistry registry, String tenantPrefix) {
        ConfluentAvroDecoder<ControlCommand> decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(registry.url()),
                ControlCommand.class);
        List<ControlCommand> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readToEnd(broker.bootstrapServers(), Topics.AGENT_CONTROL,
                Duration.ofSeconds(60))) {
            ControlCommand command;
            try {
                command = decoder.decode(record.value());
            } catch (Exception e) {
                throw new IllegalStateException("undecodable control command", e);
            }
            if (command.getTenantId().startsWith(tenantPrefix)) {
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(command.getAgentId());
                out.add(command);
            }
        }
        return out;
    }

    private static List<JsonNode> all(String am, String alertname, String tenant) {
        return AlertmanagerApi.alerts(am).stream()
                .filter(a -> alertname.equals(label(a, "alertname")) && tenant.equals(label(a, "tenant"))).toList();
    }

    private static List<JsonNode> active(String am, String alertname, String tenant) {
        return all(am, alertname, tenant).stream().filter(a -> state(a).equals("active")).toList();
    }

    private static String single(JdbcConnection jdbc, String sql) {
        try (Connection db = jdbc.open(); Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String amtool(String... args) {
        try {
            List<String> command = new ArrayList<>();
            command.add("amtool");
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            assertThat(exit).as("amtool %s: %s", String.join(" ", args), output).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("amtool not found: it ships with Debian's prometheus-alertmanager", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
