package org.openclaw.oversight.connectors.timescale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UpsertSinkTest {

    record Row(String id, Instant time, String tenant, long count) {}

    @Test
    void updatesEveryNonKeyColumnOnConflict() {
        String sql = UpsertSink.<Row>into("oversight.agent_events")
                .key("event_id", "time")
                .text("event_id", Row::id)
                .timestamptz("time", Row::time)
                .text("tenant_id", Row::tenant)
                .jsonb("attributes", r -> "{}")
                .now("ingested_at")
                .sql();

        assertThat(sql).isEqualTo("INSERT INTO oversight.agent_events (\"event_id\", \"time\", \"tenant_id\", "
                + "\"attributes\", \"ingested_at\") SELECT u.\"event_id\", u.\"time\", u.\"tenant_id\", "
                + "u.\"attributes\", now() FROM unnest(CAST(? AS text[]), CAST(? AS timestamptz[]), "
                + "CAST(? AS text[]), CAST(? AS jsonb[])) AS u(\"event_id\", \"time\", \"tenant_id\", "
                + "\"attributes\") ON CONFLICT (\"event_id\", \"time\") DO UPDATE SET "
                + "\"tenant_id\" = EXCLUDED.\"tenant_id\", \"attributes\" = EXCLUDED.\"attributes\", "
                + "\"ingested_at\" = EXCLUDED.\"ingested_at\"");
    }

    @Test
    void doesNothingWhenEveryColumnIsKeyOrWhenAsked() {
        assertThat(UpsertSink.<Row>into("oversight.budgets").key("tenant_id", "agent_id")
                .text("tenant_id", Row::tenant).text("agent_id", Row::id).sql())
                .endsWith("ON CONFLICT (\"tenant_id\", \"agent_id\") DO NOTHING");
        assertThat(UpsertSink.<Row>into("oversight.budgets").key("tenant_id").text("tenant_id", Row::tenant)
                .bigint("daily_budget_eur", Row::count).onConflictDoNothing().sql())
                .endsWith("DO NOTHING");
    }

    @Test
    void textArraysTravelAsOneLiteralPerRowAndAreCastBack() {
        String sql = UpsertSink.<Row>into("oversight.t").key("id").text("id", Row::id)
                .textArray("tags", r -> java.util.List.of()).sql();
        assertThat(sql).contains("SELECT u.\"id\", CAST(u.\"tags\" AS text[]) FROM unnest(CAST(? AS text[]), "
                + "CAST(? AS text[]))");
        assertThat(SqlColumnType.TEXT_ARRAY.text(java.util.Arrays.asList("a", "b \"c\" \\d", null, "")))
                .isEqualTo("{\"a\",\"b \\\"c\\\" \\\\d\",NULL,\"\"}");
        assertThat(SqlColumnType.TEXT_ARRAY.text(java.util.List.of())).isEqualTo("{}");
    }

    @Test
    void valuesBecomeTheTextPostgresParses() {
        assertThat(SqlColumnType.NUMERIC.text(new java.math.BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(SqlColumnType.DOUBLE_PRECISION.text(Double.NaN)).isEqualTo("NaN");
        assertThat(SqlColumnType.BOOLEAN.text(Boolean.FALSE)).isEqualTo("false");
        assertThat(SqlColumnType.INTEGER.text(7L)).isEqualTo("7");
        // microseconds, as PostgreSQL stores them, rounded half up
        assertThat(SqlColumnType.TIMESTAMPTZ.text(Instant.parse("2026-03-01T10:00:00.123456499Z")))
                .isEqualTo("2026-03-01T10:00:00.123456Z");
        assertThat(SqlColumnType.TIMESTAMPTZ.text(Instant.parse("2026-03-01T10:00:00.999999500Z")))
                .isEqualTo("2026-03-01T10:00:01Z");
    }

    record Money(String id, java.math.BigDecimal amount, Instant at, long version) {}

    @Test
    void theBufferKeepsOneRowPerKeyAsPostgresComparesKeys() {
        UpsertBuffer<Money> last = new UpsertBuffer<>(moneySink().statement());
        Instant at = Instant.parse("2026-03-01T10:00:00.000001Z");
        last.add(new Money("a", new java.math.BigDecimal("1.0"), at, 1));
        last.add(new Money("a", new java.math.BigDecimal("1.00"), at.plusNanos(200), 2)); // same numeric, same µs
        last.add(new Money("b", java.math.BigDecimal.ONE, at, 3));
        last.add(new Money("a", java.math.BigDecimal.ONE, at, 4));
        assertThat(last.rows()).extracting(Money::version).containsExactly(4L, 3L);

        UpsertBuffer<Money> first = new UpsertBuffer<>(moneySink().onConflictDoNothing().statement());
        first.add(new Money("a", java.math.BigDecimal.ONE, at, 1));
        first.add(new Money("a", java.math.BigDecimal.ONE, at, 2));
        assertThat(first.rows()).extracting(Money::version).containsExactly(1L);
        first.clear();
        assertThat(first.isEmpty()).isTrue();
    }

    @Test
    void aNullKeyIsRefusedWithoutQuotingTheRecord() {
        UpsertBuffer<Money> buffer = new UpsertBuffer<>(moneySink().statement());
        assertThatThrownBy(() -> buffer.add(new Money("jane.doe@example.com", null, Instant.EPOCH, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Key column 'amount' of oversight.t is null in a Money")
                .hasMessageNotContaining("jane.doe");
    }

    @Test
    void errorTextKeepsIdentifiersAndWithholdsValues() {
        java.sql.SQLException error = new java.sql.SQLException(
                "invalid input syntax for type bigint: \"jane\" in column \"requests\"\n  Detail: Key (a)=(x)", "22P02");
        String text = SqlErrorText.describe(error, java.util.Set.of("requests"));
        assertThat(text).isEqualTo("SQLState 22P02: invalid input syntax for type bigint: <value withheld> "
                + "in column \"requests\"");
    }

    private static UpsertSink.Builder<Money> moneySink() {
        return UpsertSink.<Money>into("oversight.t").key("id", "amount", "at")
                .text("id", Money::id).numeric("amount", Money::amount).timestamptz("at", Money::at)
                .bigint("version", Money::version);
    }

    @Test
    void refusesIncompleteOrUnsafeDefinitions() {
        assertThatThrownBy(() -> UpsertSink.<Row>into("agent_events"))
                .hasMessageContaining("schema.table");
        assertThatThrownBy(() -> UpsertSink.<Row>into("oversight.agent_events").text("event_id", Row::id).sql())
                .hasMessageContaining("has no key");
        assertThatThrownBy(() -> UpsertSink.<Row>into("oversight.agent_events").key("event_id", "time")
                .text("event_id", Row::id).sql())
                .hasMessageContaining("'time'").hasMessageContaining("has no value");
        assertThatThrownBy(() -> UpsertSink.<Row>into("oversight.t").text("a", Row::id).text("a", Row::tenant))
                .hasMessageContaining("mapped twice");
        assertThatThrownBy(() -> UpsertSink.<Row>into("oversight.t").text("a\"; DROP TABLE x; --", Row::id))
                .hasMessageContaining("snake_case");
        assertThatThrownBy(() -> UpsertSink.<Row>into("oversight.t").batchSize(0))
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> UpsertSink.<Row>into("oversight.t").key("id").text("id", Row::id).build(null))
                .hasMessageContaining("JdbcConnection");
    }
}
