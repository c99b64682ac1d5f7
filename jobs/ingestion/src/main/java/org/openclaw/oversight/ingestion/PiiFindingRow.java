package org.openclaw.oversight.ingestion;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code oversight.pii_findings}: where a finding was, what kind, which detector, and the
 * keyed pseudonym — never the value. A Flink POJO (public fields, no-arg constructor) so it travels
 * without Kryo.
 */
public class PiiFindingRow {

    /** Redaction replaced the value with a typed placeholder and recorded its pseudonym. */
    public static final String ACTION_REDACT = "REDACT";

    public String eventId;
    /** input, output or text. */
    public String field;
    /** Offset in the original field (after NUL stripping). */
    public int start;
    public int length;
    public Instant time;
    public String tenantId;
    public String agentId;
    public String piiType;
    public String detector;
    public String action;
    public String pseudonym;

    public PiiFindingRow() {}

    public PiiFindingRow(String eventId, String field, int start, int length, Instant time, String tenantId, String agentId,
            String piiType, String detector, String action, String pseudonym) {
        this.eventId = eventId;
        this.field = field;
        this.start = start;
        this.length = length;
        this.time = time;
        this.tenantId = tenantId;
        this.agentId = agentId;
        this.piiType = piiType;
        this.detector = detector;
        this.action = action;
        this.pseudonym = pseudonym;
    }

    /** The table key as one string, for keyBy before the sink. */
    public String key() {
        return eventId + '|' + field + '|' + start;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PiiFindingRow r && start == r.start && length == r.length && Objects.equals(eventId, r.eventId)
                && Objects.equals(field, r.field) && Objects.equals(time, r.time) && Objects.equals(tenantId, r.tenantId)
                && Objects.equals(agentId, r.agentId) && Objects.equals(piiType, r.piiType)
                && Objects.equals(detector, r.detector) && Objects.equals(action, r.action)
                && Objects.equals(pseudonym, r.pseudonym);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, field, start);
    }

    @Override
    public String toString() {
        return "PiiFindingRow{" + eventId + "/" + field + "@" + start + "+" + length + " " + piiType + " by " + detector + "}";
    }
}
