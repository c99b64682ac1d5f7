package org.openclaw.oversight.cost;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;

/**
 * Writes the configured daily budgets into {@code oversight.budgets}, for the dashboards' budget views
 * (upsert: re-running is harmless). Called by {@code oversight migrate} (and so by {@code oversight up}),
 * never by the job, which takes its budgets from the config.
 */
public final class BudgetTable {

    private static final String UPSERT = "INSERT INTO oversight.budgets (tenant_id, agent_id, daily_budget_eur, updated_at) "
            + "VALUES (?, ?, ?, now()) ON CONFLICT (tenant_id, agent_id) "
            + "DO UPDATE SET daily_budget_eur = EXCLUDED.daily_budget_eur, updated_at = now()";

    private BudgetTable() {}

    /** Returns the number of budgets written. */
    public static int store(JdbcConnection db, BudgetBook budgets) {
        try (Connection connection = db.open(); PreparedStatement insert = connection.prepareStatement(UPSERT)) {
            connection.setAutoCommit(false);
            int n = 0;
            for (BudgetBook.Budget budget : budgets.all()) {
                insert.setString(1, budget.tenantId());
                insert.setString(2, budget.agentId());
                insert.setBigDecimal(3, BigDecimal.valueOf(budget.dailyBudgetEur()));
                insert.addBatch();
                n++;
            }
            insert.executeBatch();
            connection.commit();
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the daily budgets into oversight.budgets of " + db.url()
                    + " (SQLSTATE " + e.getSQLState() + "). What to do: check the database is up and run "
                    + "`oversight migrate` again", e);
        }
    }
}
