package org.openclaw.oversight.connectors.alertmanager;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with a cap and jitter for retrying Alertmanager while it is unreachable.
 *
 * <p>Attempt n waits {@code min(max, initial * 2^(n-1))}, shortened by a random fraction of up to
 * {@code jitter}. Jitter only ever shortens the delay so the cap is a real upper bound, and many
 * writers that lost Alertmanager at the same moment do not hit it again in lock step.
 */
public final class RetryBackoff implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long initialMillis;
    private final long maxMillis;
    private final double jitter;

    public RetryBackoff(Duration initial, Duration max, double jitter) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got initial=" + initial + " max=" + max);
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.jitter = jitter;
    }

    /** Delay before retry number {@code attempt} (1 = first retry after the first failure). */
    public Duration delay(int attempt) {
        return delay(attempt, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** As {@link #delay(int)} with the random source given, so tests can pin it. */
    public Duration delay(int attempt, DoubleSupplier uniform01) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
        }
        long base = initialMillis;
        // doubling stops at the cap, so there is no overflow however many attempts there were
        for (int i = 1; i < attempt && base < maxMillis; i++) {
            base = Math.min(maxMillis, base * 2);
        }
        base = Math.min(maxMillis, base);
        double shortenBy = jitter * Math.min(1.0, Math.max(0.0, uniform01.getAsDouble()));
        return Duration.ofMillis(Math.max(1, Math.round(base * (1.0 - shortenBy))));
    }

    public Duration max() {
        return Duration.ofMillis(maxMillis);
    }
}
