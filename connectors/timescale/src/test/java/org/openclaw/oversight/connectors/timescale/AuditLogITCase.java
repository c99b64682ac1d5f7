package org.openclaw.oversight.connectors.timescale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;

@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogITCase {

    private LocalPostgres postgres;
    private String url;

    @BeforeAll
    void createDatabase(LocalPostgres postgres) {
        this.postgres = postgres;
    }

    // a fresh database per test: tampering in one test must not break another's chain
    @BeforeEach
    void freshSchema() {
        url = postgres.createDatabase("ts_audit_it");
        DatabaseMigrations.migrate(url, postgres.user(), postgres.password());
    }

    @Test
    void appendedEntriesFormAVerifiedChain() throws SQLException {
        try (Connection connection = connect()) {
            AuditLog.Entry first = AuditLog.append(connection, "alice", "policy.push", "policies/global",
                    "{\"version\": 7, \"rules\": [\"max_cost\"], \"note\": \"Grüße ✓\"}");
            AuditLog.Entry second = AuditLog.append(connection, "incident-response", "agent.pause",
                    "agent:support-bot", null);
            AuditLog.Entry third = AuditLog.append(connection, "bob", "report.export", "report:2026-01", "{}");

            assertThat(first.seq()).isEqualTo(1);
            assertThat(first.prevHash()).isEqualTo(AuditEntryHash.GENESIS);
            assertThat(second.prevHash()).isEqualTo(first.hash());
            assertThat(third.seq()).isEqualTo(3);
            assertThat(third.prevHash()).isEqualTo(second.hash());

            AuditChainVerifier.Result result = AuditChainVerifier.verify(connection);
            assertThat(result.ok()).as(result.toString()).isTrue();
            assertThat(result.rowsChecked()).isEqualTo(3);
        }
    }

    @Test
    void updateDeleteAndTruncateAreRefused() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            AuditLog.append(connection, "alice", "login", "console", null);

            assertThatThrownBy(() -> statement.executeUpdate("UPDATE oversight.audit_log SET actor = 'mallory'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only").hasMessageContaining("UPDATE refused");
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM oversight.audit_log"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only").hasMessageContaining("DELETE refused");
            assertThatThrownBy(() -> statement.executeUpdate("TRUNCATE oversight.audit_log"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only").hasMessageContaining("TRUNCATE refused");

            try (ResultSet row = statement.executeQuery("SELECT count(*), min(actor) FROM oversight.audit_log")) {
                row.next();
                assertThat(row.getLong(1)).isEqualTo(1);
                assertThat(row.getString(2)).isEqualTo("alice");
            }
        }
    }

    @Test
    void verifierNamesExactlyTheTamperedRow() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (int i = 1; i <= 10; i++) {
                AuditLog.append(connection, "job-" + i, "budget.set", "tenant:t" + i, "{\"eur\": " + i + "}");
            }
            assertThat(AuditChainVerifier.verify(connection).ok()).isTrue();

            // what an attacker with table-owner rights could do
            statement.execute("ALTER TABLE oversight.audit_log DISABLE TRIGGER audit_log_refuse_update_delete");
            statement.executeUpdate("UPDATE oversight.audit_log SET details = '{\"eur\": 1000}' WHERE seq = 6");
            statement.execute("ALTER TABLE oversight.audit_log ENABLE TRIGGER audit_log_refuse_update_delete");

            AuditChainVerifier.Result result = AuditChainVerifier.verify(connection);
            assertThat(result.ok()).isFalse();
            assertThat(result.brokenSeq()).isEqualTo(6);
            assertThat(result.rowsChecked()).isEqualTo(5);
            assertThat(result.expected()).isNotEqualTo(result.actual()).hasSize(64);
            assertThat(result.toString()).contains("seq 6");
        }
    }

    @Test
    void verifierNamesTheRowAfterADeletedOne() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (int i = 1; i <= 5; i++) {
                AuditLog.append(connection, "alice", "policy.push", "policies/v" + i, null);
            }
            statement.execute("ALTER TABLE oversight.audit_log DISABLE TRIGGER audit_log_refuse_update_delete");
            statement.executeUpdate("DELETE FROM oversight.audit_log WHERE seq = 3");
            statement.execute("ALTER TABLE oversight.audit_log ENABLE TRIGGER audit_log_refuse_update_delete");

            AuditChainVerifier.Result result = AuditChainVerifier.verify(connection);
            assertThat(result.ok()).isFalse();
            assertThat(result.brokenSeq()).isEqualTo(4);
        }
    }

    @Test
    void concurrentAppendsFromSeveralConnectionsStillFormOneChain() throws Exception {
        int writers = 6;
        int perWriter = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String actor = "writer-" + w;
                Callable<Integer> appendAll = () -> {
                    try (Connection connection = connect()) {
                        for (int i = 0; i < perWriter; i++) {
                            AuditLog.append(connection, actor, "event.write", "item:" + i, "{\"i\": " + i + "}");
                        }
                    }
                    return perWriter;
                };
                done.add(pool.submit(appendAll));
            }
            for (Future<Integer> writer : done) {
                assertThat(writer.get(2, TimeUnit.MINUTES)).isEqualTo(perWriter);
            }
        } finally {
            pool.shutdownNow();
        }

        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            AuditChainVerifier.Result result = AuditChainVerifier.verify(connection);
            assertThat(result.ok()).as(result.toString()).isTrue();
            assertThat(result.rowsChecked()).isEqualTo((long) writers * perWriter);
            try (ResultSet row = statement.executeQuery(
                    "SELECT count(DISTINCT actor), max(seq) FROM oversight.audit_log")) {
                row.next();
                assertThat(row.getInt(1)).isEqualTo(writers);
                assertThat(row.getLong(2)).isEqualTo((long) writers * perWriter);
            }
        }
    }

    @Test
    void aRolledBackAppendLeavesNoGapInTheChain() throws SQLException {
        try (Connection connection = connect()) {
            AuditLog.append(connection, "alice", "a", "r", null);
            connection.setAutoCommit(false);
            AuditLog.append(connection, "alice", "b", "r", null);
            connection.rollback();
            connection.setAutoCommit(true);
            AuditLog.Entry next = AuditLog.append(connection, "alice", "c", "r", null);

            assertThat(next.seq()).isEqualTo(2);
            assertThat(AuditChainVerifier.verify(connection).ok()).isTrue();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, postgres.user(), postgres.password());
    }
}
