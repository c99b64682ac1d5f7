package org.openclaw.oversight.connectors.timescale;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;

@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataRetentionITCase {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private LocalPostgres postgres;
    private String url;

    @BeforeAll
    void migrate(LocalPostgres postgres) {
        this.postgres = postgres;
        url = postgres.createDatabase("ts_retention_it");
        DatabaseMigrations.migrate(url, postgres.user(), postgres.password());
    }

    @Test
    void deletesOnlyRowsOlderThanTheirTablesPeriod() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password())) {
            insertEvent(connection, "old-event", daysBefore(91));
            insertEvent(connection, "edge-event", daysBefore(89));
            insertEvent(connection, "new-event", daysBefore(1));
            insertMetric(connection, daysBefore(366));
            insertMetric(connection, daysBefore(364));
            insertFinding(connection, "old-finding", daysBefore(1096));
            insertFinding(connection, "kept-finding", daysBefore(1000));
            insertIncident(connection, "resolved-long-ago", daysBefore(1200), daysBefore(1100));
            insertIncident(connection, "still-open", daysBefore(1200), null);
            AuditLog.append(connection, "alice", "retention.test", "db", null);

            Map<String, Long> deleted = DataRetention.apply(connection, NOW).stream()
                    .collect(Collectors.toMap(DataRetention.TableResult::table, DataRetention.TableResult::rowsDeleted));

            assertThat(deleted).containsEntry("agent_events", 1L)
                    .containsEntry("agent_metrics_1m", 1L)
                    .containsEntry("pii_findings", 1L)
                    .containsEntry("incidents", 1L)
                    .containsEntry("audit_log", 0L)
                    .containsEntry("channel_messages", 0L);
            assertThat(ids(connection, "SELECT event_id FROM oversight.agent_events ORDER BY event_id"))
                    .containsExactly("edge-event", "new-event");
            assertThat(ids(connection, "SELECT event_id FROM oversight.pii_findings"))
                    .containsExactly("kept-finding");
            assertThat(ids(connection, "SELECT incident_id FROM oversight.incidents"))
                    .containsExactly("still-open");
            assertThat(ids(connection, "SELECT bucket::text FROM oversight.agent_metrics_1m")).hasSize(1);
            assertThat(ids(connection, "SELECT actor FROM oversight.audit_log")).containsExactly("alice");

            // running it again finds nothing more to delete
            assertThat(DataRetention.apply(connection, NOW)).allSatisfy(r -> assertThat(r.rowsDeleted()).isZero());
        }
    }

    @Test
    void reportsEveryTableWithItsPeriod() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password())) {
            List<DataRetention.TableResult> results = DataRetention.apply(connection, NOW);

            assertThat(results).extracting(DataRetention.TableResult::table).contains("agent_events", "audit_log",
                    "incidents", "policy_violations", "system_metrics_1m", "anomalies", "agent_metrics_1h");
            DataRetention.TableResult events = results.stream().filter(r -> r.table().equals("agent_events"))
                    .findFirst().orElseThrow();
            assertThat(events.keepFor()).isEqualTo(Duration.ofDays(90));
            assertThat(events.cutoff()).isEqualTo(NOW.minus(90, ChronoUnit.DAYS));
        }
    }

    private static Instant daysBefore(int days) {
        return NOW.minus(days, ChronoUnit.DAYS);
    }

    private static void insertEvent(Connection connection, String id, Instant time) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO oversight.agent_events "
                + "(event_id, time, tenant_id, agent_id, trace_id, span_id, kind, status) "
                + "VALUES (?, ?, 't', 'a', 'tr', 'sp', 'LLM_CALL', 'OK')")) {
            insert.setString(1, id);
            insert.setObject(2, time.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    private static void insertMetric(Connection connection, Instant bucket) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO oversight.agent_metrics_1m "
                + "(bucket, tenant_id, agent_id, model) VALUES (?, 't', 'a', 'm')")) {
            insert.setObject(1, bucket.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    private static void insertFinding(Connection connection, String eventId, Instant time) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO oversight.pii_findings "
                + "(event_id, field, start, length, time, tenant_id, agent_id, pii_type, detector, action) "
                + "VALUES (?, 'input', 0, 5, ?, 't', 'a', 'EMAIL', 'regex', 'REDACT')")) {
            insert.setString(1, eventId);
            insert.setObject(2, time.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    private static void insertIncident(Connection connection, String id, Instant opened, Instant resolved)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO oversight.incidents "
                + "(incident_id, fingerprint, type, severity, status, opened_at, resolved_at) "
                + "VALUES (?, 'fp', 'AgentUnreachable', 'P2', ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, resolved == null ? "OPEN" : "RESOLVED");
            insert.setObject(3, opened.atOffset(ZoneOffset.UTC));
            insert.setObject(4, resolved == null ? null : resolved.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    private static List<String> ids(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            List<String> ids = new java.util.ArrayList<>();
            while (row.next()) {
                ids.add(row.getString(1));
            }
            return ids;
        }
    }
}
