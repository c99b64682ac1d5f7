package org.openclaw.oversight.connectors.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openclaw.oversight.localstack.LocalAlertmanager;
import org.openclaw.oversight.localstack.LocalStackExtension;

/** How a real Alertmanager answers, which the sink's error handling is built on. */
@ExtendWith(LocalStackExtension.class)
class AlertmanagerClientITCase {

    private static PostableAlert alert(String fp, Map<String, String> extraLabels) {
        Map<String, String> labels = new java.util.HashMap<>(Map.of("alertname", "ClientIT"));
        labels.putAll(extraLabels);
        return new PostableAlert(labels, Map.of("fingerprint", fp), Instant.now(),
                Instant.now().plus(Duration.ofMinutes(4)), null);
    }

    @Test
    void batchIsStoredAndAcknowledgedWith200(LocalAlertmanager alertmanager) throws Exception {
        AlertmanagerClient client = new AlertmanagerClient(AlertmanagerSinkConfig.builder(alertmanager.url()).build());
        String run = UUID.randomUUID().toString();

        DeliveryResult result = client.send(List.of(alert(run + "-1", Map.of("n", "1")), alert(run + "-2", Map.of("n", "2"))));

        assertThat(result).isEqualTo(new DeliveryResult.Delivered(2));
        AlertmanagerApi api = new AlertmanagerApi(alertmanager.url());
        assertThat(api.alertWithFingerprint(run + "-1")).isPresent();
        assertThat(api.alertWithFingerprint(run + "-2")).isPresent();
    }

    @Test
    void invalidAlertIsRejectedWith4xxButTheValidOnesOfTheBatchAreStored(LocalAlertmanager alertmanager)
            throws Exception {
        AlertmanagerClient client = new AlertmanagerClient(AlertmanagerSinkConfig.builder(alertmanager.url()).build());
        String run = UUID.randomUUID().toString();

        DeliveryResult result = client.send(List.of(alert(run + "-ok", Map.of()),
                alert(run + "-bad", Map.of("bad name", "x"))));

        assertThat(result).isInstanceOfSatisfying(DeliveryResult.Rejected.class,
                r -> assertThat(r.status()).isEqualTo(400));
        // why splitting a refused batch and re-sending its members is safe: the valid ones are already in
        assertThat(new AlertmanagerApi(alertmanager.url()).alertWithFingerprint(run + "-ok")).isPresent();
    }

    @Test
    void wrongPathIsRetriedNotBlamedOnTheAlert(LocalAlertmanager alertmanager) throws Exception {
        AlertmanagerClient client = new AlertmanagerClient(
                AlertmanagerSinkConfig.builder(alertmanager.url() + "/wrong/prefix").build());

        assertThat(client.send(List.of(alert("x", Map.of())))).isInstanceOf(DeliveryResult.Retryable.class);
    }

    @Test
    void blockingRetryGivesUpWithAClearErrorWhenNothingListens() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        AlertmanagerSinkConfig config = AlertmanagerSinkConfig.builder("http://127.0.0.1:" + deadPort).build();
        AlertmanagerClient client = new AlertmanagerClient(config);

        assertThatThrownBy(() -> client.sendWithRetry(List.of(alert("x", Map.of())),
                new RetryBackoff(Duration.ofMillis(20), Duration.ofMillis(50), 0.1), Duration.ofMillis(500)))
                .isInstanceOf(IOException.class).hasMessageContaining("connection refused")
                .hasMessageContaining(String.valueOf(deadPort));
    }
}
