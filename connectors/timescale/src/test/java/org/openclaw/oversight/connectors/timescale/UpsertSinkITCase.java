package org.openclaw.oversight.connectors.timescale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;

@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpsertSinkITCase {

    private static final int PARALLELISM = 2;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .build());

    /** One aggregate row; (bucket, tenant, agent, model) is its key, version says which write it is. */
    public record MetricRow(Instant bucket, String tenant, String agent, String model, long requests,
            BigDecimal costEur, Double latencyP95Ms) {}

    private static final Instant BASE = Instant.parse("2026-03-01T10:00:00Z");
    private static final int KEYS = 240; // 4 buckets x 6 tenants x 10 agents

    private JdbcConnection db;

    @BeforeAll
    void migrate(LocalPostgres postgres) {
        String url = postgres.createDatabase("ts_upsert_it");
        db = new JdbcConnection(url, postgres.user(), postgres.password());
        DatabaseMigrations.migrate(db);
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection connection = db.open(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE oversight.agent_metrics_1m, oversight.agent_events");
        }
    }

    @Test
    void duplicatesAndReplaysLeaveOneRowPerKeyWithTheLastValue() throws Exception {
        // versions 1..3 of every key, then version 3 again (a replay); all in one batch per subtask
        List<MetricRow> input = new ArrayList<>();
        for (int version = 1; version <= 3; version++) {
            input.addAll(version(version));
        }
        input.addAll(version(3));

        runPipeline(input, metricsSink().batchSize(2_000).build(db), null);
        assertLastVersionWritten(3);

        // the whole job again, as after a restart without checkpoint: nothing changes
        runPipeline(input, metricsSink().batchSize(7).build(db), null);
        assertLastVersionWritten(3);
    }

    @Test
    void aFailureMidStreamReplaysWithoutDoubleRows() throws Exception {
        List<MetricRow> input = new ArrayList<>();
        for (int version = 1; version <= 4; version++) {
            input.addAll(version(version));
        }
        FailOnce.reset();

        runPipeline(input, metricsSink().batchSize(50).flushInterval(Duration.ofMillis(50)).build(db),
                new FailOnce(input.size() / 2, db));

        assertThat(FailOnce.FAILED.get()).as("the injected failure happened").isTrue();
        assertThat(FailOnce.SEEN.get()).as("records were replayed after the restart").isGreaterThan(input.size());
        assertLastVersionWritten(4);
    }

    @Test
    void everyColumnTypeRoundTrips() throws Exception {
        record EventRow(String id, Instant time, String tenant, long inputTokens, Double quality, Boolean toolSuccess,
                List<String> piiTypes, String attributes, BigDecimal cost, String errorType) {}
        Instant time = Instant.parse("2026-03-01T10:15:30.123456Z");
        EventRow row = new EventRow("e-1", time, "acme", 1234L, 0.75, true, List.of("EMAIL", "IBAN"),
                "{\"region\": \"eu\", \"n\": 1}", new BigDecimal("0.000123456"), null);
        EventRow sparse = new EventRow("e-2", time, "acme", 0L, null, null, List.of(), "{}", BigDecimal.ZERO, null);

        try (Connection connection = db.open()) {
            UpsertStatement<EventRow> statement = UpsertSink.<EventRow>into("oversight.agent_events")
                    .key("event_id", "time")
                    .text("event_id", EventRow::id)
                    .timestamptz("time", EventRow::time)
                    .text("tenant_id", EventRow::tenant)
                    .text("agent_id", r -> "support-bot")
                    .text("trace_id", r -> "trace")
                    .text("span_id", EventRow::id)
                    .text("kind", r -> "LLM_CALL")
                    .text("status", r -> "OK")
                    .bigint("input_tokens", EventRow::inputTokens)
                    .doublePrecision("quality_score", EventRow::quality)
                    .bool("tool_success", EventRow::toolSuccess)
                    .textArray("pii_types", EventRow::piiTypes)
                    .jsonb("attributes", EventRow::attributes)
                    .numeric("cost_eur", EventRow::cost)
                    .text("error_type", EventRow::errorType)
                    .statement();
            try (PreparedStatement insert = connection.prepareStatement(statement.query())) {
                statement.statement(insert, row);
                insert.addBatch();
                statement.statement(insert, sparse);
                insert.addBatch();
                insert.executeBatch();
            }
            try (Statement query = connection.createStatement(); ResultSet result = query.executeQuery(
                    "SELECT * FROM oversight.agent_events ORDER BY event_id")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getObject("time", OffsetDateTime.class).toInstant()).isEqualTo(time);
                assertThat(result.getLong("input_tokens")).isEqualTo(1234L);
                assertThat(result.getDouble("quality_score")).isEqualTo(0.75);
                assertThat(result.getBoolean("tool_success")).isTrue();
                Array pii = result.getArray("pii_types");
                assertThat((Object[]) pii.getArray()).containsExactly("EMAIL", "IBAN");
                assertThat(result.getString("attributes")).isEqualTo("{\"n\": 1, \"region\": \"eu\"}");
                assertThat(result.getBigDecimal("cost_eur")).isEqualByComparingTo("0.000123456");
                assertThat(result.getString("error_type")).isNull();

                assertThat(result.next()).isTrue();
                assertThat(result.getObject("quality_score")).isNull();
                assertThat(result.getObject("tool_success")).isNull();
                assertThat((Object[]) result.getArray("pii_types").getArray()).isEmpty();
                assertThat(result.next()).isFalse();
            }
        }
    }

    @Test
    void theSameKeyTwiceInOneJdbcBatchDoesNotFail() throws Exception {
        UpsertStatement<MetricRow> statement = metricsSink().statement();
        MetricRow first = new MetricRow(BASE, "t", "a", "m", 1, BigDecimal.ONE, 1.0);
        MetricRow second = new MetricRow(BASE, "t", "a", "m", 2, BigDecimal.TEN, 2.0);
        try (Connection connection = db.open();
                PreparedStatement insert = connection.prepareStatement(statement.query())) {
            for (MetricRow row : List.of(first, second, first, second)) {
                statement.statement(insert, row);
                insert.addBatch();
            }
            assertThat(insert.executeBatch()).hasSize(4);
        }
        assertThat(readRequests()).containsExactly(Map.entry("t/a/m@" + BASE, 2L));
    }

    @Test
    void doNothingKeepsTheFirstValue() throws Exception {
        UpsertStatement<MetricRow> statement = metricsSink().onConflictDoNothing().statement();
        try (Connection connection = db.open();
                PreparedStatement insert = connection.prepareStatement(statement.query())) {
            for (long requests = 1; requests <= 3; requests++) {
                statement.statement(insert, new MetricRow(BASE, "t", "a", "", requests, BigDecimal.ONE, null));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        assertThat(readRequests()).containsExactly(Map.entry("t/a/@" + BASE, 1L));
    }

    @Test
    void failedWritesNeverCarryRowValuesIntoErrorMessages() throws Exception {
        record Leaky(String id, String attributes) {}
        UpsertStatement<Leaky> statement = UpsertSink.<Leaky>into("oversight.budgets")
                .key("tenant_id", "agent_id")
                .text("tenant_id", Leaky::id)
                .text("agent_id", r -> "*")
                .jsonb("daily_budget_eur", Leaky::attributes) // wrong type on purpose: the server rejects it
                .statement();
        try (Connection connection = db.open();
                PreparedStatement insert = connection.prepareStatement(statement.query())) {
            statement.statement(insert, new Leaky("jane.doe@example.com", "{\"iban\": \"DE89370400440532013000\"}"));
            insert.addBatch();
            assertThatThrownBy(insert::executeBatch).satisfies(e -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain("jane.doe").doesNotContain("DE89");
                }
            });
        }
        try (Connection connection = db.open();
                PreparedStatement insert = connection.prepareStatement(statement.query())) {
            assertThatThrownBy(() -> statement.statement(insert, new Leaky(null, "{\"iban\": \"DE89\"}")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Key column 'tenant_id'")
                    .hasMessageNotContaining("DE89");
        }
    }

    private static UpsertSink.Builder<MetricRow> metricsSink() {
        return UpsertSink.<MetricRow>into("oversight.agent_metrics_1m")
                .key("bucket", "tenant_id", "agent_id", "model")
                .timestamptz("bucket", MetricRow::bucket)
                .text("tenant_id", MetricRow::tenant)
                .text("agent_id", MetricRow::agent)
                .text("model", MetricRow::model)
                .bigint("requests", MetricRow::requests)
                .numeric("cost_eur", MetricRow::costEur)
                .doublePrecision("latency_p95_ms", MetricRow::latencyP95Ms)
                .now("updated_at");
    }

    private static List<MetricRow> version(int version) {
        List<MetricRow> rows = new ArrayList<>();
        int i = 0;
        for (int bucket = 0; bucket < 4; bucket++) {
            for (int tenant = 0; tenant < 6; tenant++) {
                for (int agent = 0; agent < 10; agent++) {
                    rows.add(new MetricRow(BASE.plusSeconds(60L * bucket), "tenant-" + tenant, "agent-" + agent,
                            "claude-haiku-4.5", version * 1000L + i, BigDecimal.valueOf(version, 3),
                            version * 10.0));
                    i++;
                }
            }
        }
        return rows;
    }

    private void runPipeline(List<MetricRow> input, org.apache.flink.api.connector.sink2.Sink<MetricRow> sink,
            MapFunction<MetricRow, MetricRow> failure) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        env.configure(restart);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(200);
        var stream = env.fromData(input, TypeInformation.of(MetricRow.class)).setParallelism(1).name("rows");
        if (failure != null) {
            stream = stream.map(failure).setParallelism(1).name("fail once");
        }
        // one subtask per key, so "last written" is the last in input order
        stream.keyBy(r -> r.bucket() + "/" + r.tenant() + "/" + r.agent() + "/" + r.model())
                .sinkTo(sink).name("upsert agent_metrics_1m").uid("upsert-agent-metrics-1m");
        env.execute("upsert sink test");
    }

    private void assertLastVersionWritten(int version) throws SQLException {
        Map<String, Long> requests = readRequests();
        assertThat(requests).hasSize(KEYS);
        List<MetricRow> expected = version(version);
        for (MetricRow row : expected) {
            assertThat(requests).containsEntry(key(row), row.requests());
        }
        try (Connection connection = db.open(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*), min(cost_eur), max(latency_p95_ms), "
                        + "count(updated_at) FROM oversight.agent_metrics_1m")) {
            result.next();
            assertThat(result.getLong(1)).isEqualTo(KEYS);
            assertThat(result.getBigDecimal(2)).isEqualByComparingTo(BigDecimal.valueOf(version, 3));
            assertThat(result.getDouble(3)).isEqualTo(version * 10.0);
            assertThat(result.getLong(4)).isEqualTo(KEYS);
        }
    }

    private Map<String, Long> readRequests() throws SQLException {
        Map<String, Long> requests = new HashMap<>();
        try (Connection connection = db.open(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT bucket, tenant_id, agent_id, model, requests FROM oversight.agent_metrics_1m")) {
            while (row.next()) {
                requests.put(row.getString(2) + "/" + row.getString(3) + "/" + row.getString(4) + "@"
                        + row.getObject(1, OffsetDateTime.class).toInstant(), row.getLong(5));
            }
        }
        return requests;
    }

    private static String key(MetricRow row) {
        return row.tenant() + "/" + row.agent() + "/" + row.model() + "@" + row.bucket();
    }

    /**
     * Throws once at the {@code failAt}-th record, but only after the sink has written rows, so
     * the restart really replays records over rows that already exist.
     */
    static final class FailOnce implements MapFunction<MetricRow, MetricRow> {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicInteger SEEN = new AtomicInteger();

        private final int failAt;
        private final JdbcConnection db;

        FailOnce(int failAt, JdbcConnection db) {
            this.failAt = failAt;
            this.db = db;
        }

        static void reset() {
            FAILED.set(false);
            SEEN.set(0);
        }

        @Override
        public MetricRow map(MetricRow row) throws Exception {
            if (SEEN.incrementAndGet() >= failAt && !FAILED.get()) {
                awaitRowsWritten();
                FAILED.set(true);
                throw new IllegalStateException("injected failure after " + failAt + " records");
            }
            return row;
        }

        private void awaitRowsWritten() throws SQLException, InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                try (Connection connection = db.open(); Statement statement = connection.createStatement();
                        ResultSet row = statement.executeQuery("SELECT count(*) FROM oversight.agent_metrics_1m")) {
                    row.next();
                    if (row.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20); // polling interval of a condition with a deadline
            }
            throw new IllegalStateException("the sink wrote nothing within 30 s");
        }
    }
}
