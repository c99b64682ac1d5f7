package org.openclaw.oversight.incident;

/**
 * One audit-log entry of an incident's state change. {@link #key} names the change itself (not its
 * position), so the same change replayed after a restart has the same key and is appended once
 * ({@link IncidentAuditSink}).
 */
public class AuditEntry {

    public String key;
    public String actor;
    public String action;
    public String resource;
    /** A JSON object. */
    public String details;

    public AuditEntry() {}

    public AuditEntry(String key, String actor, String action, String resource, String details) {
        this.key = key;
        this.actor = actor;
        this.action = action;
        this.resource = resource;
        this.details = details;
    }
}
