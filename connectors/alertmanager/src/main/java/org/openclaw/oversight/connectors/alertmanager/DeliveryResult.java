package org.openclaw.oversight.connectors.alertmanager;

/** Outcome of one {@code POST /api/v2/alerts}. */
public sealed interface DeliveryResult {

    /** HTTP 200: Alertmanager stored every alert of the request. */
    record Delivered(int alerts) implements DeliveryResult {}

    /**
     * Alertmanager is unreachable or cannot take the alerts now (connection refused, timeout, 5xx,
     * 429, or an endpoint/auth problem such as 404/401 that says nothing about the alerts): send the
     * same alerts again later. {@code reason} is safe to log: it holds no alert content.
     */
    record Retryable(String reason) implements DeliveryResult {}

    /**
     * Alertmanager refused the request content (400, 413, 422, ...). Resending the same alerts cannot
     * succeed. Note that on 400 Alertmanager has still stored the valid alerts of the batch.
     * {@code responseBody} may echo label values, so it must not be logged as is.
     */
    record Rejected(int status, String responseBody) implements DeliveryResult {}
}
