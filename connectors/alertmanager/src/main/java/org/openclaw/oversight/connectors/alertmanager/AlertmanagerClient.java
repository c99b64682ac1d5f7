package org.openclaw.oversight.connectors.alertmanager;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to Alertmanager's API v2 ({@code POST /api/v2/alerts}, JSON array, 200 = stored).
 *
 * <p>{@link #sendAsync} makes exactly one attempt and classifies the answer as a {@link DeliveryResult}
 * without throwing, so the Flink sink can decide about retries on its own thread.
 * {@link #sendWithRetry} is the blocking variant for code outside Flink (CLI, tools): batches of at
 * most {@code maxAlertsPerRequest}, retries with capped exponential backoff and jitter until a
 * deadline.
 */
public final class AlertmanagerClient {

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerClient.class);
    private static final int MAX_BODY_KEPT = 2_000;

    private final URI endpoint;
    private final Duration requestTimeout;
    private final int maxAlertsPerRequest;
    private final HttpClient http;

    public AlertmanagerClient(AlertmanagerSinkConfig config) {
        this.endpoint = config.alertsEndpoint();
        this.requestTimeout = config.requestTimeout();
        this.maxAlertsPerRequest = config.maxAlertsPerRequest();
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public URI endpoint() {
        return endpoint;
    }

    public int maxAlertsPerRequest() {
        return maxAlertsPerRequest;
    }

    /** One request; never completes exceptionally. */
    public CompletableFuture<DeliveryResult> sendAsync(List<PostableAlert> batch) {
        if (batch.isEmpty() || batch.size() > maxAlertsPerRequest) {
            throw new IllegalArgumentException("a request carries 1.." + maxAlertsPerRequest + " alerts, got "
                    + batch.size());
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(PostableAlertJson.toJsonArray(batch)))
                .build();
        try {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> error == null
                            ? classify(response.statusCode(), response.body(), batch.size())
                            : classify(error));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(classify(e));
        }
    }

    /** One blocking request. */
    public DeliveryResult send(List<PostableAlert> batch) throws InterruptedException {
        try {
            return sendAsync(batch).get();
        } catch (ExecutionException e) {
            return classify(e.getCause());
        }
    }

    /**
     * Sends all alerts in batches, retrying each batch while Alertmanager is unreachable until
     * {@code giveUpAfter} has passed in total. Returns the alerts Alertmanager refused (4xx); throws
     * {@link IOException} when the deadline passed with alerts still undelivered.
     */
    public List<DeliveryResult.Rejected> sendWithRetry(List<PostableAlert> alerts, RetryBackoff backoff,
            Duration giveUpAfter) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        List<DeliveryResult.Rejected> rejected = new ArrayList<>();
        for (int from = 0; from < alerts.size(); from += maxAlertsPerRequest) {
            List<PostableAlert> batch = alerts.subList(from, Math.min(alerts.size(), from + maxAlertsPerRequest));
            int attempt = 0;
            while (true) {
                DeliveryResult result = send(batch);
                if (result instanceof DeliveryResult.Delivered) {
                    break;
                }
                if (result instanceof DeliveryResult.Rejected r) {
                    rejected.add(r);
                    break;
                }
                attempt++;
                Duration wait = backoff.delay(attempt);
                if (System.nanoTime() + wait.toNanos() > deadline) {
                    throw new IOException("gave up delivering " + (alerts.size() - from) + " alert(s) to " + endpoint
                            + " after " + giveUpAfter + ": " + ((DeliveryResult.Retryable) result).reason()
                            + "; check that Alertmanager runs and the URL is right");
                }
                LOG.warn("Alertmanager at {} not reachable ({}), retry {} in {} ms", endpoint,
                        ((DeliveryResult.Retryable) result).reason(), attempt, wait.toMillis());
                Thread.sleep(wait.toMillis()); // backoff pacing of a blocking caller, not synchronisation
            }
        }
        return rejected;
    }

    static DeliveryResult classify(int status, String body, int alerts) {
        if (status == 200) {
            return new DeliveryResult.Delivered(alerts);
        }
        if (status == 429 || status >= 500) {
            return new DeliveryResult.Retryable("HTTP " + status);
        }
        if (status == 401 || status == 403 || status == 404 || status == 405 || status == 407) {
            // wrong URL, path or credentials: nothing is wrong with the alerts, so keep them and retry
            return new DeliveryResult.Retryable("HTTP " + status + " from the alerts endpoint; check the "
                    + "Alertmanager URL (it must be the base URL, the sink adds /api/v2/alerts) and any proxy auth");
        }
        if (status >= 400) {
            String kept = body == null ? "" : body.length() > MAX_BODY_KEPT ? body.substring(0, MAX_BODY_KEPT) : body;
            return new DeliveryResult.Rejected(status, kept);
        }
        return new DeliveryResult.Retryable("unexpected HTTP " + status);
    }

    static DeliveryResult classify(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new DeliveryResult.Retryable("connect timeout");
        }
        if (cause instanceof HttpTimeoutException) {
            return new DeliveryResult.Retryable("request timeout");
        }
        if (cause instanceof ConnectException) {
            return new DeliveryResult.Retryable("connection refused");
        }
        return new DeliveryResult.Retryable(cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }
}
