package org.openclaw.oversight.connectors.timescale;

import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the {@code oversight} schema to the latest version with the Flyway migrations in
 * {@code classpath:db/migration} (V1 tables, V2 audit log, V3 retention / TimescaleDB).
 *
 * <p>Safe to call at every start: a database that is already current applies nothing.
 * The same migrations run on plain PostgreSQL 15 and on TimescaleDB.
 */
public final class DatabaseMigrations {

    public static final String SCHEMA = "oversight";
    public static final String LOCATION = "classpath:db/migration";

    private DatabaseMigrations() {}

    /** What one call applied. {@code applied} is empty when the schema was already current. */
    public record Result(String versionBefore, String versionAfter, List<String> applied) {
        public int appliedCount() {
            return applied.size();
        }
    }

    public static Result migrate(JdbcConnection connection) {
        return migrate(connection.url(), connection.user(), connection.password());
    }

    public static Result migrate(String jdbcUrl, String user, String password) {
        Flyway flyway = Flyway.configure(DatabaseMigrations.class.getClassLoader())
                .dataSource(jdbcUrl, user, password)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                // the SQL holds PL/pgSQL; nothing in it is a Flyway placeholder
                .placeholderReplacement(false)
                .load();
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (FlywayException e) {
            throw new IllegalStateException("Migrating schema '" + SCHEMA + "' at "
                    + JdbcConnection.withoutQuery(jdbcUrl) + " failed: " + e.getMessage()
                    + " — fix the cause and run again; migrations already applied are not repeated.", e);
        }
        List<String> applied = result.migrations.stream()
                .map(m -> "V" + m.version + " " + m.description)
                .toList();
        // Flyway reports no target version when nothing was applied; the schema then stays where it was
        String after = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return new Result(result.initialSchemaVersion, after, applied);
    }
}
