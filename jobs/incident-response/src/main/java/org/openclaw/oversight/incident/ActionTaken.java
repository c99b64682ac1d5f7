package org.openclaw.oversight.incident;

/** One runbook step taken for an incident: a control command, or a health check's outcome. */
public class ActionTaken {

    /** A ControlAction name (RESTART, ROLLBACK, ...), or HEALTH_CHECK / ISOLATE. */
    public String action;
    public String agentId;
    public long atMs;
    /** sent | dry-run (recorded, not sent) | passed | failed | isolated. */
    public String result;
    /** Who: the job for automatic steps, the person's --by NAME for manual ones. */
    public String by;

    public ActionTaken() {}

    public ActionTaken(String action, String agentId, long atMs, String result, String by) {
        this.action = action;
        this.agentId = agentId;
        this.atMs = atMs;
        this.result = result;
        this.by = by;
    }

    public ActionTaken copy() {
        return new ActionTaken(action, agentId, atMs, result, by);
    }
}
