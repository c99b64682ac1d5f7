package org.openclaw.oversight.enforcement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.policy.AuditTrailRetention;
import org.openclaw.oversight.policy.EnforcementSettings;

/**
 * Writes {@code oversight.compliance_retention}: one row per agent whose policy node keeps its audit trail longer
 * than storage.retention.compliance_logs; agents no longer concerned lose their row. {@code oversight.apply_retention()}
 * keeps those agents' compliance rows for their period (V30). Also the compliance-score zones of the policy's
 * {@code enforcement.compliance_zones}.
 */
public final class ComplianceRetentionTable {

    private ComplianceRetentionTable() {}

    public static int store(JdbcConnection db, List<AuditTrailRetention.Extension> extensions) throws SQLException {
        try (Connection connection = db.open()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM oversight.compliance_retention");
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO oversight.compliance_retention "
                         + "(agent_id, keep_for, policy_node) VALUES (?, make_interval(days => ?), ?)")) {
                delete.executeUpdate();
                for (AuditTrailRetention.Extension e : extensions) {
                    insert.setString(1, e.agentId());
                    insert.setInt(2, Math.toIntExact(e.keepFor().toDays()));
                    insert.setString(3, e.definedIn());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
        return extensions.size();
    }

    /** The green/yellow limits of the compliance score views ({@code oversight.compliance_zones}, one row). */
    public static void storeZones(JdbcConnection db, EnforcementSettings enforcement) throws SQLException {
        try (Connection connection = db.open();
             PreparedStatement update = connection.prepareStatement("UPDATE oversight.compliance_zones SET green = ?, yellow = ?")) {
            update.setDouble(1, enforcement.complianceGreen());
            update.setDouble(2, enforcement.complianceYellow());
            update.executeUpdate();
        }
    }
}
