package org.openclaw.oversight.incident;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.ControlCommand;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * Where the job's outputs go, one method per stream. {@link IncidentResponseProductionSinks} attaches the
 * real table, topics, audit log and Alertmanager; tests attach collecting ones or wrap the production sinks.
 */
public interface IncidentResponseSinks {

    /** Every changed incident, for the idempotent upsert into {@code oversight.incidents}. */
    void incidents(DataStream<Incident> incidents);

    /** Runbook actions for the agents, {@code oversight.agent-control.v1}, exactly once. */
    void controlCommands(DataStream<ControlCommand> commands);

    /** Every state change, into the hash-chained {@code oversight.audit_log}. */
    void audit(DataStream<AuditEntry> entries);

    /** The incidents' alerts with their escalation level, for Alertmanager. */
    void alertmanager(DataStream<Alert> alerts);

    /** Alerts this job raises itself (SlaBreach), onto {@code oversight.alerts.v1}. */
    void alerts(DataStream<Alert> alerts);

    /** Daily uptime per agent, {@code oversight.agent_uptime_daily}. */
    void uptime(DataStream<AgentUptime> rows);

    void deadLetters(DataStream<DeadLetter> deadLetters);
}
