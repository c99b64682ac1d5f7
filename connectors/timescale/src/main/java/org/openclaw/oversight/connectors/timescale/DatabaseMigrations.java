package org.openclaw.oversight.connectors.timescale;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The {@code oversight} schema's versions, with the Flyway migrations in {@code classpath:db/migration}
 * (V1 tables, V2 audit log, V3 retention / TimescaleDB, ...).
 *
 * <p>{@link #migrate} brings the schema to the latest version; only one step calls it ({@code oversight
 * migrate}, which {@code oversight up} runs; later an init step of the deployment), never a job: under the
 * Kubernetes operator a job's {@code main} runs again on every submission and JobManager failover. Jobs
 * call {@link #requireMigrated} instead, which only reads the schema history and stops a job whose
 * database is behind the migrations it was built with. The same migrations run on plain PostgreSQL 15
 * and on TimescaleDB; a database that is already current applies nothing.
 */
public final class DatabaseMigrations {

    public static final String SCHEMA = "oversight";
    public static final String LOCATION = "classpath:db/migration";
    /** The command that migrates, named in every message that asks for it. */
    public static final String MIGRATE_COMMAND = "oversight migrate";

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
        MigrateResult result;
        try {
            result = configure(jdbcUrl, user, password).load().migrate();
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

    /**
     * Checks, without changing anything, that the schema has every migration this build ships (a newer
     * schema is fine: migrations only add). Returns the schema's version.
     *
     * @throws SchemaVersionException when the schema is behind, was never migrated or its last migration
     *     failed; the message names the versions and says to run {@value #MIGRATE_COMMAND}
     * @throws IllegalStateException when the database cannot be read
     */
    public static String requireMigrated(JdbcConnection db) {
        MigrationInfoService info;
        try {
            info = configure(db.url(), db.user(), db.password()).load().info();
        } catch (FlywayException e) {
            throw new IllegalStateException("Cannot read the schema version of '" + SCHEMA + "' at "
                    + JdbcConnection.withoutQuery(db.url()) + ": " + e.getMessage()
                    + ". Check that the database is up and the job's --db-url/--db-user/--db-password are right.", e);
        }
        MigrationVersion needed = Arrays.stream(info.all())
                .filter(m -> m.isVersioned() && m.getState().isResolved())
                .map(MigrationInfo::getVersion)
                .max(MigrationVersion::compareTo)
                .orElseThrow(() -> new IllegalStateException("no migrations in " + LOCATION + " on the classpath"));
        Optional<MigrationInfo> current = Optional.ofNullable(info.current());
        String at = current.map(m -> "V" + m.getVersion().getVersion()).orElse("none (never migrated)");
        String where = JdbcConnection.withoutQuery(db.url());
        if (current.isPresent() && current.get().getState().isFailed()) {
            throw new SchemaVersionException("database schema is at " + at + ", which failed to apply, this job needs V"
                    + needed.getVersion() + ": fix the cause and run `" + MIGRATE_COMMAND + "` (database " + where + ")");
        }
        if (current.isEmpty() || current.get().getVersion().compareTo(needed) < 0) {
            throw new SchemaVersionException("database schema is at " + at + ", this job needs V" + needed.getVersion()
                    + ": run `" + MIGRATE_COMMAND + "` (database " + where + "; `oversight up` runs it for the local stack)."
                    + " Jobs never migrate the database themselves.");
        }
        return current.get().getVersion().getVersion();
    }

    /** The one Flyway configuration of the oversight schema; package-visible for tests that migrate part-way. */
    static FluentConfiguration configure(String jdbcUrl, String user, String password) {
        return Flyway.configure(DatabaseMigrations.class.getClassLoader())
                .dataSource(jdbcUrl, user, password)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                // the SQL holds PL/pgSQL; nothing in it is a Flyway placeholder
                .placeholderReplacement(false);
    }
}
