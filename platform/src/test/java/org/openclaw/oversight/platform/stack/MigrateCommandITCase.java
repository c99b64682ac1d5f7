package org.openclaw.oversight.platform.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.connectors.timescale.SchemaVersionException;
import org.openclaw.oversight.cost.BudgetBook;
import org.openclaw.oversight.cost.CostAggregationJob;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.platform.FriendlyErrors;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import picocli.CommandLine;

/**
 * Migrations live in one step: a job's main against a database nobody migrated refuses, names `oversight migrate`
 * and changes nothing (before, every main migrated and cost-aggregation's wrote the budgets); `oversight migrate`
 * then migrates the stack's database and writes the config's budgets, and a second run changes nothing.
 */
@ExtendWith(LocalStackExtension.class)
class MigrateCommandITCase {

    private static final Path REPO = Paths.get("..").toAbsolutePath().normalize();

    @TempDir
    Path dataDir;

    private record Result(int exitCode, String output) {}

    @Test
    void aJobRefusesAnUnmigratedDatabaseUntilMigrateHasRun(LocalPostgres postgres) throws Exception {
        String url = postgres.createDatabase("migrate_command_it");
        StackState.load(dataDir.resolve("stack.json")).database(url, postgres.user(), postgres.password());
        JdbcConnection db = new JdbcConnection(url, postgres.user(), postgres.password());
        String[] job = {"--db-url", url, "--db-user", postgres.user(), "--db-password", postgres.password(),
                "--config-dir", REPO.resolve("config").toString(), "--metrics-ports=",
                "--dlq-key-file", LocalKeys.ensure(dataDir, SecretKind.DLQ_KEY).toString()};

        assertThatThrownBy(() -> CostAggregationJob.main(job))
                .isInstanceOf(SchemaVersionException.class)
                .hasMessageContaining("database schema is at none (never migrated), this job needs V")
                .hasMessageContaining("run `oversight migrate`");
        assertThat(count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'oversight'"))
                .as("the job created no schema and wrote no budgets").isZero();

        Result first = migrate();
        assertThat(first.exitCode()).as(first.output()).isZero();
        int configured = BudgetBook.of(OversightConfiguration.load(REPO.resolve("config")).settings()).size();
        assertThat(configured).isPositive();
        assertThat(first.output()).contains("[2/3] Database migrations", "applied V1 tables",
                "[3/3] Config tables ... ok, " + configured + " daily budgets in oversight.budgets");
        assertThat(count(db, "SELECT count(*) FROM oversight.budgets")).isEqualTo(configured);
        assertThat(DatabaseMigrations.requireMigrated(db)).isNotBlank();

        Result second = migrate();
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("up to date at version").doesNotContain("applied V");
        assertThat(count(db, "SELECT count(*) FROM oversight.budgets")).isEqualTo(configured);
    }

    @Test
    void withoutADatabaseItSaysWhereItLookedAndWhatToPass() {
        Result result = migrate();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("no database to migrate", dataDir.toString(), "--db-url", "./oversight up");
    }

    private Result migrate() {
        MigrateCommand command = new MigrateCommand();
        command.environment = Map.of(); // the stack's database, whatever this JVM's OVERSIGHT_DB_URL says
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(command).setExecutionExceptionHandler(new FriendlyErrors());
        cli.setOut(new PrintWriter(text, true));
        cli.setErr(new PrintWriter(text, true));
        int code = cli.execute("--home", REPO.toString(), "--data-dir", dataDir.toString());
        return new Result(code, text.toString());
    }

    private static long count(JdbcConnection db, String sql) throws SQLException {
        try (Connection connection = db.open(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
