package org.openclaw.oversight.platform.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;

/**
 * What the jobs wrote to the database, read with plain SQL on the real tables (schema {@code oversight}):
 * the counts the demo's summary shows. Each call opens one short connection.
 */
final class TableReadings {

    /** One incident as the summary lists it. */
    record IncidentRow(String type, String severity, String status, String tenant, String agent, int escalation,
            List<String> actions) {}

    /** The numbers of one moment. */
    record Tables(long agentEvents, long channelMessages, long piiFindings, long eventsWithPii,
            Map<String, Long> piiByType, long metrics1m, long metrics1h, long systemMetrics1m, double costEur,
            Map<String, Long> anomaliesByMetric, Map<String, Long> violationsByRule, Map<String, Long> incidentsByStatus,
            List<IncidentRow> incidents, long actionsTaken) {

        long events() {
            return agentEvents + channelMessages;
        }

        long windows() {
            return metrics1m + metrics1h + systemMetrics1m;
        }

        static long total(Map<String, Long> counts) {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static final int INCIDENTS_LISTED = 12;

    private final JdbcConnection db;

    TableReadings(JdbcConnection db) {
        this.db = db;
    }

    Tables read() throws SQLException {
        try (Connection connection = db.open(); Statement sql = connection.createStatement()) {
            sql.setQueryTimeout(20);
            long agentEvents = count(sql, "SELECT count(*) FROM oversight.agent_events");
            long channelMessages = count(sql, "SELECT count(*) FROM oversight.channel_messages");
            long findings = count(sql, "SELECT count(*) FROM oversight.pii_findings");
            long eventsWithPii = count(sql, "SELECT (SELECT count(*) FROM oversight.agent_events WHERE cardinality(pii_types) > 0)"
                    + " + (SELECT count(*) FROM oversight.channel_messages WHERE cardinality(pii_types) > 0)");
            Map<String, Long> piiByType = grouped(sql, "SELECT pii_type, count(*) FROM oversight.pii_findings GROUP BY 1 ORDER BY 2 DESC, 1");
            long m1 = count(sql, "SELECT count(*) FROM oversight.agent_metrics_1m");
            long h1 = count(sql, "SELECT count(*) FROM oversight.agent_metrics_1h");
            long s1 = count(sql, "SELECT count(*) FROM oversight.system_metrics_1m");
            double cost = number(sql, "SELECT coalesce(sum(cost_eur), 0) FROM oversight.agent_metrics_1m");
            Map<String, Long> anomalies = grouped(sql, "SELECT metric, count(*) FROM oversight.anomalies GROUP BY 1 ORDER BY 2 DESC, 1");
            Map<String, Long> violations = grouped(sql, "SELECT rule, count(*) FROM oversight.policy_violations GROUP BY 1 ORDER BY 2 DESC, 1");
            Map<String, Long> incidentsByStatus = grouped(sql, "SELECT status, count(*) FROM oversight.incidents GROUP BY 1 ORDER BY 1");
            long actions = count(sql, "SELECT coalesce(sum(jsonb_array_length(actions_taken)), 0) FROM oversight.incidents");
            return new Tables(agentEvents, channelMessages, findings, eventsWithPii, piiByType, m1, h1, s1, cost,
                    anomalies, violations, incidentsByStatus, incidents(sql), actions);
        }
    }

    private static List<IncidentRow> incidents(Statement sql) throws SQLException {
        List<IncidentRow> rows = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery("SELECT type, severity, status, tenant_id, agent_id, escalation_level,"
                + " (SELECT coalesce(array_agg(a->>'action'), '{}') FROM jsonb_array_elements(actions_taken) a)"
                + " FROM oversight.incidents ORDER BY opened_at DESC LIMIT " + INCIDENTS_LISTED)) {
            while (rs.next()) {
                java.sql.Array actions = rs.getArray(7);
                List<String> names = new ArrayList<>();
                for (Object action : (Object[]) actions.getArray()) {
                    names.add(String.valueOf(action));
                }
                rows.add(new IncidentRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), names));
            }
        }
        return rows;
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double number(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    private static Map<String, Long> grouped(Statement sql, String query) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                counts.put(String.valueOf(rs.getString(1)), rs.getLong(2));
            }
        }
        return counts;
    }
}
