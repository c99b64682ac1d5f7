package org.openclaw.oversight.enforcement;

import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.connector.sink2.Sink;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.connectors.timescale.JdbcUpsertSink;

/**
 * The upsert sink of {@code oversight.policy_violations}, keyed on (event_id, rule): a violation judged again
 * after a restart replaces its row with the same content, so the table holds each violation once.
 */
public final class ViolationTable {

    public static final String TABLE = "oversight.policy_violations";

    private ViolationTable() {}

    public static JdbcUpsertSink.Builder<Violation> columns() {
        return JdbcUpsertSink.<Violation>into(TABLE)
                .key("event_id", "rule")
                .text("event_id", v -> v.eventId)
                .text("rule", v -> v.rule)
                .timestamptz("time", Violation::time)
                .text("tenant_id", v -> v.tenantId)
                .text("agent_id", v -> v.agentId)
                .text("policy_node", v -> v.policyNode)
                .text("observed_value", v -> v.observed)
                .text("limit_value", v -> v.limit)
                .text("action", v -> v.action)
                .text("severity", v -> v.severity)
                .text("policy_version", v -> v.policyVersion)
                .text("interaction_id", v -> v.interactionId)
                .textArray("evidence", v -> Arrays.asList(v.evidence))
                .now("detected_at");
    }

    public static Sink<Violation> sink(JdbcConnection db, Duration flushInterval) {
        return columns().flushInterval(flushInterval).build(db);
    }
}
