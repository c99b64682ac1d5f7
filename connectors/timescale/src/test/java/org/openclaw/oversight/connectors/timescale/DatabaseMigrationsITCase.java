package org.openclaw.oversight.connectors.timescale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;

@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseMigrationsITCase {

    /** The migration files of src/main/resources/db/migration, read from the classpath. */
    private static final List<String> MIGRATION_FILES = migrationFiles();
    private static final String LATEST_VERSION = MIGRATION_FILES.get(MIGRATION_FILES.size() - 1)
            .replaceFirst("^V(\\d+)__.*", "$1");

    private static List<String> migrationFiles() {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of(
                DatabaseMigrations.class.getResource("/db/migration").toURI()))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .sorted(java.util.Comparator.comparingInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))))
                    .toList();
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** DESIGN §5: every table and its key, in key order. */
    private static final Map<String, List<String>> DESIGN_KEYS = new LinkedHashMap<>();

    static {
        DESIGN_KEYS.put("agent_events", List.of("event_id", "time"));
        DESIGN_KEYS.put("channel_messages", List.of("message_id", "time"));
        DESIGN_KEYS.put("pii_findings", List.of("event_id", "field", "start"));
        DESIGN_KEYS.put("agent_metrics_1m", List.of("bucket", "tenant_id", "agent_id", "model"));
        DESIGN_KEYS.put("agent_metrics_1h", List.of("bucket", "tenant_id", "agent_id", "model"));
        DESIGN_KEYS.put("system_metrics_1m", List.of("bucket"));
        DESIGN_KEYS.put("budgets", List.of("tenant_id", "agent_id"));
        DESIGN_KEYS.put("anomalies", List.of("fingerprint", "starts_at"));
        DESIGN_KEYS.put("policy_violations", List.of("event_id", "rule"));
        DESIGN_KEYS.put("incidents", List.of("incident_id"));
        DESIGN_KEYS.put("audit_log", List.of("seq"));
    }

    private String url;
    private LocalPostgres postgres;
    private DatabaseMigrations.Result firstRun;

    @BeforeAll
    void migrateEmptyDatabase(LocalPostgres postgres) {
        this.postgres = postgres;
        url = postgres.createDatabase("ts_migrations_it");
        firstRun = DatabaseMigrations.migrate(url, postgres.user(), postgres.password());
    }

    @Test
    void firstRunAppliesEveryMigrationToAnEmptyDatabase() {
        assertThat(firstRun.versionBefore()).isNull();
        // every migration file on the classpath, in version order (later issues add files)
        assertThat(firstRun.applied()).startsWith("V1 tables", "V2 audit log", "V3 retention")
                .hasSize(MIGRATION_FILES.size());
        assertThat(firstRun.versionAfter()).isEqualTo(LATEST_VERSION);
    }

    @Test
    void secondRunAppliesNothing() {
        DatabaseMigrations.Result again = DatabaseMigrations.migrate(new JdbcConnection(url, postgres.user(),
                postgres.password()));

        assertThat(again.appliedCount()).isZero();
        assertThat(again.versionBefore()).isEqualTo(LATEST_VERSION);
        assertThat(again.versionAfter()).isEqualTo(LATEST_VERSION);
    }

    @Test
    void aMigratedDatabasePassesTheJobsCheck() {
        assertThat(DatabaseMigrations.requireMigrated(new JdbcConnection(url, postgres.user(), postgres.password())))
                .isEqualTo(LATEST_VERSION);
    }

    @Test
    void aDatabaseNeverMigratedStopsAJobAndSaysWhichCommandToRun() {
        JdbcConnection empty = new JdbcConnection(postgres.createDatabase("ts_never_migrated_it"), postgres.user(),
                postgres.password());
        assertThatThrownBy(() -> DatabaseMigrations.requireMigrated(empty))
                .isInstanceOf(SchemaVersionException.class)
                .hasMessageContaining("database schema is at none (never migrated), this job needs V" + LATEST_VERSION
                        + ": run `oversight migrate`");
        // the check only reads: it created nothing
        assertThatThrownBy(() -> DatabaseMigrations.requireMigrated(empty)).isInstanceOf(SchemaVersionException.class);
    }

    @Test
    void aDatabaseBehindTheJobsMigrationsStopsItUntilMigrated() {
        String behindUrl = postgres.createDatabase("ts_behind_it");
        String previous = MIGRATION_FILES.get(MIGRATION_FILES.size() - 2).replaceFirst("^V(\\d+)__.*", "$1");
        DatabaseMigrations.configure(behindUrl, postgres.user(), postgres.password()).target(previous).load().migrate();
        JdbcConnection behind = new JdbcConnection(behindUrl, postgres.user(), postgres.password());

        assertThatThrownBy(() -> DatabaseMigrations.requireMigrated(behind))
                .isInstanceOf(SchemaVersionException.class)
                .hasMessageContaining("database schema is at V" + previous + ", this job needs V" + LATEST_VERSION
                        + ": run `oversight migrate`");

        DatabaseMigrations.migrate(behind);
        assertThat(DatabaseMigrations.requireMigrated(behind)).isEqualTo(LATEST_VERSION);
    }

    @Test
    void everyDesignTableExistsWithItsKeyAsPrimaryKey() throws SQLException {
        try (Connection connection = connect()) {
            for (Map.Entry<String, List<String>> table : DESIGN_KEYS.entrySet()) {
                assertThat(primaryKey(connection, table.getKey()))
                        .as("primary key of oversight.%s", table.getKey())
                        .containsExactlyElementsOf(table.getValue());
            }
        }
    }

    @Test
    void retentionPeriodsAreTheDesignOnes() throws SQLException {
        Map<String, String> periods = new LinkedHashMap<>();
        try (Connection connection = connect();
                ResultSet row = connection.createStatement().executeQuery(
                        "SELECT table_name, extract(day FROM keep_for)::int || ' ' || on_expiry "
                                + "FROM oversight.retention_policy")) {
            while (row.next()) {
                periods.put(row.getString(1), row.getString(2));
            }
        }
        assertThat(periods).containsEntry("agent_events", "90 delete")
                .containsEntry("channel_messages", "90 delete")
                .containsEntry("agent_metrics_1m", "365 delete")
                .containsEntry("agent_metrics_1h", "365 delete")
                .containsEntry("system_metrics_1m", "365 delete")
                .containsEntry("pii_findings", "1095 delete")
                .containsEntry("policy_violations", "1095 delete")
                .containsEntry("incidents", "1095 delete")
                .containsEntry("audit_log", "1095 keep");
    }

    @Test
    void cacheWritesAndLlmCallsHaveColumns() throws SQLException {
        // V11: cache-write tokens next to cache reads, and the LLM calls the unpriced share is taken of
        try (Connection connection = connect()) {
            assertThat(columns(connection, "agent_events")).contains("cached_input_tokens", "cache_creation_input_tokens");
            for (String table : List.of("agent_metrics_1m", "agent_metrics_1h")) {
                assertThat(columns(connection, table)).as(table)
                        .contains("cached_input_tokens", "cache_creation_input_tokens", "unpriced_requests", "llm_calls");
            }
            for (String view : List.of("agent_cost_daily", "agent_cost_today")) {
                assertThat(columns(connection, view)).as(view)
                        .endsWith("budget_used", "cache_creation_input_tokens", "llm_calls");
            }
        }
    }

    private static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT column_name FROM information_schema.columns "
                + "WHERE table_schema = 'oversight' AND table_name = ? ORDER BY ordinal_position")) {
            query.setString(1, table);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    columns.add(row.getString(1));
                }
            }
        }
        return columns;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, postgres.user(), postgres.password());
    }

    private static List<String> primaryKey(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT a.attname FROM pg_index i "
                        + "JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true "
                        + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                        + "WHERE i.indisprimary AND i.indrelid = ('oversight.' || ?)::regclass ORDER BY k.n")) {
            query.setString(1, table);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    columns.add(row.getString(1));
                }
            }
        }
        return columns;
    }
}
