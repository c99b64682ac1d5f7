package org.openclaw.oversight.connectors.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.localstack.LocalAlertmanager;
import org.openclaw.oversight.schema.Alert;

/** Alertmanager is down when the job sends; once it is back, the alert arrives and the job completes. */
class AlertmanagerSinkOutageITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
            .setConfiguration(METRICS.addToConfiguration(new Configuration())).build());

    @TempDir
    Path tempDir;

    private static long sum(JobID job, String metric) {
        long total = 0;
        for (Metric m : METRICS.findMetrics(job, metric).values()) {
            total += ((Counter) m).getCount();
        }
        return total;
    }

    @Test
    void alertSentWhileAlertmanagerIsDownArrivesAfterItIsBack() throws Exception {
        try (LocalAlertmanager alertmanager = LocalAlertmanager.start(tempDir.resolve("am"), 0, null)) {
            AlertmanagerApi api = new AlertmanagerApi(alertmanager.url());
            String fingerprint = "fp-outage-" + UUID.randomUUID();
            AlertmanagerSinkConfig config = AlertmanagerSinkConfig.builder(alertmanager.url())
                    .initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1))
                    .connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(2)).build();
            alertmanager.stop();

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            Alert alert = TestAlerts.firing(fingerprint, "AgentUnreachable").build();
            env.fromData(alert).name("alerts").sinkTo(new AlertmanagerSink(config)).name("alertmanager");
            JobClient job = env.executeAsync("alertmanager-outage-it");

            Await.until("the sink retried several times against the stopped Alertmanager", Duration.ofSeconds(60),
                    () -> sum(job.getJobID(), "alertsRetried") >= 3);
            // the input has ended, but the job must not finish (or drop the alert) while nothing was delivered
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
            assertThat(sum(job.getJobID(), "alertsSent")).isZero();

            alertmanager.start();

            Await.until("the alert arrives once Alertmanager is back", Duration.ofSeconds(60),
                    () -> api.alertWithFingerprint(fingerprint).isPresent());
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            JsonNode got = api.alertWithFingerprint(fingerprint).orElseThrow();
            assertThat(got.path("labels").path("alertname").asText()).isEqualTo("AgentUnreachable");
            assertThat(got.path("status").path("state").asText()).isEqualTo("active");
            assertThat(sum(job.getJobID(), "alertsSent")).isEqualTo(1);
            assertThat(sum(job.getJobID(), "alertsFailed")).isZero();
        }
    }
}
