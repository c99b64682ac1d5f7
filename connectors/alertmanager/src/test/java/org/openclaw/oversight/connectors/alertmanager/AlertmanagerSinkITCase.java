package org.openclaw.oversight.connectors.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openclaw.oversight.localstack.LocalAlertmanager;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.Severity;

/** Alerts go through a Flink job into a real Alertmanager and come back out of its API as sent. */
@ExtendWith(LocalStackExtension.class)
class AlertmanagerSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static void runJob(AlertmanagerSinkConfig config, Alert... alerts) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromData(alerts).name("alerts")
                .sinkTo(new AlertmanagerSink(config)).name("alertmanager").uid("alertmanager-sink");
        env.execute("alertmanager-sink-it");
    }

    @Test
    void firingAlertArrivesWithDesignLabelsAndAnnotationsAndResolutionEndsIt(LocalAlertmanager alertmanager)
            throws Exception {
        AlertmanagerApi api = new AlertmanagerApi(alertmanager.url());
        AlertmanagerSinkConfig config = AlertmanagerSinkConfig.builder(alertmanager.url())
                .generatorUrl("http://127.0.0.1:8082/#/overview").build();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant startsAt = Instant.ofEpochMilli(System.currentTimeMillis() - 60_000);
        Alert latency = TestAlerts.firing("fp-latency-" + run, "LlmLatencyHigh").setStartsAt(startsAt).build();
        Alert unreachable = TestAlerts.firing("fp-unreachable-" + run, "AgentUnreachable").setSeverity(Severity.P1)
                .setLabels(Map.of("category", "availability", "escalation", "L2", "run", run))
                .setStartsAt(startsAt).build();
        long before = System.currentTimeMillis();

        runJob(config, latency, unreachable);

        // the job finished, so both were acknowledged by Alertmanager (end-of-input flush waits for that)
        JsonNode got = api.alertWithFingerprint("fp-latency-" + run).orElseThrow();
        assertThat(got.path("labels").properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("alertname", "severity", "tenant", "agent", "category", "escalation",
                        "source");
        assertThat(got.path("labels").path("alertname").asText()).isEqualTo("LlmLatencyHigh");
        assertThat(got.path("labels").path("severity").asText()).isEqualTo("high");
        assertThat(got.path("labels").path("tenant").asText()).isEqualTo("tenant-a");
        assertThat(got.path("labels").path("agent").asText()).isEqualTo("support-bot-1");
        assertThat(got.path("labels").path("category").asText()).isEqualTo("latency");
        assertThat(got.path("labels").path("escalation").asText()).isEqualTo("L1");
        assertThat(got.path("labels").path("source").asText()).isEqualTo("anomaly-detection");
        assertThat(got.path("annotations").path("summary").asText()).isEqualTo("LLM latency P95 above 8 s");
        assertThat(got.path("annotations").path("runbook").asText()).isEqualTo("https://runbooks.example/latency");
        assertThat(got.path("annotations").path("value").asText()).isEqualTo("9.2");
        assertThat(got.path("annotations").path("threshold").asText()).isEqualTo("8");
        assertThat(got.path("generatorURL").asText()).isEqualTo("http://127.0.0.1:8082/#/overview");
        assertThat(got.path("status").path("state").asText()).isEqualTo("active");
        assertThat(Instant.parse(got.path("startsAt").asText())).isEqualTo(startsAt);
        Instant endsAt = Instant.parse(got.path("endsAt").asText());
        assertThat(endsAt).isBetween(Instant.ofEpochMilli(before).plus(Duration.ofMinutes(4)),
                Instant.now().plus(Duration.ofMinutes(4)));

        JsonNode critical = api.alertWithFingerprint("fp-unreachable-" + run).orElseThrow();
        assertThat(critical.path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(critical.path("labels").path("run").asText()).isEqualTo(run);

        // resolve one of them in a second job: Alertmanager stops listing it, the other stays active
        Alert resolved = Alert.newBuilder(unreachable).setEndsAt(Instant.now()).build();
        runJob(config, resolved);

        Await.until("resolved alert disappears from the active alerts", Duration.ofSeconds(30),
                () -> api.alertWithFingerprint("fp-unreachable-" + run).isEmpty());
        assertThat(api.alertWithFingerprint("fp-latency-" + run)).isPresent();
    }
}
