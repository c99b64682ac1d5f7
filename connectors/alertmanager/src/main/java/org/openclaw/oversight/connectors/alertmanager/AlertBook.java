package org.openclaw.oversight.connectors.alertmanager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sink writer's memory and schedule, free of I/O and of any clock: every method takes "now" so
 * tests can drive the re-send schedule by hand.
 *
 * <ul>
 *   <li>one entry per fingerprint; a newer record replaces it, a record with endsAt resolves it;
 *   <li>a new or changed entry is due at once; after a delivery a firing entry is due again after
 *       {@code resendInterval}; a resolution is re-sent on the same rhythm until
 *       {@code resolvedResendWindow} has passed since it arrived and is then forgotten;
 *   <li>an entry is never dropped before Alertmanager has acknowledged it, except when Alertmanager
 *       refuses it on its own (4xx);
 *   <li>after a failed request nothing is sent until the backoff has passed (Alertmanager is one
 *       endpoint: when it is down, it is down for every alert).
 * </ul>
 *
 * Not thread-safe: the writer only touches it from the task's mailbox thread.
 */
public final class AlertBook {

    private final long resendIntervalMillis;
    private final long firingEndsAfterMillis;
    private final long resolvedResendWindowMillis;
    private final int maxAlertsPerRequest;
    private final RetryBackoff backoff;

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long nextRevision = 1;
    private int consecutiveFailures;
    private long blockedUntilMillis = Long.MIN_VALUE;

    public AlertBook(AlertmanagerSinkConfig config) {
        this(config.resendInterval(), config.firingEndsAfter(), config.resolvedResendWindow(),
                config.maxAlertsPerRequest(), config.retryBackoff());
    }

    public AlertBook(Duration resendInterval, Duration firingEndsAfter, Duration resolvedResendWindow,
            int maxAlertsPerRequest, RetryBackoff backoff) {
        this.resendIntervalMillis = resendInterval.toMillis();
        this.firingEndsAfterMillis = firingEndsAfter.toMillis();
        this.resolvedResendWindowMillis = resolvedResendWindow.toMillis();
        this.maxAlertsPerRequest = maxAlertsPerRequest;
        this.backoff = backoff;
    }

    /** Records the latest state of an alert. Returns false when it repeats what is already known. */
    public boolean upsert(AlertContent content, long now) {
        Entry existing = entries.get(content.fingerprint());
        if (existing != null && existing.content.equals(content)) {
            // a job that re-emits the same firing alert every window must not cause a request each time
            return false;
        }
        long forgetAt = content.isResolved() ? now + resolvedResendWindowMillis : Long.MAX_VALUE;
        Entry entry = new Entry(content, now, false, forgetAt, nextRevision++, now);
        entries.remove(content.fingerprint()); // re-insert so iteration order is arrival order
        entries.put(content.fingerprint(), entry);
        return true;
    }

    /**
     * The next request to make, or an empty batch when nothing is due (or the backoff is running).
     * An entry that was part of a refused batch is sent on its own, to find out whether it is the bad one.
     */
    public Batch takeDue(long now) {
        if (now < blockedUntilMillis) {
            return Batch.EMPTY;
        }
        List<Batch.Item> items = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.nextSendAt > now) {
                continue;
            }
            if (e.isolate) {
                return new Batch(List.of(item(e, now)));
            }
            if (items.size() < maxAlertsPerRequest) {
                items.add(item(e, now));
            }
        }
        return items.isEmpty() ? Batch.EMPTY : new Batch(items);
    }

    /** Alertmanager answered 200 for {@code batch}. */
    public void onDelivered(Batch batch, long now) {
        consecutiveFailures = 0;
        blockedUntilMillis = Long.MIN_VALUE;
        for (Batch.Item item : batch.items()) {
            Entry e = current(item);
            if (e == null) {
                continue; // replaced while in flight: the newer content is still due
            }
            e.delivered = true;
            e.isolate = false;
            if (e.content.isResolved() && now >= e.forgetAt) {
                entries.remove(e.content.fingerprint());
            } else {
                e.nextSendAt = e.content.isResolved()
                        ? Math.min(now + resendIntervalMillis, e.forgetAt)
                        : now + resendIntervalMillis;
            }
        }
    }

    /** The request failed in a way worth retrying. Returns how long sending now pauses. */
    public Duration onRetryableFailure(long now) {
        consecutiveFailures++;
        Duration delay = backoff.delay(consecutiveFailures);
        blockedUntilMillis = now + delay.toMillis();
        return delay;
    }

    /**
     * Alertmanager refused the request (4xx). A batch of several alerts is split so each is tried
     * alone (Alertmanager stores the valid ones of a 400 batch anyway, so repeating them is harmless);
     * a single refused alert is dropped and returned so the caller can report it.
     */
    public List<TrackedAlert> onRejected(Batch batch, long now) {
        consecutiveFailures = 0;
        blockedUntilMillis = Long.MIN_VALUE;
        if (batch.items().size() > 1) {
            for (Batch.Item item : batch.items()) {
                Entry e = current(item);
                if (e != null) {
                    e.isolate = true;
                }
            }
            return List.of();
        }
        Entry e = current(batch.items().get(0));
        if (e == null) {
            return List.of(); // a corrected version arrived meanwhile; give that one its chance
        }
        entries.remove(e.content.fingerprint());
        return List.of(e.snapshot());
    }

    /** True while some alert's current content has not been acknowledged by Alertmanager. */
    public boolean hasUndelivered() {
        for (Entry e : entries.values()) {
            if (!e.delivered) {
                return true;
            }
        }
        return false;
    }

    public int undeliveredCount() {
        int n = 0;
        for (Entry e : entries.values()) {
            if (!e.delivered) {
                n++;
            }
        }
        return n;
    }

    public int size() {
        return entries.size();
    }

    /** Earliest time something can be sent, or {@link Long#MAX_VALUE} when the book is empty. */
    public long nextDueAt() {
        long next = Long.MAX_VALUE;
        for (Entry e : entries.values()) {
            next = Math.min(next, e.nextSendAt);
        }
        return next == Long.MAX_VALUE ? next : Math.max(next, blockedUntilMillis);
    }

    public AlertmanagerWriterState snapshot() {
        List<TrackedAlert> out = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            out.add(e.snapshot());
        }
        return new AlertmanagerWriterState(out);
    }

    /**
     * Takes over restored state. Everything is due at once: undelivered alerts must go out, and
     * firing ones need a fresh endsAt since nobody re-sent them while the job was down. When the same
     * fingerprint appears in several states (rescaling), the most recently received copy wins.
     */
    public void restore(Collection<AlertmanagerWriterState> states, long now) {
        for (AlertmanagerWriterState state : states) {
            for (TrackedAlert t : state.alerts()) {
                Entry existing = entries.get(t.fingerprint());
                if (existing != null && existing.receivedAt > t.receivedAtMillis()) {
                    continue;
                }
                entries.put(t.fingerprint(),
                        new Entry(t.content(), t.receivedAtMillis(), t.delivered(), t.forgetAtMillis(), nextRevision++, now));
            }
        }
    }

    private Entry current(Batch.Item item) {
        Entry e = entries.get(item.fingerprint());
        return e != null && e.revision == item.revision() ? e : null;
    }

    private Batch.Item item(Entry e, long now) {
        return new Batch.Item(e.content.fingerprint(), e.revision, e.content.toPostable(now, firingEndsAfterMillis));
    }

    /** One request's worth of alerts, remembering which revision of each entry it carries. */
    public record Batch(List<Item> items) {
        static final Batch EMPTY = new Batch(List.of());

        public boolean isEmpty() {
            return items.isEmpty();
        }

        public List<PostableAlert> alerts() {
            List<PostableAlert> out = new ArrayList<>(items.size());
            for (Item i : items) {
                out.add(i.alert());
            }
            return out;
        }

        public record Item(String fingerprint, long revision, PostableAlert alert) {}
    }

    private static final class Entry {
        final AlertContent content;
        final long receivedAt;
        final long forgetAt;
        final long revision;
        boolean delivered;
        boolean isolate;
        long nextSendAt;

        Entry(AlertContent content, long receivedAt, boolean delivered, long forgetAt, long revision, long nextSendAt) {
            this.content = content;
            this.receivedAt = receivedAt;
            this.delivered = delivered;
            this.forgetAt = forgetAt;
            this.revision = revision;
            this.nextSendAt = nextSendAt;
        }

        TrackedAlert snapshot() {
            return new TrackedAlert(content, receivedAt, delivered, forgetAt);
        }
    }
}
