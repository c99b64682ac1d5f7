package org.openclaw.oversight.connectors.alertmanager;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the Alertmanager sink and client need to know. Immutable and serializable because the
 * sink ships it to the task managers. Build with {@link #builder(String)}; {@link Builder#build()}
 * rejects combinations that would make Alertmanager resolve a still-firing alert.
 */
public final class AlertmanagerSinkConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Alertmanager's own default for {@code resolve_timeout}. */
    public static final Duration DEFAULT_RESOLVE_TIMEOUT = Duration.ofMinutes(5);

    private final URI baseUrl;
    private final int maxAlertsPerRequest;
    private final Duration minRequestInterval;
    private final Duration resendInterval;
    private final Duration firingEndsAfter;
    private final Duration resolvedResendWindow;
    private final Duration alertmanagerResolveTimeout;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double backoffJitter;
    private final Duration endOfInputDeliveryTimeout;
    private final String generatorUrl;

    private AlertmanagerSinkConfig(Builder b) {
        this.baseUrl = b.baseUrl;
        this.maxAlertsPerRequest = b.maxAlertsPerRequest;
        this.minRequestInterval = b.minRequestInterval;
        this.resendInterval = b.resendInterval;
        this.firingEndsAfter = b.firingEndsAfter;
        this.resolvedResendWindow = b.resolvedResendWindow;
        this.alertmanagerResolveTimeout = b.alertmanagerResolveTimeout;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.backoffJitter = b.backoffJitter;
        this.endOfInputDeliveryTimeout = b.endOfInputDeliveryTimeout;
        this.generatorUrl = b.generatorUrl;
    }

    /**
     * @param alertmanagerUrl base URL of Alertmanager, e.g. {@code http://127.0.0.1:9093}; the sink
     *     appends {@code /api/v2/alerts}
     */
    public static Builder builder(String alertmanagerUrl) {
        return new Builder(alertmanagerUrl);
    }

    public URI baseUrl() { return baseUrl; }

    /** {@code <baseUrl>/api/v2/alerts}. */
    public URI alertsEndpoint() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v2/alerts");
    }

    public int maxAlertsPerRequest() { return maxAlertsPerRequest; }
    /** Shortest time between the starts of two requests of one writer: bounds the request rate whatever the alert volume. */
    public Duration minRequestInterval() { return minRequestInterval; }
    public Duration resendInterval() { return resendInterval; }
    public Duration firingEndsAfter() { return firingEndsAfter; }
    public Duration resolvedResendWindow() { return resolvedResendWindow; }
    public Duration alertmanagerResolveTimeout() { return alertmanagerResolveTimeout; }
    public Duration connectTimeout() { return connectTimeout; }
    public Duration requestTimeout() { return requestTimeout; }
    public Duration initialBackoff() { return initialBackoff; }
    public Duration maxBackoff() { return maxBackoff; }
    public double backoffJitter() { return backoffJitter; }
    public Duration endOfInputDeliveryTimeout() { return endOfInputDeliveryTimeout; }
    /** Optional link placed in every alert's {@code generatorURL}; null when not set. */
    public String generatorUrl() { return generatorUrl; }

    public RetryBackoff retryBackoff() {
        return new RetryBackoff(initialBackoff, maxBackoff, backoffJitter);
    }

    @Override
    public String toString() {
        return "AlertmanagerSinkConfig{url=" + baseUrl + ", maxAlertsPerRequest=" + maxAlertsPerRequest + ", minRequestInterval=" + minRequestInterval
                + ", resendInterval=" + resendInterval + ", firingEndsAfter=" + firingEndsAfter
                + ", resolvedResendWindow=" + resolvedResendWindow + ", backoff=" + initialBackoff + ".." + maxBackoff
                + "}";
    }

    /** Defaults follow the Alertmanager client contract (STYLE.md): re-send every 60 s, endsAt = now + 4 min. */
    public static final class Builder {
        private final URI baseUrl;
        private int maxAlertsPerRequest = 100;
        private Duration minRequestInterval = Duration.ofMillis(100);
        private Duration resendInterval = Duration.ofSeconds(60);
        private Duration firingEndsAfter = Duration.ofMinutes(4);
        private Duration resolvedResendWindow = Duration.ofMinutes(5);
        private Duration alertmanagerResolveTimeout = DEFAULT_RESOLVE_TIMEOUT;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private double backoffJitter = 0.2;
        private Duration endOfInputDeliveryTimeout = Duration.ofMinutes(10);
        private String generatorUrl;

        private Builder(String alertmanagerUrl) {
            Objects.requireNonNull(alertmanagerUrl, "Alertmanager URL must be set, e.g. http://127.0.0.1:9093");
            URI uri;
            try {
                uri = URI.create(alertmanagerUrl.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Alertmanager URL '" + alertmanagerUrl
                        + "' is not a valid URI; use e.g. http://127.0.0.1:9093", e);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("Alertmanager URL '" + alertmanagerUrl
                        + "' must be an absolute http(s) URL with a host, e.g. http://127.0.0.1:9093");
            }
            this.baseUrl = uri;
        }

        public Builder maxAlertsPerRequest(int n) { this.maxAlertsPerRequest = n; return this; }
        /**
         * At most one request per this interval (default 100 ms: at most 10 requests/s). Alertmanager locks
         * its store per request; alerts arriving in between wait and go out together in the next batch.
         */
        public Builder minRequestInterval(Duration d) { this.minRequestInterval = d; return this; }
        public Builder resendInterval(Duration d) { this.resendInterval = d; return this; }
        public Builder firingEndsAfter(Duration d) { this.firingEndsAfter = d; return this; }
        public Builder resolvedResendWindow(Duration d) { this.resolvedResendWindow = d; return this; }
        /** Tell the sink the {@code resolve_timeout} configured in Alertmanager (default 5 min). */
        public Builder alertmanagerResolveTimeout(Duration d) { this.alertmanagerResolveTimeout = d; return this; }
        public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
        public Builder requestTimeout(Duration d) { this.requestTimeout = d; return this; }
        public Builder initialBackoff(Duration d) { this.initialBackoff = d; return this; }
        public Builder maxBackoff(Duration d) { this.maxBackoff = d; return this; }
        /** Fraction (0..1) by which each backoff delay is randomly shortened or lengthened. */
        public Builder backoffJitter(double fraction) { this.backoffJitter = fraction; return this; }
        /** How long a finishing (bounded) job waits for undelivered alerts before it fails loudly. */
        public Builder endOfInputDeliveryTimeout(Duration d) { this.endOfInputDeliveryTimeout = d; return this; }
        public Builder generatorUrl(String url) { this.generatorUrl = url; return this; }

        public AlertmanagerSinkConfig build() {
            if (maxAlertsPerRequest < 1) {
                throw new IllegalArgumentException("maxAlertsPerRequest must be >= 1, was " + maxAlertsPerRequest);
            }
            if (minRequestInterval == null || minRequestInterval.isNegative()) {
                throw new IllegalArgumentException("minRequestInterval must be zero or positive, was " + minRequestInterval);
            }
            requirePositive("resendInterval", resendInterval);
            requirePositive("firingEndsAfter", firingEndsAfter);
            requirePositive("resolvedResendWindow", resolvedResendWindow);
            requirePositive("alertmanagerResolveTimeout", alertmanagerResolveTimeout);
            requirePositive("connectTimeout", connectTimeout);
            requirePositive("requestTimeout", requestTimeout);
            requirePositive("initialBackoff", initialBackoff);
            requirePositive("maxBackoff", maxBackoff);
            requirePositive("endOfInputDeliveryTimeout", endOfInputDeliveryTimeout);
            if (resendInterval.compareTo(firingEndsAfter) >= 0) {
                throw new IllegalArgumentException("resendInterval (" + resendInterval + ") must be shorter than "
                        + "firingEndsAfter (" + firingEndsAfter + "), otherwise Alertmanager resolves a firing alert "
                        + "between two re-sends; lower resendInterval or raise firingEndsAfter");
            }
            if (resendInterval.compareTo(alertmanagerResolveTimeout) >= 0) {
                throw new IllegalArgumentException("resendInterval (" + resendInterval + ") must be shorter than "
                        + "Alertmanager's resolve_timeout (" + alertmanagerResolveTimeout + "); lower resendInterval");
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be shorter than "
                        + "initialBackoff (" + initialBackoff + ")");
            }
            if (!(backoffJitter >= 0.0 && backoffJitter < 1.0)) {
                throw new IllegalArgumentException("backoffJitter must be in [0, 1), was " + backoffJitter);
            }
            if (generatorUrl != null) {
                try {
                    URI g = URI.create(generatorUrl);
                    if (!g.isAbsolute()) {
                        throw new IllegalArgumentException("not absolute");
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("generatorUrl '" + generatorUrl + "' must be an absolute URI "
                            + "(Alertmanager rejects alerts whose generatorURL is not one)", e);
                }
            }
            return new AlertmanagerSinkConfig(this);
        }

        private static void requirePositive(String name, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
            }
        }
    }
}
