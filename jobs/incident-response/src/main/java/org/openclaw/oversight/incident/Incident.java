package org.openclaw.oversight.incident;

import java.util.ArrayList;
import java.util.List;

/**
 * One incident as the job keeps it (keyed state of its tenant) and writes it to {@code oversight.incidents}.
 * A Flink POJO: public fields, no-argument constructor (StateSerializationTest).
 */
public class Incident {

    public static final String OPEN = "OPEN";
    public static final String ACKNOWLEDGED = "ACKNOWLEDGED";
    public static final String RESOLVED = "RESOLVED";
    /** Taken into a CascadingFailure incident; its alerts now belong to that one ({@link #correlatedInto}). */
    public static final String CORRELATED = "CORRELATED";

    public String incidentId;
    /** Of the alert that opened it. */
    public String fingerprint;
    /** The alertname of that alert. */
    public String type;
    /** P1..P4: the most severe of its alerts. */
    public String severity;
    public String status;
    public String tenantId;
    public String agentId;
    public String summary;
    /** startsAt of the opening alert (event time). */
    public long openedAtMs;
    /** The job's clock when it opened: escalation counts from here (processing time). */
    public long receivedAtMs;
    public long ackedAtMs;
    public String ackedBy;
    public long resolvedAtMs;
    public String resolvedBy;
    public int level = 1;
    public long escalatedAtMs;
    public long lastAlertAtMs;
    public String correlatedInto;
    public boolean dryRun;
    /** PiiLeak: the incident stays open for a human even when its alert resolves. */
    public boolean holdOpen;
    public long gdprNoticeDueMs;
    public long gdprReportDueMs;
    /** Fingerprints of every alert that belongs to it, the opening one first. */
    public List<String> members = new ArrayList<>();
    public List<ActionTaken> actions = new ArrayList<>();
    /** After an automatic RESTART: the agent whose heartbeat is awaited, and until when (processing time). */
    public String healthCheckAgent;
    public long healthCheckDueMs;
    public long restartIssuedAtMs;
    /** CascadingFailure: agents it paused and not yet restarted; the isolated origin among them. */
    public List<String> pausedAgents = new ArrayList<>();
    public String isolatedAgent;

    public Incident() {}

    public boolean isActive() {
        return OPEN.equals(status) || ACKNOWLEDGED.equals(status);
    }

    /** A copy for the table sink: the state object goes on changing after it was emitted. */
    public Incident copy() {
        Incident c = new Incident();
        c.incidentId = incidentId;
        c.fingerprint = fingerprint;
        c.type = type;
        c.severity = severity;
        c.status = status;
        c.tenantId = tenantId;
        c.agentId = agentId;
        c.summary = summary;
        c.openedAtMs = openedAtMs;
        c.receivedAtMs = receivedAtMs;
        c.ackedAtMs = ackedAtMs;
        c.ackedBy = ackedBy;
        c.resolvedAtMs = resolvedAtMs;
        c.resolvedBy = resolvedBy;
        c.level = level;
        c.escalatedAtMs = escalatedAtMs;
        c.lastAlertAtMs = lastAlertAtMs;
        c.correlatedInto = correlatedInto;
        c.dryRun = dryRun;
        c.holdOpen = holdOpen;
        c.gdprNoticeDueMs = gdprNoticeDueMs;
        c.gdprReportDueMs = gdprReportDueMs;
        c.members = new ArrayList<>(members);
        c.actions = new ArrayList<>();
        for (ActionTaken a : actions) {
            c.actions.add(a.copy());
        }
        c.healthCheckAgent = healthCheckAgent;
        c.healthCheckDueMs = healthCheckDueMs;
        c.restartIssuedAtMs = restartIssuedAtMs;
        c.pausedAgents = new ArrayList<>(pausedAgents);
        c.isolatedAgent = isolatedAgent;
        return c;
    }
}
