package org.openclaw.oversight.connectors.alertmanager;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the sink remembers about one alert: its stable identity (labels) and description
 * (annotations), when it started and, once resolved, when it ended. {@code endsAtMillis == null}
 * means firing: the sink then computes a fresh {@code endsAt} at every (re-)send.
 */
public record AlertContent(
        String fingerprint,
        Map<String, String> labels,
        Map<String, String> annotations,
        long startsAtMillis,
        Long endsAtMillis,
        String generatorUrl) {

    public AlertContent {
        Objects.requireNonNull(fingerprint, "fingerprint");
        // sorted copies: stable JSON, and equals() does not depend on the producer's map order
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
    }

    public boolean isResolved() {
        return endsAtMillis != null;
    }

    /**
     * The alert as it goes on the wire at {@code nowMillis}: firing alerts get
     * {@code endsAt = now + firingEndsAfter} so Alertmanager keeps them active only while the sink
     * keeps re-sending; a resolved alert carries its own {@code endsAt}. {@code endsAt} is never before
     * {@code startsAt}, which Alertmanager would reject.
     */
    public PostableAlert toPostable(long nowMillis, long firingEndsAfterMillis) {
        long ends = isResolved() ? endsAtMillis : nowMillis + firingEndsAfterMillis;
        ends = Math.max(ends, startsAtMillis);
        return new PostableAlert(labels, annotations, Instant.ofEpochMilli(startsAtMillis),
                Instant.ofEpochMilli(ends), generatorUrl);
    }
}
