package org.openclaw.oversight.platform.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.openclaw.oversight.schema.ControlCommand;

/**
 * What a simulated agent did with one control command, for the report: when it was received (wall clock) and
 * obeyed (simulated clock, the event time from which it took effect; null when it was not obeyed), what it did, and
 * how many records and user turns it held back.
 */
public final class CommandOutcome {
    private final ControlCommand command;
    private final long receivedAtMillis;
    private Long obeyedAtMillis;
    private String outcome;
    private long suppressedRecords;
    private long rejectedTurns;

    CommandOutcome(ControlCommand command, long receivedAtMillis) {
        this.command = command;
        this.receivedAtMillis = receivedAtMillis;
    }

    public ControlCommand command() {
        return command;
    }

    public String agentId() {
        return command.getAgentId();
    }

    /** Null when the command was ignored (unknown agent, ignores_kill_switch, nothing to resume). */
    public Long obeyedAtMillis() {
        return obeyedAtMillis;
    }

    public String outcome() {
        return outcome;
    }

    public long suppressedRecords() {
        return suppressedRecords;
    }

    public long rejectedTurns() {
        return rejectedTurns;
    }

    boolean obeyed() {
        return obeyedAtMillis != null;
    }

    void obeyed(long simTime, String what) {
        this.obeyedAtMillis = simTime;
        this.outcome = what;
    }

    void ignored(String why) {
        this.outcome = "ignored: " + why;
    }

    void suppressed() {
        suppressedRecords++;
    }

    void rejectedTurn() {
        rejectedTurns++;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", command.getAgentId());
        m.put("tenant", command.getTenantId());
        m.put("action", command.getAction().name());
        m.put("parameters", new TreeMap<>(command.getParameters()));
        m.put("incidentId", command.getIncidentId());
        m.put("issuedAt", command.getIssuedAt().toString());
        m.put("receivedAt", Instant.ofEpochMilli(receivedAtMillis).toString());
        m.put("obeyedAt", obeyedAtMillis == null ? null : Instant.ofEpochMilli(obeyedAtMillis).toString());
        m.put("outcome", outcome);
        m.put("suppressedRecords", suppressedRecords);
        m.put("rejectedTurns", rejectedTurns);
        return m;
    }
}
