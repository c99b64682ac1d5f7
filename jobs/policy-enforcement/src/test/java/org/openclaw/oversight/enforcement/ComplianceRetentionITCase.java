package org.openclaw.oversight.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.connectors.timescale.DataRetention;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.policy.AuditTrailRetention;

/**
 * The seed's contradiction resolved on a real PostgreSQL: the high-risk agents' compliance rows are kept for
 * policies.yml's 5 years, everyone else's for storage.retention.compliance_logs (1095 d), by
 * {@code oversight.apply_retention()} with the rows {@link ComplianceRetentionTable} writes.
 */
@ExtendWith(LocalStackExtension.class)
class ComplianceRetentionITCase {

    @Test
    void highRiskAgentsKeepTheirViolationsForFiveYearsOthersForThree(LocalPostgres postgres) throws Exception {
        JdbcConnection db = new JdbcConnection(postgres.createDatabase("policy_retention_it"), postgres.user(), postgres.password());
        DatabaseMigrations.migrate(db);
        OversightConfiguration config = OversightConfiguration.load(Path.of("../../config"));
        assertThat(ComplianceRetentionTable.store(db, AuditTrailRetention.extensions(config.settings(), config.policies()))).isEqualTo(3);
        // storing again replaces, never duplicates
        assertThat(ComplianceRetentionTable.store(db, AuditTrailRetention.extensions(config.settings(), config.policies()))).isEqualTo(3);

        Instant now = Instant.parse("2030-06-01T00:00:00Z");
        try (Connection c = db.open()) {
            insert(c, "finance-4y", "finance-agent", now.minus(Duration.ofDays(4 * 365)));
            insert(c, "finance-6y", "finance-agent", now.minus(Duration.ofDays(6 * 365)));
            insert(c, "hr-4y", "hr-screening-agent", now.minus(Duration.ofDays(4 * 365)));
            insert(c, "support-4y", "support-agent", now.minus(Duration.ofDays(4 * 365)));
            insert(c, "support-2y", "support-agent", now.minus(Duration.ofDays(2 * 365)));
            List<DataRetention.TableResult> results = DataRetention.apply(c, now);
            DataRetention.TableResult violations = results.stream().filter(r -> r.table().equals("policy_violations")).findFirst().orElseThrow();
            assertThat(violations.rowsDeleted()).isEqualTo(2);
            assertThat(violations.note()).contains("3 agent(s) kept longer by audit_trail_retention");
            assertThat(remaining(c)).containsExactlyInAnyOrder("finance-4y", "hr-4y", "support-2y");
            try (Statement s = c.createStatement();
                 ResultSet row = s.executeQuery("SELECT keep_for = interval '1825 days', policy_node FROM oversight.compliance_retention "
                         + "WHERE agent_id = 'legal-agent'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getBoolean(1)).isTrue();
                assertThat(row.getString(2)).isEqualTo("high_risk");
            }
        }
    }

    @Test
    void theComplianceScoreIsTheShareOfInteractionsWithoutAViolationInItsZone(LocalPostgres postgres) throws Exception {
        JdbcConnection db = new JdbcConnection(postgres.createDatabase("policy_score_it"), postgres.user(), postgres.password());
        DatabaseMigrations.migrate(db);
        Instant hour = Instant.parse("2026-03-02T09:00:00Z");
        try (Connection c = db.open()) {
            for (int trace = 0; trace < 20; trace++) {
                for (int span = 0; span < 3; span++) {
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO oversight.agent_events (event_id, time, tenant_id, agent_id, "
                            + "trace_id, span_id, kind, status) VALUES (?, ?, 't', 'support-agent', ?, ?, 'LLM_CALL', 'OK')")) {
                        p.setString(1, "e" + trace + "-" + span);
                        p.setTimestamp(2, Timestamp.from(hour.plusSeconds(trace * 60L + span)));
                        p.setString(3, "trace-" + trace);
                        p.setString(4, "s" + span);
                        p.executeUpdate();
                    }
                }
            }
            // two violations in one trace, one in another: 2 of 20 interactions violate; one message-only violation adds one
            violation(c, "e1-0", "max_response_time", "trace-1", hour.plusSeconds(60));
            violation(c, "e1-1", "full_explainability_logging", "trace-1", hour.plusSeconds(61));
            violation(c, "e7-0", "max_response_time", "trace-7", hour.plusSeconds(420));
            violation(c, "m-1", "transparency_notice_required", "conversation-9", hour.plusSeconds(600));
            try (Statement s = c.createStatement(); ResultSet row = s.executeQuery("SELECT interactions, violating_interactions, violations, "
                    + "compliance_score, zone FROM oversight.compliance_score_1h WHERE agent_id = 'support-agent'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getLong(1)).isEqualTo(21);
                assertThat(row.getLong(2)).isEqualTo(3);
                assertThat(row.getLong(3)).isEqualTo(4);
                assertThat(row.getDouble(4)).isEqualTo(1.0 - 3.0 / 21);
                assertThat(row.getString(5)).isEqualTo("red");
                assertThat(row.next()).isFalse();
            }
            ComplianceRetentionTable.storeZones(db, new org.openclaw.oversight.policy.EnforcementSettings(java.util.Map.of(),
                    java.util.List.of("AI"), java.util.List.of("HUMAN"), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMinutes(10),
                    Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(24), java.util.Map.of(), 0.9, 0.8));
            try (Statement s = c.createStatement(); ResultSet row = s.executeQuery("SELECT zone FROM oversight.compliance_score_1d "
                    + "WHERE agent_id = 'support-agent'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).as("0.857 with zones 0.9 / 0.8").isEqualTo("yellow");
            }
        }
    }

    private static void violation(Connection c, String id, String rule, String interaction, Instant time) throws Exception {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO oversight.policy_violations (event_id, rule, time, tenant_id, agent_id, "
                + "policy_node, action, interaction_id) VALUES (?, ?, ?, 't', 'support-agent', 'customer_facing', 'ALERT', ?)")) {
            p.setString(1, id);
            p.setString(2, rule);
            p.setTimestamp(3, Timestamp.from(time));
            p.setString(4, interaction);
            p.executeUpdate();
        }
    }

    private static void insert(Connection c, String id, String agent, Instant time) throws Exception {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO oversight.policy_violations (event_id, rule, time, tenant_id, agent_id, "
                + "policy_node, action) VALUES (?, 'no_pii_in_outputs', ?, 't', ?, 'global', 'SHUTDOWN')")) {
            p.setString(1, id);
            p.setTimestamp(2, Timestamp.from(time));
            p.setString(3, agent);
            p.executeUpdate();
        }
    }

    private static List<String> remaining(Connection c) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet row = s.executeQuery("SELECT event_id FROM oversight.policy_violations")) {
            while (row.next()) {
                ids.add(row.getString(1));
            }
        }
        return ids;
    }
}
