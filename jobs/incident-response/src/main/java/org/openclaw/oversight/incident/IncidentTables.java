package org.openclaw.oversight.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.connector.sink2.Sink;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.connectors.timescale.JdbcUpsertSink;

/**
 * The upsert sinks of {@code oversight.incidents} and {@code oversight.agent_uptime_daily}. Every column is
 * written on every emission, keyed on the primary key, so the last state of an incident wins; rows of one
 * incident all come from the responder subtask of its tenant, chained to the sink, in order.
 */
public final class IncidentTables {

    public static final String INCIDENTS = "oversight.incidents";
    public static final String UPTIME = "oversight.agent_uptime_daily";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IncidentTables() {}

    public static Sink<Incident> incidents(JdbcConnection db, Duration flushInterval) {
        return JdbcUpsertSink.<Incident>into(INCIDENTS)
                .key("incident_id")
                .text("incident_id", i -> i.incidentId)
                .text("fingerprint", i -> i.fingerprint)
                .text("type", i -> i.type)
                .text("severity", i -> i.severity)
                .text("status", i -> i.status)
                .text("tenant_id", i -> i.tenantId)
                .text("agent_id", i -> i.agentId)
                .text("summary", i -> i.summary)
                .timestamptz("opened_at", i -> Instant.ofEpochMilli(i.openedAtMs))
                .timestamptz("acked_at", i -> instant(i.ackedAtMs))
                .timestamptz("resolved_at", i -> instant(i.resolvedAtMs))
                .integer("escalation_level", i -> i.level)
                .jsonb("actions_taken", IncidentTables::actionsJson)
                .integer("alertname_count", i -> i.members.size())
                .text("correlated_into", i -> i.correlatedInto)
                .text("acked_by", i -> i.ackedBy)
                .text("resolved_by", i -> i.resolvedBy)
                .timestamptz("escalated_at", i -> instant(i.escalatedAtMs))
                .bool("dry_run", i -> i.dryRun)
                .timestamptz("gdpr_notice_due", i -> instant(i.gdprNoticeDueMs))
                .timestamptz("gdpr_report_due", i -> instant(i.gdprReportDueMs))
                .timestamptz("last_alert_at", i -> instant(i.lastAlertAtMs))
                .now("updated_at")
                .rewriteBatchedInserts()
                .flushInterval(flushInterval)
                .build(db);
    }

    public static Sink<AgentUptime> uptime(JdbcConnection db, Duration flushInterval) {
        return JdbcUpsertSink.<AgentUptime>into(UPTIME)
                .key("day", "tenant_id", "agent_id")
                .timestamptz("day", u -> Instant.ofEpochMilli(u.epochDay * AgentUptime.DAY_MS))
                .text("tenant_id", u -> u.tenantId)
                .text("agent_id", u -> u.agentId)
                .bigint("downtime_ms", u -> u.downtimeMs)
                .doublePrecision("uptime_ratio", AgentUptime::uptimeRatio)
                .now("updated_at")
                .rewriteBatchedInserts()
                .flushInterval(flushInterval)
                .build(db);
    }

    /** {@code [{action, agent, at, result, by}, ...]}, the shape of V1's actions_taken. */
    static String actionsJson(Incident incident) {
        ArrayNode array = JSON.createArrayNode();
        for (ActionTaken a : incident.actions) {
            ObjectNode node = array.addObject().put("action", a.action).put("at", Instant.ofEpochMilli(a.atMs).toString())
                    .put("result", a.result).put("by", a.by);
            if (a.agentId != null) {
                node.put("agent", a.agentId);
            }
        }
        return array.toString();
    }

    private static Instant instant(long ms) {
        return ms == 0 ? null : Instant.ofEpochMilli(ms);
    }
}
