package org.openclaw.oversight.connectors.timescale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

class JdbcUpsertSinkTest {

    record Row(String id, Instant time, String tenant, long count) {}

    @Test
    void updatesEveryNonKeyColumnOnConflict() {
        String sql = JdbcUpsertSink.<Row>into("oversight.agent_events")
                .key("event_id", "time")
                .text("event_id", Row::id)
                .timestamptz("time", Row::time)
                .text("tenant_id", Row::tenant)
                .jsonb("attributes", r -> "{}")
                .textArray("pii_types", r -> java.util.List.of())
                .now("ingested_at")
                .sql();

        assertThat(sql).isEqualTo("INSERT INTO oversight.agent_events (\"event_id\", \"time\", \"tenant_id\", "
                + "\"attributes\", \"pii_types\", \"ingested_at\") VALUES (?, ?, ?, CAST(? AS jsonb), ?, now()) "
                + "ON CONFLICT (\"event_id\", \"time\") DO UPDATE SET "
                + "\"tenant_id\" = EXCLUDED.\"tenant_id\", \"attributes\" = EXCLUDED.\"attributes\", "
                + "\"pii_types\" = EXCLUDED.\"pii_types\", \"ingested_at\" = EXCLUDED.\"ingested_at\"");
    }

    @Test
    void doesNothingWhenEveryColumnIsKeyOrWhenAsked() {
        UpsertQuery<Row> allKey = JdbcUpsertSink.<Row>into("oversight.budgets").key("tenant_id", "agent_id")
                .text("tenant_id", Row::tenant).text("agent_id", Row::id).query();
        assertThat(allKey.query()).endsWith("ON CONFLICT (\"tenant_id\", \"agent_id\") DO NOTHING");
        assertThat(allKey.doesNothingOnConflict()).isTrue();
        UpsertQuery<Row> asked = JdbcUpsertSink.<Row>into("oversight.budgets").key("tenant_id").text("tenant_id", Row::tenant)
                .bigint("daily_budget_eur", Row::count).onConflictDoNothing().query();
        assertThat(asked.query()).endsWith("DO NOTHING");
        assertThat(asked.doesNothingOnConflict()).isTrue();
        assertThat(JdbcUpsertSink.<Row>into("oversight.budgets").key("tenant_id").text("tenant_id", Row::tenant)
                .bigint("daily_budget_eur", Row::count).query().doesNothingOnConflict()).isFalse();
    }

    record Money(String id, BigDecimal amount, Instant at, long version) {}

    @Test
    void keysCompareAsPostgresComparesThem() {
        UpsertQuery<Money> query = moneySink().query();
        Instant at = Instant.parse("2026-03-01T10:00:00.000001Z");
        UpsertQuery.RowKey a = query.keyOf(new Money("a", new BigDecimal("1.0"), at, 1));
        // same numeric, same microsecond: the same row in PostgreSQL
        assertThat(query.keyOf(new Money("a", new BigDecimal("1.00"), at.plusNanos(200), 2))).isEqualTo(a);
        assertThat(query.keyOf(new Money("a", BigDecimal.ONE, at.plusNanos(600), 3))).isNotEqualTo(a);
        assertThat(query.keyOf(new Money("b", BigDecimal.ONE, at, 4))).isNotEqualTo(a);
        assertThat(a.toString()).doesNotContain("a\"").isEqualTo("RowKey[3 columns]");
        assertThat(SqlColumnType.TIMESTAMPTZ.keyText(Instant.parse("2026-03-01T10:00:00.999999500Z")))
                .isEqualTo("2026-03-01T10:00:01Z");
        assertThat(SqlColumnType.DOUBLE_PRECISION.keyText(-0.0)).isEqualTo(SqlColumnType.DOUBLE_PRECISION.keyText(0.0));
    }

    @Test
    void aNullKeyIsRefusedWithoutQuotingTheRecord() {
        UpsertQuery<Money> query = moneySink().query();
        assertThatThrownBy(() -> query.keyOf(new Money("jane.doe@example.com", null, Instant.EPOCH, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Key column 'amount' of oversight.t is null in a Money")
                .hasMessageNotContaining("jane.doe");
    }

    @Test
    void errorTextKeepsIdentifiersAndWithholdsValues() {
        SQLException error = new SQLException(
                "invalid input syntax for type bigint: \"jane\" in column \"requests\"\n  Detail: Key (a)=(x)", "22P02");
        String text = SqlErrorText.describe(error, Set.of("requests"));
        assertThat(text).isEqualTo("SQLState 22P02: invalid input syntax for type bigint: <value withheld> "
                + "in column \"requests\"");
    }

    @Test
    void theDatabasesOwnErrorIsFoundBehindTheLibrarysWrappers() {
        PSQLException server = new PSQLException(new org.postgresql.util.ServerErrorMessage(
                "SERROR\u0000C23502\u0000Mnull value in column \"cost_eur\"\u0000Dsecret detail\u0000"));
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 <unknown> was aborted", "23502", new int[0]);
        batch.setNextException(server);
        Exception library = new RuntimeException("Writing records to JDBC failed.",
                new java.io.IOException(batch));
        assertThat((Object) JdbcUpsertWriter.sqlCause(library)).isSameAs(server);
        SQLException connect = new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT);
        assertThat((Object) JdbcUpsertWriter.sqlCause(new java.io.IOException("Unable to update JDBC statement executor",
                connect))).isSameAs(connect);
        assertThat((Object) JdbcUpsertWriter.sqlCause(new IllegalStateException("no SQL"))).isNull();
    }

    private static JdbcUpsertSink.Builder<Money> moneySink() {
        return JdbcUpsertSink.<Money>into("oversight.t").key("id", "amount", "at")
                .text("id", Money::id).numeric("amount", Money::amount).timestamptz("at", Money::at)
                .bigint("version", Money::version);
    }

    @Test
    void refusesIncompleteOrUnsafeDefinitions() {
        assertThatThrownBy(() -> JdbcUpsertSink.<Row>into("agent_events"))
                .hasMessageContaining("schema.table");
        assertThatThrownBy(() -> JdbcUpsertSink.<Row>into("oversight.agent_events").text("event_id", Row::id).sql())
                .hasMessageContaining("has no key");
        assertThatThrownBy(() -> JdbcUpsertSink.<Row>into("oversight.agent_events").key("event_id", "time")
                .text("event_id", Row::id).sql())
                .hasMessageContaining("'time'").hasMessageContaining("has no value");
        assertThatThrownBy(() -> JdbcUpsertSink.<Row>into("oversight.t").text("a", Row::id).text("a", Row::tenant))
                .hasMessageContaining("mapped twice");
        assertThatThrownBy(() -> JdbcUpsertSink.<Row>into("oversight.t").text("a\"; DROP TABLE x; --", Row::id))
                .hasMessageContaining("snake_case");
        assertThatThrownBy(() -> JdbcUpsertSink.<Row>into("oversight.t").batchSize(0))
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> JdbcUpsertSink.<Row>into("oversight.t").key("id").text("id", Row::id).build(null))
                .hasMessageContaining("JdbcConnection");
    }
}
