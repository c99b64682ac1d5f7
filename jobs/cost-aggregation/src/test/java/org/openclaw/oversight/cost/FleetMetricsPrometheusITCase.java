package org.openclaw.oversight.cost;

import org.openclaw.oversight.connectors.kafka.TestKeys;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.Ports;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * The job with the Oversight reporter (configured as JobEnvironment does): the seed metrics are scraped from the
 * reporter's HTTP endpoint under their exact names and types (openclaw_messages_total counter, ...,
 * openclaw_llm_latency_seconds histogram), summed over the two subtasks, with the right labels and counts; the
 * latency sketch stays available as Flink's summary.
 */
@ExtendWith(LocalStackExtension.class)
class FleetMetricsPrometheusITCase {

    static final String PREFIX = "flink_taskmanager_job_task_operator_";

    @Test
    void seedMetricsAreScrapedWithTheirLabels(KafkaBroker broker, EmbeddedSchemaRegistry registry) throws Exception {
        String topic = "it.cost-prometheus." + UUID.randomUUID();
        broker.createTopic(topic, 2);
        String tenant = "prom" + UUID.randomUUID().toString().substring(0, 6);
        List<CleanEvent> events = new ArrayList<>();
        long t0 = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
        for (int i = 0; i < 40; i++) {
            events.add(TestEvents.llmCall(tenant + "-" + i, tenant, "agent-1", "claude-sonnet-4-6", t0 + i * 1000L, 2_000, false, 0.25));
        }
        events.add(TestEvents.message(tenant + "-m", tenant, "agent-1", t0, null));
        events.add(TestEvents.message(tenant + "-m-failed", tenant, "agent-1", t0, "500"));
        try (KafkaProducer<String, CleanEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(),
                new ConfluentAvroSerializer<>(registry.url()))) {
            events.forEach(e -> producer.send(new ProducerRecord<>(topic, e.getEventId(), e)));
            producer.flush();
        }

        int port = Ports.pickFree();
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter.prom.factory.class", org.openclaw.oversight.connectors.flink.metrics.LoopbackPrometheusReporterFactory.CLASS_NAME);
        conf.setString("metrics.reporter.prom.port", String.valueOf(port));
        conf.setString("metrics.reporter.prom.filterLabelValueCharacters", "true");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        KafkaConnection kafka = TestKeys.connection(broker.bootstrapServers(), registry.url());
        new CostAggregationJob(kafka, CostAggregationSettings.defaults(BudgetBook.empty())).defineWorkflow(env,
                new CostAggregationSources(KafkaSources.rawRecords(kafka, "it-" + UUID.randomUUID(), topic).build()), new DiscardingSinks());
        JobClient job = env.executeAsync("oversight-cost-aggregation"); // the name JobRunner gives it: the job label
        try {
            HttpClient http = HttpClient.newHttpClient();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            String body = "";
            while (Instant.now().isBefore(deadline)) {
                try {
                    body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException notYetListening) {
                    body = "";
                }
                // every metric asserted below has been reported (Flink registers its own histogram on its own schedule)
                if (sum(body, "openclaw_messages_total", tenant) >= 42
                        && sum(body, "openclaw_llm_cost_eur_total", tenant) >= 10.0 - 1e-9
                        && sum(body, "openclaw_llm_latency_seconds_count", tenant) >= 40
                        && sum(body, "openclaw_channel_errors_total", tenant) >= 1
                        && !lines(body, PREFIX + "tenant_id_model_tier_openclaw_llm_latency_seconds", tenant, "quantile=\"0.5\"").isEmpty()) {
                    break;
                }
                Thread.sleep(200); // polling interval; the loop checks the condition
            }
            assertThat(body).contains("# TYPE openclaw_messages_total counter", "# TYPE openclaw_token_usage_total counter",
                    "# TYPE openclaw_llm_cost_eur_total counter", "# TYPE openclaw_llm_latency_seconds histogram",
                    "# TYPE openclaw_channel_errors_total counter");
            assertThat(sum(body, "openclaw_messages_total", tenant)).isEqualTo(42.0);
            assertThat(lines(body, "openclaw_messages_total", tenant)).allSatisfy(line -> assertThat(line)
                    .contains("job=\"cost-aggregation\"").doesNotContain("subtask_index"));
            assertThat(sum(body, "openclaw_token_usage_total", tenant, "type=\"input\"")).isEqualTo(4000.0);
            assertThat(sum(body, "openclaw_token_usage_total", tenant, "type=\"output\"")).isEqualTo(2000.0);
            assertThat(sum(body, "openclaw_llm_cost_eur_total", tenant)).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(sum(body, "openclaw_channel_errors_total", tenant, "channel=\"SLACK\"", "error_code=\"500\"")).isEqualTo(1.0);
            // 40 calls of 2 s: none at or below 1 s, all at or below 2 s; count and sum of the histogram
            assertThat(sum(body, "openclaw_llm_latency_seconds_bucket", tenant, "le=\"1\"")).isZero();
            assertThat(sum(body, "openclaw_llm_latency_seconds_bucket", tenant, "le=\"2\"")).isEqualTo(40.0);
            assertThat(sum(body, "openclaw_llm_latency_seconds_bucket", tenant, "le=\"+Inf\"")).isEqualTo(40.0);
            assertThat(sum(body, "openclaw_llm_latency_seconds_count", tenant)).isEqualTo(40.0);
            assertThat(sum(body, "openclaw_llm_latency_seconds_sum", tenant)).isCloseTo(80.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(lines(body, PREFIX + "tenant_id_model_tier_openclaw_llm_latency_seconds", tenant, "quantile=\"0.5\""))
                    .isNotEmpty().allSatisfy(line -> {
                        // filterLabelValueCharacters (as JobEnvironment sets it) turns '-' into '_' in Flink's names
                        assertThat(line).contains("model=\"claude_sonnet_4_6\"").contains("tier=\"none\"");
                        assertThat(value(line)).isBetween(1.98, 2.02); // 2000 ms = 2 s, ±1%
                    });
            assertThat(lines(body, "openclaw_messages_total", tenant, "channel=\"SLACK\""))
                    .singleElement().asString().contains("model=\"none\"");
        } finally {
            job.cancel().get();
        }
    }

    private static double sum(String body, String name, String tenant, String... more) {
        return lines(body, name, tenant, more).stream().mapToDouble(FleetMetricsPrometheusITCase::value).sum();
    }

    private static List<String> lines(String body, String name, String tenant, String... more) {
        List<String> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("tenant_id=\"" + tenant + "\"")
                    && java.util.Arrays.stream(more).allMatch(line::contains)) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** Outputs go nowhere: this test only looks at the metrics. */
    private static final class DiscardingSinks implements CostAggregationSinks {
        @Override public void agentMetrics1m(DataStream<AgentMetrics> rows) { rows.sinkTo(new DiscardingSink<>()); }
        @Override public void agentMetrics1h(DataStream<AgentMetrics> rows) { rows.sinkTo(new DiscardingSink<>()); }
        @Override public void systemMetrics1m(DataStream<SystemMetrics> rows) { rows.sinkTo(new DiscardingSink<>()); }
        @Override public void agentMetricsTopic(DataStream<org.openclaw.oversight.schema.AgentMetrics> rows) { rows.sinkTo(new DiscardingSink<>()); }
        @Override public void alerts(DataStream<Alert> alerts) { alerts.sinkTo(new DiscardingSink<>()); }
        @Override public void deadLetters(DataStream<DeadLetter> deadLetters) { deadLetters.sinkTo(new DiscardingSink<>()); }
    }
}
