package org.openclaw.oversight.platform.dlq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The counts of {@code oversight dlq list}: letters grouped by source topic, job and errorClass. */
final class LetterGroups {

    /** One group; {@code example} is the DLQ position of its first letter, to pass to {@code show}. */
    static final class Group {
        final String sourceTopic;
        final String job;
        final String errorClass;
        long count;
        long truncated;
        long unencrypted;
        Instant firstFailedAt;
        Instant lastFailedAt;
        String example;

        Group(String sourceTopic, String job, String errorClass) {
            this.sourceTopic = sourceTopic;
            this.job = job;
            this.errorClass = errorClass;
        }
    }

    private final Map<List<String>, Group> groups = new LinkedHashMap<>();

    void add(StoredLetter stored) {
        var letter = stored.letter();
        Group group = groups.computeIfAbsent(List.of(letter.getSourceTopic(), letter.getJob(), letter.getErrorClass()),
                k -> new Group(k.get(0), k.get(1), k.get(2)));
        group.count++;
        if (letter.getTruncated()) {
            group.truncated++;
        }
        if (letter.getPayloadEncryption() == null && (letter.getPayload() != null || letter.getKey() != null)) {
            group.unencrypted++;
        }
        Instant failedAt = letter.getFailedAt();
        if (group.firstFailedAt == null || failedAt.isBefore(group.firstFailedAt)) {
            group.firstFailedAt = failedAt;
            group.example = stored.position();
        }
        if (group.lastFailedAt == null || failedAt.isAfter(group.lastFailedAt)) {
            group.lastFailedAt = failedAt;
        }
    }

    /** Largest groups first, then by name, so the output is the same for the same letters. */
    List<Group> sorted() {
        List<Group> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.<Group>comparingLong(g -> -g.count)
                .thenComparing(g -> g.sourceTopic).thenComparing(g -> g.job).thenComparing(g -> g.errorClass));
        return sorted;
    }

    long total() {
        return groups.values().stream().mapToLong(g -> g.count).sum();
    }
}
