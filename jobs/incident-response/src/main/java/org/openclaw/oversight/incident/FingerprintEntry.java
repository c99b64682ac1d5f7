package org.openclaw.oversight.incident;

/**
 * Which incident an alert fingerprint belongs to. After the incident resolved the entry stays a while
 * ({@link IncidentResponder#TOMBSTONE_MS}), so a detector re-sending the same firing alert (same
 * startsAt) does not reopen it; a later startsAt opens a new incident.
 */
public class FingerprintEntry {

    public String incidentId;
    public long startsAtMs;
    /** The job's clock when the incident resolved; 0 while it is active. */
    public long resolvedAtMs;

    public FingerprintEntry() {}

    public FingerprintEntry(String incidentId, long startsAtMs) {
        this.incidentId = incidentId;
        this.startsAtMs = startsAtMs;
    }
}
