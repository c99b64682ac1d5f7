package org.openclaw.oversight.connectors.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a reader rides out a schema-registry <em>outage</em>: the registry not answering (connection
 * refused, timeout, broken connection) or answering 5xx, 429 or 408. None of that is the record's
 * fault, so nothing is dead-lettered for it; the call is retried in place with exponential backoff
 * (the subtask blocks, which is backpressure all the way to the Kafka source) for at most
 * {@link #tolerance()}, then the last exception is thrown, the task fails and Flink restarts from
 * the last checkpoint, re-reading the record.
 *
 * <p>Why a bound, and why 2 minutes by default: while the subtask blocks, checkpoint barriers queue
 * behind the record, so no checkpoint completes and the sinks' Kafka transactions stay open. Those
 * transactions are aborted by the broker after {@code transaction.timeout.ms} (10 min,
 * {@link KafkaConnection#DEFAULT_TRANSACTION_TIMEOUT}) and a checkpoint expires after the checkpoint
 * timeout (10 min by default); 2 minutes stays far below both, plus a checkpoint interval, yet covers
 * a registry restart or a rolling upgrade. A longer outage is then handled by the job's restart
 * strategy (exponential backoff), which re-reads from the checkpoint without losing anything.
 *
 * <p>Answers that are not outages are not retried: 40403 (unknown id, the record's fault) and other
 * errors such as 401, 403 or a 404 without a registry error code (configuration errors, which a
 * retry would not fix) are thrown at once.
 */
public record SchemaRegistryRetry(Duration tolerance, Duration initialBackoff, Duration maxBackoff) implements Serializable {

    /** 2 minutes of retries, 100 ms doubling to 5 s between attempts. */
    public static final SchemaRegistryRetry DEFAULT =
            new SchemaRegistryRetry(Duration.ofMinutes(2), Duration.ofMillis(100), Duration.ofSeconds(5));
    /** No retry: the first failure is thrown (command-line tools, which report it to the user). */
    public static final SchemaRegistryRetry NONE = new SchemaRegistryRetry(Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public SchemaRegistryRetry {
        Objects.requireNonNull(tolerance, "tolerance");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (tolerance.isNegative() || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("registry retry needs tolerance >= 0 and 0 <= initial backoff <= max backoff, got "
                    + tolerance + ", " + initialBackoff + ", " + maxBackoff);
        }
    }

    /** Whether {@code e} is an outage (retry, never dead-letter) rather than an answer about the record. */
    public static boolean isOutage(SchemaRegistryException e) {
        int status = e.httpStatus();
        return e instanceof SchemaRegistryUnreachableException || status >= 500 || status == 429 || status == 408;
    }

    /**
     * Runs {@code call}, retrying outages until {@link #tolerance()} has passed since the first
     * failure; {@code onRetry} is told about each retry (for a metric). An interrupt (the task is
     * being cancelled) ends the wait and throws.
     */
    public <T> T call(Supplier<T> call, Runnable onRetry) {
        long deadline = 0;
        long backoffMs = Math.max(1, initialBackoff.toMillis());
        while (true) {
            try {
                return call.get();
            } catch (SchemaRegistryException e) {
                if (!isOutage(e)) {
                    throw e;
                }
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + tolerance.toNanos();
                }
                long leftNanos = deadline - now;
                if (leftNanos <= 0) {
                    throw new SchemaRegistryUnreachableException(e.getMessage() + " Retried for " + tolerance
                            + " (the bound of SchemaRegistryRetry); failing the task so Flink restarts from the last"
                            + " checkpoint and reads the record again.", e);
                }
                onRetry.run();
                try {
                    Thread.sleep(Math.min(backoffMs, (leftNanos + 999_999) / 1_000_000));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryUnreachableException("Interrupted while waiting for the schema registry to come back: "
                            + e.getMessage(), e);
                }
                backoffMs = Math.min(backoffMs * 2, Math.max(1, maxBackoff.toMillis()));
            }
        }
    }
}
