package org.openclaw.oversight.connectors.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** How answers are classified; the real exchanges are in the ITCases. */
class AlertmanagerClientTest {

    @Test
    void okIsDeliveredServerTroubleIsRetriedBadContentIsRejected() {
        assertThat(AlertmanagerClient.classify(200, "", 3)).isEqualTo(new DeliveryResult.Delivered(3));
        assertThat(AlertmanagerClient.classify(503, "", 1)).isInstanceOf(DeliveryResult.Retryable.class);
        assertThat(AlertmanagerClient.classify(500, "", 1)).isInstanceOf(DeliveryResult.Retryable.class);
        assertThat(AlertmanagerClient.classify(429, "", 1)).isInstanceOf(DeliveryResult.Retryable.class);
        assertThat(AlertmanagerClient.classify(400, "bad", 1)).isEqualTo(new DeliveryResult.Rejected(400, "bad"));
        assertThat(AlertmanagerClient.classify(422, "x", 1)).isInstanceOf(DeliveryResult.Rejected.class);
    }

    @Test
    void endpointProblemsAreNotBlamedOnTheAlerts() {
        assertThat(AlertmanagerClient.classify(404, "", 1)).isInstanceOfSatisfying(DeliveryResult.Retryable.class,
                r -> assertThat(r.reason()).contains("URL"));
        assertThat(AlertmanagerClient.classify(401, "", 1)).isInstanceOf(DeliveryResult.Retryable.class);
    }

    @Test
    void networkErrorsAreRetriedWithAReadableReason() {
        assertThat(AlertmanagerClient.classify(new CompletionException(new ConnectException())))
                .isEqualTo(new DeliveryResult.Retryable("connection refused"));
        assertThat(AlertmanagerClient.classify(new HttpTimeoutException("t")))
                .isEqualTo(new DeliveryResult.Retryable("request timeout"));
    }

    @Test
    void responseEchoesOfLabelValuesAreRemovedBeforeLogging() {
        assertThat(AlertmanagerSinkWriter.withoutQuotedValues(
                "\"invalid label set: invalid value \\\"john@example.com\\\"\""))
                .doesNotContain("john@example.com");
        assertThat(AlertmanagerSinkWriter.withoutQuotedValues("start time must be before end time"))
                .isEqualTo("start time must be before end time");
    }
}
