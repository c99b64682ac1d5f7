package org.openclaw.oversight.platform.simulator;

import java.util.Comparator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Event-time disorder between generation and delivery: records are generated in event-time order and some are
 * held back by a drawn delay, so they leave after records with later event times, as they do from real agents
 * (buffering SDKs, retries, several producers). {@value #DELAYED_SHARE} of the records wait up to the bound; a
 * small share, {@value #LATE_SHARE}, waits longer than the bound, so a consumer with that out-of-orderness sees them
 * late. Nothing about a record changes, only when it leaves: its Kafka timestamp stays its event time.
 *
 * <p>The delays come from a random sequence of their own (seeded from the run's seed), so a run with disorder holds
 * the same records as one without. What was observed is counted per topic as the records leave: reordered (an
 * earlier event time than a record of the same topic delivered before) and late (more than the bound behind the
 * latest event time delivered on the topic, what a bounded-out-of-orderness watermark would drop).
 */
final class DeliveryDisorder {
    static final double DELAYED_SHARE = 0.3;
    static final double LATE_SHARE = 0.005;
    /** Mixed into the seed so the delays do not repeat the generator's sequence. */
    private static final long SEED_SALT = 0x6469736f72646572L; // "disorder"

    private final long boundMs;
    private final Random random;
    private final PriorityQueue<Held> held = new PriorityQueue<>(
            Comparator.comparingLong(Held::deliverAt).thenComparingLong(Held::seq));
    private final Map<String, Long> latestByTopic = new TreeMap<>();
    private final Map<String, Long> reorderedByTopic = new TreeMap<>();
    private final Map<String, Long> lateByTopic = new TreeMap<>();
    private long seq;
    private long generatedUpTo = Long.MIN_VALUE;
    private long lastDeliveryTime = Long.MIN_VALUE;

    DeliveryDisorder(long boundMs, long seed) {
        this.boundMs = boundMs;
        this.random = new Random(seed ^ SEED_SALT);
    }

    long boundMs() {
        return boundMs;
    }

    /**
     * The next record in delivery order, pulling from {@code generator} (records in event-time order before the
     * bound, null when there are no more) as far as needed; null when both are exhausted.
     */
    PendingRecords.Pending next(long endExclusive, LongFunction<PendingRecords.Pending> generator) {
        while (true) {
            if (!held.isEmpty() && held.peek().deliverAt() <= generatedUpTo) {
                return deliver(held.poll());
            }
            PendingRecords.Pending p = generator.apply(endExclusive);
            if (p == null) {
                return held.isEmpty() ? null : deliver(held.poll());
            }
            generatedUpTo = p.time();
            long delay = boundMs == 0 ? 0 : delay();
            held.add(new Held(p.time() + delay, seq++, p));
        }
    }

    /** Simulated time at which the record last returned by {@link #next} leaves (its event time, or later). */
    long lastDeliveryTime() {
        return lastDeliveryTime;
    }

    Map<String, Long> reorderedByTopic() {
        return reorderedByTopic;
    }

    Map<String, Long> lateByTopic() {
        return lateByTopic;
    }

    private long delay() {
        double r = random.nextDouble();
        if (r < LATE_SHARE) {
            return boundMs + 1 + (long) (random.nextDouble() * boundMs);
        }
        if (r < LATE_SHARE + DELAYED_SHARE) {
            return 1 + (long) (random.nextDouble() * boundMs);
        }
        return 0;
    }

    private PendingRecords.Pending deliver(Held h) {
        lastDeliveryTime = Math.max(lastDeliveryTime, h.deliverAt());
        String topic = h.pending().record().topic();
        long time = h.pending().time();
        Long latest = latestByTopic.get(topic);
        if (latest != null && time < latest) {
            reorderedByTopic.merge(topic, 1L, Long::sum);
            if (time < latest - boundMs) {
                lateByTopic.merge(topic, 1L, Long::sum);
            }
        }
        if (latest == null || time > latest) {
            latestByTopic.put(topic, time);
        }
        return h.pending();
    }

    private record Held(long deliverAt, long seq, PendingRecords.Pending pending) {
    }
}
