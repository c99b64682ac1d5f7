package org.openclaw.oversight.platform.stack;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.platform.UserFacingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code oversight migrate}: the one step that changes the database's schema and config tables
 * ({@link DatabaseSetup}); jobs refuse to start on a database it has not brought up to date. The database
 * is {@code --db-url}, else {@code OVERSIGHT_DB_URL} (with {@code OVERSIGHT_DB_USER}/{@code _PASSWORD}, as
 * the jobs read them), else the local stack's.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Migrate the database (Flyway, schema oversight) and write the config tables (daily budgets "
                + "from config/oversight.yml). Safe to run twice; `oversight up` runs it. Jobs do not migrate: "
                + "they stop with a message naming this command when the schema is behind.",
                "Database: --db-url, else $OVERSIGHT_DB_URL (with $OVERSIGHT_DB_USER/$OVERSIGHT_DB_PASSWORD), "
                        + "else the local stack's."})
public final class MigrateCommand implements Callable<Integer> {

    @Option(names = "--home", description = "Repository root with config/ (default: where ./oversight lives).")
    Path home = Paths.get(System.getProperty("oversight.home", ".")).toAbsolutePath().normalize();

    @Option(names = "--data-dir", description = "The local stack's data dir with stack.json (default: <home>/.oversight).")
    Path dataDir;

    @Option(names = "--config-dir", description = "Folder with oversight.yml (default: <home>/config).")
    Path configDir;

    @Option(names = "--db-url", description = "JDBC URL of the database, with $" + JdbcConnection.USER_VARIABLE
            + "/$" + JdbcConnection.PASSWORD_VARIABLE + " (default: $" + JdbcConnection.URL_VARIABLE
            + ", else the local stack's).")
    String dbUrl;

    @Spec
    CommandSpec spec;

    /** The process environment; tests replace it. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path config = configDir != null ? configDir : home.resolve("config");
        Progress progress = new Progress(out, 3);
        OversightConfiguration[] loaded = new OversightConfiguration[1];
        progress.step("Checking " + config + " (oversight.yml, policies.yml, pricing.yml)", () -> {
            loaded[0] = OversightConfiguration.load(config);
            return "ok, " + loaded[0].settings().agents().size() + " agents";
        });
        JdbcConnection db = database();
        progress.step("Database migrations (schema oversight) on " + db.url().replaceFirst("\\?.*", "?..."),
                () -> DatabaseSetup.migrate(db));
        progress.step("Config tables", () -> DatabaseSetup.writeConfigTables(db, loaded[0]));
        return 0;
    }

    private JdbcConnection database() {
        if (dbUrl != null && !dbUrl.isBlank()) {
            return new JdbcConnection(dbUrl.trim(), environment.get(JdbcConnection.USER_VARIABLE),
                    environment.get(JdbcConnection.PASSWORD_VARIABLE));
        }
        String url = environment.get(JdbcConnection.URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return JdbcConnection.fromEnvironment(environment);
        }
        Path data = dataDir != null ? dataDir.toAbsolutePath().normalize() : home.resolve(".oversight");
        StackState state = StackState.load(data.resolve("stack.json"));
        if (state.jdbcUrl() == null) {
            throw new UserFacingException("no database to migrate: no --db-url, no $" + JdbcConnection.URL_VARIABLE
                    + ", and no local stack in " + data,
                    "pass --db-url (or set " + JdbcConnection.URL_VARIABLE + "), or start the local stack with ./oversight up");
        }
        return new JdbcConnection(state.jdbcUrl(), state.dbUser(), state.dbPassword());
    }
}
