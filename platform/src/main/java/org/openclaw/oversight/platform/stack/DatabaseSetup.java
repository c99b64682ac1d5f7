package org.openclaw.oversight.platform.stack;

import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.cost.BudgetBook;
import org.openclaw.oversight.cost.BudgetTable;

/**
 * What {@code oversight migrate} does, and {@code oversight up} with it: the Flyway migrations of schema
 * {@code oversight}, then the tables that mirror the config (the daily budgets of {@code oversight.yml}
 * in {@code oversight.budgets}). The only place either happens: jobs only check the schema version
 * ({@link DatabaseMigrations#requireMigrated}) and never write config tables, since under the Kubernetes
 * operator a job's {@code main} runs again on every submission and failover. Both steps are idempotent.
 */
public final class DatabaseSetup {

    private DatabaseSetup() {}

    /** Brings the schema to the version of this build's migrations. */
    public static String migrate(JdbcConnection db) {
        DatabaseMigrations.Result result = DatabaseMigrations.migrate(db);
        return result.appliedCount() == 0 ? "ok, up to date at version " + result.versionAfter()
                : "ok, applied " + String.join(", ", result.applied()) + "; now at version " + result.versionAfter();
    }

    /** Writes the config's tables; returns what it wrote. */
    public static String writeConfigTables(JdbcConnection db, OversightConfiguration config) {
        int budgets = BudgetTable.store(db, BudgetBook.of(config.settings()));
        int longer = storeComplianceRetention(db, config);
        return "ok, " + budgets + " daily budgets in oversight.budgets, " + longer + " agents with a longer audit trail in oversight.compliance_retention";
    }

    /** policies.yml's audit_trail_retention beyond compliance_logs (issue 13): the longer period wins. */
    private static int storeComplianceRetention(JdbcConnection db, OversightConfiguration config) {
        try {
            org.openclaw.oversight.enforcement.ComplianceRetentionTable.storeZones(db, config.policies().enforcement());
            return org.openclaw.oversight.enforcement.ComplianceRetentionTable.store(db,
                    org.openclaw.oversight.policy.AuditTrailRetention.extensions(config.settings(), config.policies()));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot write oversight.compliance_retention: " + e.getMessage(), e);
        }
    }
}
