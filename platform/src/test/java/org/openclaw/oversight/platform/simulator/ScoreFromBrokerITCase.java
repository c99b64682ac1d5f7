package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.Severity;
import picocli.CommandLine;

/**
 * `simulate --score` reading oversight.alerts.v1 from a real broker: committed alerts count, an aborted
 * transaction's do not (read_committed), and the exit code says whether the run passed.
 */
@ExtendWith(LocalStackExtension.class)
class ScoreFromBrokerITCase {
    private static final String START = "2025-03-01T00:00:00Z";

    @Test
    void committedAlertsAreScoredAndAbortedOnesAreNot(KafkaBroker broker, EmbeddedSchemaRegistry registry,
            @TempDir Path dir) throws Exception {
        broker.createTopic(Topics.ALERTS, 3, Map.of("retention.ms", "-1"));
        Path report = dir.resolve("report.json");
        assertThat(run(new StringWriter(), "--dry-run", "--start", START, "--report", report.toString())).isZero();
        List<ExpectedAlert> expected = ScoredReport.read(report).expectations().stream()
                .filter(e -> e.required() && e.type().source().equals("anomaly-detection")).toList();
        assertThat(expected).hasSizeGreaterThan(5);
        ConfluentAvroSerializer<SpecificRecord> serializer = new ConfluentAvroSerializer<>(registry.url());

        // every expected anomaly alert committed; a stray one in an aborted transaction
        try (KafkaProducer<String, byte[]> producer = producer(broker, "score-itcase")) {
            producer.beginTransaction();
            for (ExpectedAlert e : expected) {
                send(producer, serializer, alert(e.type(), e.severity() != null ? e.severity() : e.type().defaultSeverity(),
                        e.tenant(), e.agent(), e.notBefore() + 10_000));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            send(producer, serializer, alert(AlertType.LATENCY_ANOMALY, Severity.P3, "acme-retail", "support-agent",
                    Instant.parse(START).toEpochMilli() + 30_000));
            producer.flush();
            producer.abortTransaction();
        }
        StringWriter out = new StringWriter();
        int passed = run(out, "--score", "--report", report.toString(), "--source", "anomaly-detection",
                "--bootstrap-servers", broker.bootstrapServers(), "--registry-url", registry.url());
        assertThat(passed).as(out.toString()).isZero();
        assertThat(out.toString()).contains("score: " + expected.size() + " of " + expected.size())
                .doesNotContain("FALSE POSITIVE");

        // the same stray alert committed is a false positive
        try (KafkaProducer<String, byte[]> producer = producer(broker, "score-itcase")) {
            producer.beginTransaction();
            send(producer, serializer, alert(AlertType.LATENCY_ANOMALY, Severity.P3, "acme-retail", "support-agent",
                    Instant.parse(START).toEpochMilli() + 30_000));
            producer.commitTransaction();
        }
        StringWriter second = new StringWriter();
        int failed = run(second, "--score", "--report", report.toString(), "--source", "anomaly-detection",
                "--bootstrap-servers", broker.bootstrapServers(), "--registry-url", registry.url());
        assertThat(failed).isEqualTo(SimulateCommand.EXIT_FAILED);
        assertThat(second.toString()).contains("FALSE POSITIVE     LatencyAnomaly P3 acme-retail/support-agent");
    }

    private static int run(StringWriter out, String... args) {
        return new CommandLine(new SimulateCommand()).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(new StringWriter())).execute(args);
    }

    private static Alert alert(AlertType type, Severity severity, String tenant, String agent, long startsAt) {
        Map<String, String> labels = Map.of("tenant", tenant, "agent", agent, "severity", severity.name(),
                "source", type.source(), "category", "test");
        return Alert.newBuilder().setFingerprint(type.fingerprint(Map.of("tenant", tenant, "agent", agent)))
                .setAlertname(type.alertname()).setSeverity(severity).setTenantId(tenant)
                .setAgentId(agent).setLabels(labels).setSummary("test").setDescription("test")
                .setRunbook(type.runbook()).setStartsAt(Instant.ofEpochMilli(startsAt)).setSource(type.source())
                .build();
    }

    private static KafkaProducer<String, byte[]> producer(KafkaBroker broker, String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    private static void send(KafkaProducer<String, byte[]> producer, ConfluentAvroSerializer<SpecificRecord> serializer,
            Alert alert) {
        producer.send(new ProducerRecord<>(Topics.ALERTS, alert.getFingerprint(),
                serializer.serialize(Topics.ALERTS, alert)));
    }
}
