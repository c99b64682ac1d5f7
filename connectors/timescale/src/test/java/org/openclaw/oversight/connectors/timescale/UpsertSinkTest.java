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
                + "\"attributes\", \"ingested_at\") VALUES (?, ?, ?, CAST(? AS jsonb), now()) "
                + "ON CONFLICT (\"event_id\", \"time\") DO UPDATE SET \"tenant_id\" = EXCLUDED.\"tenant_id\", "
                + "\"attributes\" = EXCLUDED.\"attributes\", \"ingested_at\" = EXCLUDED.\"ingested_at\"");
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
    }
}
