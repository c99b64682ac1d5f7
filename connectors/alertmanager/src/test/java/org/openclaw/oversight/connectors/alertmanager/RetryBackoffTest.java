package org.openclaw.oversight.connectors.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.2);

    @Test
    void doublesPerAttemptUpToTheCap() {
        assertThat(backoff.delay(1, () -> 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(2, () -> 0.0)).isEqualTo(Duration.ofMillis(1000));
        assertThat(backoff.delay(3, () -> 0.0)).isEqualTo(Duration.ofMillis(2000));
        assertThat(backoff.delay(7, () -> 0.0)).isEqualTo(Duration.ofMillis(30_000));
        assertThat(backoff.delay(1_000_000, () -> 0.0)).isEqualTo(Duration.ofMillis(30_000));
    }

    @Test
    void jitterOnlyShortensWithinTheConfiguredFraction() {
        assertThat(backoff.delay(3, () -> 1.0)).isEqualTo(Duration.ofMillis(1600));
        for (int attempt = 1; attempt < 20; attempt++) {
            Duration d = backoff.delay(attempt);
            assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(30)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    @Test
    void jitterSpreadsRetries() {
        long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> backoff.delay(6).toMillis())
                .distinct().count();
        assertThat(distinct).isGreaterThan(5);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1), 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial <= max");
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
        assertThatThrownBy(() -> backoff.delay(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
