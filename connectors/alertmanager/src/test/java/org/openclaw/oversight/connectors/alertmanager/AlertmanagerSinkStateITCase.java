package org.openclaw.oversight.connectors.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.localstack.LocalAlertmanager;
import org.openclaw.oversight.schema.Alert;

/**
 * Writer state through Flink's real SinkWriterOperator: a checkpoint taken while Alertmanager is down
 * holds the delivered firing alert and the undelivered ones; a writer restored from it sends them all
 * to an Alertmanager that has forgotten everything (it keeps alerts in memory only).
 */
class AlertmanagerSinkStateITCase {

    @TempDir
    Path tempDir;

    private static OneInputStreamOperatorTestHarness<Alert, CommittableMessage<Object>> harness(AlertmanagerSink sink)
            throws Exception {
        OneInputStreamOperatorTestHarness<Alert, CommittableMessage<Object>> h =
                new OneInputStreamOperatorTestHarness<>(new SinkWriterOperatorFactory<Alert, Object>(sink));
        h.setProcessingTime(System.currentTimeMillis());
        return h;
    }

    /** What the task thread would do between records: run mails (HTTP answers) and fire due timers. */
    private static void runTaskThreadOnce(OneInputStreamOperatorTestHarness<?, ?> h) throws Exception {
        Optional<Mail> mail;
        while ((mail = h.getTaskMailbox().tryTake(TaskMailbox.MIN_PRIORITY)).isPresent()) {
            mail.get().run();
        }
        h.setProcessingTime(System.currentTimeMillis());
    }

    @Test
    void pendingAndFiringAlertsSurviveSnapshotAndRestore() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant resolutionEnds = Instant.ofEpochMilli(System.currentTimeMillis() + 600_000);
        Alert delivered = TestAlerts.firing("fp-delivered-" + run, "CostAnomaly").build();
        Alert pending = TestAlerts.firing("fp-pending-" + run, "PiiLeak").build();
        // a resolution whose endsAt lies ahead, so Alertmanager still lists it and we can check its endsAt
        Alert pendingResolution = TestAlerts.firing("fp-resolution-" + run, "AlignmentDrop")
                .setEndsAt(resolutionEnds).build();

        try (LocalAlertmanager alertmanager = LocalAlertmanager.start(tempDir.resolve("am"), 0, null)) {
            AlertmanagerApi api = new AlertmanagerApi(alertmanager.url());
            AlertmanagerSink sink = new AlertmanagerSink(AlertmanagerSinkConfig.builder(alertmanager.url())
                    .initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(500))
                    .connectTimeout(Duration.ofSeconds(1)).build());

            OperatorSubtaskState checkpoint;
            OneInputStreamOperatorTestHarness<Alert, CommittableMessage<Object>> before = harness(sink);
            try {
                before.open();
                before.processElement(delivered, System.currentTimeMillis());
                Await.until("first alert delivered", Duration.ofSeconds(30), () -> {
                    runTaskThreadOnce(before);
                    return api.alertWithFingerprint("fp-delivered-" + run).isPresent();
                });
                alertmanager.stop();
                before.processElement(pending, System.currentTimeMillis());
                before.processElement(pendingResolution, System.currentTimeMillis());
                runTaskThreadOnce(before);
                before.prepareSnapshotPreBarrier(1L); // flush(false): must not wait for the dead Alertmanager
                checkpoint = before.snapshot(1L, System.currentTimeMillis());
            } finally {
                before.close();
            }

            alertmanager.start();
            assertThat(api.alerts()).as("a restarted Alertmanager has forgotten every alert").isEmpty();

            OneInputStreamOperatorTestHarness<Alert, CommittableMessage<Object>> after = harness(sink);
            try {
                after.initializeState(checkpoint);
                after.open();
                Await.until("all three alerts re-sent from restored state", Duration.ofSeconds(30), () -> {
                    runTaskThreadOnce(after);
                    return api.alerts().size() >= 3;
                });
            } finally {
                after.close();
            }

            assertThat(api.alertWithFingerprint("fp-delivered-" + run)).get()
                    .satisfies(a -> assertThat(a.path("labels").path("alertname").asText()).isEqualTo("CostAnomaly"));
            assertThat(api.alertWithFingerprint("fp-pending-" + run)).get()
                    .satisfies(a -> assertThat(a.path("labels").path("alertname").asText()).isEqualTo("PiiLeak"));
            JsonNode resolution = api.alertWithFingerprint("fp-resolution-" + run).orElseThrow();
            assertThat(Instant.parse(resolution.path("endsAt").asText()))
                    .isEqualTo(Instant.ofEpochMilli(resolutionEnds.toEpochMilli()));
        }
    }

    @Test
    void firingAlertIsResentWithAMovingEndsAtAndAResolutionEndsIt() throws Exception {
        String fp = "fp-resend-" + UUID.randomUUID();
        try (LocalAlertmanager alertmanager = LocalAlertmanager.start(tempDir.resolve("am2"), 0, null)) {
            AlertmanagerApi api = new AlertmanagerApi(alertmanager.url());
            AlertmanagerSink sink = new AlertmanagerSink(AlertmanagerSinkConfig.builder(alertmanager.url())
                    .resendInterval(Duration.ofSeconds(1)).firingEndsAfter(Duration.ofSeconds(30)).build());
            OneInputStreamOperatorTestHarness<Alert, CommittableMessage<Object>> h = harness(sink);
            try {
                h.open();
                Alert firing = TestAlerts.firing(fp, "ChannelErrors").build();
                h.processElement(firing, System.currentTimeMillis());
                Instant[] firstEndsAt = new Instant[1];
                Await.until("alert delivered", Duration.ofSeconds(30), () -> {
                    runTaskThreadOnce(h);
                    Optional<JsonNode> a = api.alertWithFingerprint(fp);
                    a.ifPresent(n -> firstEndsAt[0] = Instant.parse(n.path("endsAt").asText()));
                    return a.isPresent();
                });
                Await.until("re-send moved endsAt forward", Duration.ofSeconds(30), () -> {
                    runTaskThreadOnce(h);
                    return Instant.parse(api.alertWithFingerprint(fp).orElseThrow().path("endsAt").asText())
                            .isAfter(firstEndsAt[0].plusMillis(900));
                });

                h.processElement(Alert.newBuilder(firing).setEndsAt(Instant.now()).build(), System.currentTimeMillis());
                Await.until("resolved alert no longer active", Duration.ofSeconds(30), () -> {
                    runTaskThreadOnce(h);
                    return api.alertWithFingerprint(fp).isEmpty();
                });
            } finally {
                h.close();
            }
        }
    }

    @Test
    void endOfInputWithAlertmanagerGoneFailsLoudlyInsteadOfDroppingTheAlert() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort(); // free again after close: connection refused
        }
        AlertmanagerSink sink = new AlertmanagerSink(AlertmanagerSinkConfig.builder("http://127.0.0.1:" + deadPort)
                .initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(100))
                .endOfInputDeliveryTimeout(Duration.ofSeconds(2)).build());
        OneInputStreamOperatorTestHarness<Alert, CommittableMessage<Object>> h = harness(sink);
        try {
            h.open();
            h.processElement(TestAlerts.firing("fp-lost", "A").build(), System.currentTimeMillis());
            assertThatThrownBy(h::endInput)
                    .hasStackTraceContaining("1 alert(s) could not be delivered")
                    .hasStackTraceContaining("127.0.0.1:" + deadPort);
        } finally {
            h.close();
        }
    }
}
