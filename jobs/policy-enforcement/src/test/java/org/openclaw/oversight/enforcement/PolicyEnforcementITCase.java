package org.openclaw.oversight.enforcement;

import org.openclaw.oversight.connectors.kafka.TestKeys;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDecoder;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.TopicReader;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.ControlCommand;

/**
 * The job on a MiniCluster (parallelism 2) with the real broker, registry and PostgreSQL and its production sinks:
 * simulator-style traffic with the four incidents of this job yields exactly their violations and alerts (clean
 * traffic none), a bad document on the policies topic is rejected with PolicyRejected while the shipped policy stays
 * in force, and a replay over the same history finds exactly the violations the live job stored.
 */
@ExtendWith(LocalStackExtension.class)
class PolicyEnforcementITCase {

    private static final int PARALLELISM = 2;
    private static final long T0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).build());

    @Test
    void theSimulatorsIncidentsProduceTheirViolationsAndCleanTrafficNone(KafkaBroker broker, EmbeddedSchemaRegistry registry,
            LocalPostgres postgres) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String tenant = "it-policy-" + suffix;
        String clean = "it.policy-clean." + suffix;
        String control = "it.policy-control." + suffix;
        String policies = "it.policy-policies." + suffix;
        broker.createTopic(clean, PARALLELISM);
        broker.createTopic(control, 1);
        broker.createTopic(policies, 1);
        for (String shared : List.of(Topics.ALERTS, Topics.DEAD_LETTERS)) {
            if (!broker.topics().contains(shared)) {
                broker.createTopic(shared, 1);
            }
        }
        JdbcConnection db = new JdbcConnection(postgres.createDatabase("policy_it_" + suffix.replace('-', '_')), postgres.user(),
                postgres.password());
        DatabaseMigrations.migrate(db);
        KafkaConnection kafka = TestKeys.connection(broker.bootstrapServers(), registry.url());

        SimulatedIncidents traffic = new SimulatedIncidents(tenant, 13).cleanTraffic(T0, 40)
                .piiInOutput(SimulatedIncidents.SUPPORT, T0 + 900_000)
                .missingDisclosure(SimulatedIncidents.SUPPORT, T0 + 1_000_000)
                .unansweredEscalation(SimulatedIncidents.SUPPORT, T0 + 1_100_000)
                .unapprovedVersion(SimulatedIncidents.FINANCE, T0 + 1_200_000);
        List<CleanEvent> events = new ArrayList<>(traffic.events);
        events.sort(Comparator.comparing(CleanEvent::getEventTime));
        produce(broker, registry, clean, events);
        String badSet = "it-bad-" + suffix;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(policies, badSet, "policies:\n  global:\n    rules:\n      no_such_rule: true\n"
                    .getBytes(StandardCharsets.UTF_8))).get();
        }

        PolicyEnforcementSettings settings = new PolicyEnforcementSettings(TestEvents.SHIPPED, TestEvents.CATEGORIES,
                Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMillis(200));
        StreamExecutionEnvironment env = environment();
        new PolicyEnforcementJob(kafka, settings).defineWorkflow(env, sources(kafka, clean, control, policies),
                new PolicyEnforcementProductionSinks(kafka, db, settings.dbFlushInterval()));
        env.execute("policy enforcement it");

        Set<String> stored = new HashSet<>();
        Set<String> ruleAndAgent = new HashSet<>();
        try (Connection c = db.open(); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT event_id, rule, agent_id, policy_version, interaction_id FROM oversight.policy_violations")) {
            while (row.next()) {
                stored.add(row.getString(1) + " " + row.getString(2));
                ruleAndAgent.add(row.getString(2) + " " + row.getString(3));
                assertThat(row.getString(4)).isEqualTo(TestEvents.SHIPPED.version());
                assertThat(row.getString(5)).isNotEmpty();
            }
        }
        // clean traffic breaks nothing; each incident its own rule (the leak shows in the LLM call, the run and the reply)
        assertThat(ruleAndAgent).containsExactlyInAnyOrder("no_pii_in_outputs support-agent", "transparency_notice_required support-agent",
                "human_escalation_enabled support-agent", "dual_review_for_changes finance-agent");
        assertThat(stored.stream().filter(v -> v.endsWith("no_pii_in_outputs"))).hasSize(3);
        assertThat(stored).hasSize(6);

        List<Alert> alerts = alerts(broker, registry, tenant, badSet);
        assertThat(alerts.stream().map(a -> a.getAlertname() + " " + a.getLabels().get("rule") + " " + a.getAgentId())
                .collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "PiiLeak no_pii_in_outputs support-agent", "PolicyViolation transparency_notice_required support-agent",
                "PolicyViolation human_escalation_enabled support-agent", "PolicyViolation dual_review_for_changes finance-agent",
                "PolicyRejected null null");
        assertThat(alerts.stream().filter(a -> a.getAlertname().equals("PiiLeak"))).as("throttled to one per minute").hasSize(1);

        // what-if replay with the active policy over the same history finds exactly what the live job stored, writing nothing
        StreamExecutionEnvironment replayEnv = environment();
        String group = "it-replay-" + UUID.randomUUID();
        List<Violation> replayed = PolicyReplay.evaluate(
                KafkaSources.decode(KafkaSources.read(replayEnv, bounded(kafka, group, clean), clean, PolicyEnforcementJob.cleanEventTime(settings)),
                        CleanEvent.class, kafka, "replay").records(),
                KafkaSources.decode(KafkaSources.read(replayEnv, bounded(kafka, group, control), control), ControlCommand.class, kafka, "replay")
                        .records(),
                replayEnv.fromData(List.of(PolicyMessage.approval("nobody", "0", "nobody")), PolicyTopicValidation.TYPE),
                settings, Instant.ofEpochMilli(T0 - 60_000), Instant.ofEpochMilli(T0 + 3_600_000));
        assertThat(replayed.stream().map(v -> v.eventId + " " + v.rule).collect(Collectors.toSet())).isEqualTo(stored);
        try (Connection c = db.open(); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT count(*) FROM oversight.policy_violations")) {
            row.next();
            assertThat(row.getLong(1)).isEqualTo(stored.size());
        }
    }

    private static PolicyEnforcementSources sources(KafkaConnection kafka, String clean, String control, String policies) {
        String group = "it-" + UUID.randomUUID();
        return new PolicyEnforcementSources(bounded(kafka, group, clean), bounded(kafka, group, control), bounded(kafka, group, policies));
    }

    private static org.apache.flink.api.connector.source.Source<KafkaRawRecord, ?, ?> bounded(KafkaConnection kafka, String group, String topic) {
        return KafkaSources.rawRecords(kafka, group, topic).startingOffsets(OffsetsInitializer.earliest())
                .bounded(OffsetsInitializer.latest()).build();
    }

    static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        env.setParallelism(PARALLELISM);
        env.setMaxParallelism(128);
        env.enableCheckpointing(500);
        return env;
    }

    static void produce(KafkaBroker broker, EmbeddedSchemaRegistry registry, String topic, List<CleanEvent> events) {
        try (KafkaProducer<String, CleanEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ConfluentAvroSerializer<>(registry.url()))) {
            for (CleanEvent e : events) {
                producer.send(new ProducerRecord<>(topic, SimulatedIncidents.key(e), e));
            }
            producer.flush();
        }
    }

    private static List<Alert> alerts(KafkaBroker broker, EmbeddedSchemaRegistry registry, String tenant, String policySet) throws Exception {
        ConfluentAvroDecoder<Alert> decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(registry.url()), Alert.class);
        List<Alert> alerts = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readToEnd(broker.bootstrapServers(), Topics.ALERTS, Duration.ofSeconds(60))) {
            Alert alert = decoder.decode(record.value());
            if (tenant.equals(alert.getTenantId()) || policySet.equals(alert.getLabels().get("policy_set"))) {
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(alert.getFingerprint());
                alerts.add(alert);
            }
        }
        return alerts;
    }
}
