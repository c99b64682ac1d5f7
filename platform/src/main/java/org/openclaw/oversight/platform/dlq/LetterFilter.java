package org.openclaw.oversight.platform.dlq;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which letters a command looks at, by their metadata (never by content). All given filters must match. */
public final class LetterFilter {

    @Option(names = {"--source-topic", "--topic"}, paramLabel = "TOPIC",
            description = "Only letters of records from this topic, e.g. oversight.agent-events.v1.")
    String sourceTopic;

    @Option(names = "--error-class", paramLabel = "CLASS", description = "Only letters with this errorClass, "
            + "e.g. unknown_schema_id (see `oversight dlq list`).")
    String errorClass;

    @Option(names = "--job", description = "Only letters written by this job, e.g. ingestion.")
    String job;

    @Option(names = "--since", paramLabel = "WHEN", converter = SinceConverter.class,
            description = "Only letters that failed at or after WHEN: a duration back from now (24h, 7d), an "
                    + "ISO-8601 time (2026-03-01T12:00:00Z) or a date (2026-03-01, UTC).")
    Instant since;

    boolean matches(StoredLetter stored) {
        var letter = stored.letter();
        return (sourceTopic == null || sourceTopic.equals(letter.getSourceTopic()))
                && (errorClass == null || errorClass.equals(letter.getErrorClass()))
                && (job == null || job.equals(letter.getJob()))
                && (since == null || !letter.getFailedAt().isBefore(since));
    }

    boolean isEmpty() {
        return sourceTopic == null && errorClass == null && job == null && since == null;
    }

    /** The filters given, for the audit log and the output (metadata only). */
    Map<String, String> describe() {
        Map<String, String> given = new LinkedHashMap<>();
        if (sourceTopic != null) {
            given.put("sourceTopic", sourceTopic);
        }
        if (errorClass != null) {
            given.put("errorClass", errorClass);
        }
        if (job != null) {
            given.put("job", job);
        }
        if (since != null) {
            given.put("since", since.toString());
        }
        return given;
    }
}
