package org.openclaw.oversight.connectors.timescale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
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
        // text that array literals must escape, and the word NULL, which must stay a string
        String awkward = "a \"quoted\", {odd} \\ back\nslash";
        EventRow row = new EventRow("e-1", time, awkward, 1234L, 0.75, true,
                java.util.Arrays.asList("EMAIL", "IBAN", awkward, "NULL", null, ""),
                "{\"region\": \"eu\", \"n\": 1}", new BigDecimal("0.000123456"), "NULL");
        EventRow sparse = new EventRow("e-2", time, "", 0L, null, null, List.of(), "{}", BigDecimal.ZERO, null);

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
        try (UpsertBatchWriter<EventRow> writer = writer(statement, 0)) {
            writer.write(List.of(row, sparse));
        }
        try (Connection connection = db.open(); Statement query = connection.createStatement();
                ResultSet result = query.executeQuery("SELECT * FROM oversight.agent_events ORDER BY event_id")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getObject("time", OffsetDateTime.class).toInstant()).isEqualTo(time);
            assertThat(result.getLong("input_tokens")).isEqualTo(1234L);
            assertThat(result.getDouble("quality_score")).isEqualTo(0.75);
            assertThat(result.getBoolean("tool_success")).isTrue();
            Array pii = result.getArray("pii_types");
            assertThat((Object[]) pii.getArray()).containsExactly("EMAIL", "IBAN", awkward, "NULL", null, "");
            assertThat(result.getString("tenant_id")).isEqualTo(awkward);
            assertThat(result.getString("attributes")).isEqualTo("{\"n\": 1, \"region\": \"eu\"}");
            assertThat(result.getBigDecimal("cost_eur")).isEqualByComparingTo("0.000123456");
            assertThat(result.getString("error_type")).isEqualTo("NULL");

            assertThat(result.next()).isTrue();
            assertThat(result.getString("tenant_id")).isEmpty();
            assertThat(result.getString("error_type")).isNull();
            assertThat(result.getObject("quality_score")).isNull();
            assertThat(result.getObject("tool_success")).isNull();
            assertThat((Object[]) result.getArray("pii_types").getArray()).isEmpty();
            assertThat(result.next()).isFalse();
        }
    }

    @Test
    void theSameKeyTwiceInOneBatchWritesTheLastValue() throws Exception {
        UpsertStatement<MetricRow> statement = metricsSink().statement();
        MetricRow first = new MetricRow(BASE, "t", "a", "m", 1, BigDecimal.ONE, 1.0);
        MetricRow second = new MetricRow(BASE, "t", "a", "m", 2, BigDecimal.TEN, 2.0);
        UpsertBuffer<MetricRow> buffer = new UpsertBuffer<>(statement);
        for (MetricRow row : List.of(first, second, first, second)) {
            buffer.add(row);
        }
        assertThat(buffer.size()).isEqualTo(1);
        try (UpsertBatchWriter<MetricRow> writer = writer(statement, 0)) {
            writer.write(buffer.rows());
            // without the buffer PostgreSQL refuses the statement: it may not update a row twice
            assertThatThrownBy(() -> writer.write(List.of(first, second)))
                    .hasMessageContaining("SQLState 21000");
        }
        assertThat(readRequests()).containsExactly(Map.entry("t/a/m@" + BASE, 2L));
    }

    @Test
    void doNothingKeepsTheFirstValue() throws Exception {
        UpsertStatement<MetricRow> statement = metricsSink().onConflictDoNothing().statement();
        UpsertBuffer<MetricRow> buffer = new UpsertBuffer<>(statement);
        try (UpsertBatchWriter<MetricRow> writer = writer(statement, 0)) {
            for (long requests = 1; requests <= 3; requests++) {
                buffer.add(new MetricRow(BASE, "t", "a", "", requests, BigDecimal.ONE, null));
            }
            writer.write(buffer.rows());
            buffer.clear();
            buffer.add(new MetricRow(BASE, "t", "a", "", 9, BigDecimal.ONE, null)); // a later flush
            writer.write(buffer.rows());
        }
        assertThat(readRequests()).containsExactly(Map.entry("t/a/@" + BASE, 1L));
    }

    @Test
    void failedWritesNeverCarryRowValuesIntoErrorMessages() throws Exception {
        record Leaky(String id, String attributes) {}
        UpsertStatement<Leaky> wrongType = UpsertSink.<Leaky>into("oversight.budgets")
                .key("tenant_id", "agent_id")
                .text("tenant_id", Leaky::id)
                .text("agent_id", r -> "*")
                .jsonb("daily_budget_eur", Leaky::attributes) // wrong type on purpose: the server rejects it
                .statement();
        // values the server itself quotes: invalid JSON (DETAIL/CONTEXT) and a NOT NULL violation
        // ("Failing row contains (...)")
        UpsertStatement<Leaky> badJson = eventsWithAttributes(r -> "acme", Leaky::attributes);
        UpsertStatement<Leaky> nullTenant = eventsWithAttributes(r -> null, r -> "{}");
        Leaky leaky = new Leaky("jane.doe@example.com", "{\"iban\": \"DE89370400440532013000\"");
        for (UpsertStatement<Leaky> statement : List.of(wrongType, badJson, nullTenant)) {
            try (UpsertBatchWriter<Leaky> writer = writer(statement, 1)) {
                assertThatThrownBy(() -> writer.write(List.of(leaky))).satisfies(e -> {
                    assertThat(e.getMessage()).contains(statement.table()).contains("1 rows").contains("SQLState");
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("jane.doe").doesNotContain("DE89");
                    }
                });
            }
        }
        assertThatThrownBy(() -> new UpsertBuffer<>(wrongType).add(new Leaky(null, "{\"iban\": \"DE89\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Key column 'tenant_id'")
                .hasMessageNotContaining("DE89");
    }

    @Test
    void aFlushLargerThanOneStatementLandsInOneTransaction() throws Exception {
        List<MetricRow> rows = version(1).subList(0, 200); // 2.5 statements of 80 rows
        UpsertStatement<MetricRow> statement = metricsSink().statement();
        try (UpsertBatchWriter<MetricRow> writer = new UpsertBatchWriter<>(statement, db, 80, 0, Duration.ZERO)) {
            // a bad row in the third statement: the first two are rolled back with it
            List<MetricRow> badTail = new ArrayList<>(rows);
            MetricRow last = rows.get(199);
            badTail.set(199, new MetricRow(last.bucket(), last.tenant(), last.agent(), last.model(), 1, null, null));
            assertThatThrownBy(() -> writer.write(badTail)).hasMessageContaining("SQLState 23502");
            assertThat(readRequests()).isEmpty();

            writer.write(rows);
        }
        Map<String, Long> requests = readRequests();
        assertThat(requests).hasSize(200);
        rows.forEach(row -> assertThat(requests).containsEntry(key(row), row.requests()));
    }

    @Test
    void theIntervalFlushesWithoutCheckpointsOrAFullBatch() throws Exception {
        List<MetricRow> input = version(1);
        Gate.closeAfter(100);
        UpsertSink<MetricRow> sink = metricsSink().batchSize(1_000_000).flushInterval(Duration.ofMillis(200)).build(db);
        JobClient job = startGated(input, sink, PARALLELISM);
        try {
            Gate.awaitReached();
            long gateClosedAt = System.nanoTime();
            awaitRowCount(100, Duration.ofSeconds(20));
            assertThat(Duration.ofNanos(System.nanoTime() - gateClosedAt)).isLessThan(Duration.ofSeconds(5));
        } finally {
            Gate.open();
        }
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertLastVersionWritten(1);
    }

    @Test
    void aFullBatchFlushesWithoutCheckpointsOrTimer() throws Exception {
        List<MetricRow> input = version(1);
        Gate.closeAfter(120);
        UpsertSink<MetricRow> sink = metricsSink().batchSize(50).flushInterval(Duration.ZERO).build(db);
        JobClient job = startGated(input, sink, 1);
        try {
            Gate.awaitReached();
            awaitRowCount(100, Duration.ofSeconds(20)); // two full batches; 20 rows wait for the next
            assertThat(readRequests()).hasSize(100);
        } finally {
            Gate.open();
        }
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertLastVersionWritten(1); // the end of input wrote the rest
    }

    @Test
    void aKilledConnectionIsReplacedAndTheRowsLandOnce() throws Exception {
        List<MetricRow> input = new ArrayList<>(version(1));
        input.addAll(version(2));
        Gate.closeAfter(KEYS);
        UpsertSink<MetricRow> sink = metricsSink().batchSize(1_000_000).flushInterval(Duration.ofMillis(100))
                .maxRetries(3).build(db);
        JobClient job = startGated(input, sink, PARALLELISM);
        int killed;
        try {
            Gate.awaitReached();
            awaitRowCount(KEYS, Duration.ofSeconds(20));
            try (Connection connection = db.open(); Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) "
                            + "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                            + "AND backend_type = 'client backend' AND query = 'COMMIT'")) {
                result.next();
                killed = result.getInt(1);
            }
        } finally {
            Gate.open();
        }
        // no restart strategy: success means the writers reconnected and retried by themselves
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertThat(killed).as("sink connections terminated").isEqualTo(PARALLELISM);
        assertLastVersionWritten(2);
    }

    @Test
    void theEndOfInputWaitsForTheBatchInFlight() throws Exception {
        // 13 does not divide 240: every subtask ends with a batch in flight and a partial buffer
        List<MetricRow> input = new ArrayList<>(version(1));
        input.addAll(version(2));
        UpsertSink<MetricRow> sink = metricsSink().batchSize(13).flushInterval(Duration.ZERO).build(db);
        Gate.closeAfter(Integer.MAX_VALUE);
        startGated(input, sink, PARALLELISM).getJobExecutionResult().get(60, TimeUnit.SECONDS);
        // no polling: the job's end means every row is committed
        assertLastVersionWritten(2);
    }

    @Test
    void aFailedBackgroundWriteFailsTheJobWithoutRowValues() throws Exception {
        List<MetricRow> input = new ArrayList<>(version(1));
        MetricRow first = input.get(0);
        // cost_eur is NOT NULL: the first batch of its subtask fails in the writer thread
        input.set(0, new MetricRow(first.bucket(), "jane.doe@example.com", first.agent(), first.model(), 1, null,
                null));
        UpsertSink<MetricRow> sink = metricsSink().batchSize(10).flushInterval(Duration.ZERO).maxRetries(2)
                .build(db);
        Gate.closeAfter(Integer.MAX_VALUE);
        JobClient job = startGated(input, sink, PARALLELISM);
        assertThatThrownBy(() -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS)).satisfies(e -> {
            Throwable upsert = e;
            while (upsert != null && !String.valueOf(upsert.getMessage()).startsWith("Upsert of")) {
                upsert = upsert.getCause();
            }
            assertThat(upsert).as("the upsert failure in the cause chain of %s", e).isNotNull();
            assertThat(upsert).isInstanceOf(IOException.class);
            assertThat(upsert.getMessage()).contains("oversight.agent_metrics_1m").contains("SQLState 23502")
                    .contains("after 1 attempt(s)");
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain("jane.doe");
            }
        });
    }

    @Test
    void aCompletedCheckpointMeansItsRowsAreCommitted() throws Exception {
        List<MetricRow> input = distinctRows(3_000);
        CountAtCheckpoints.reset(db);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration noRestart = new Configuration();
        noRestart.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        env.configure(noRestart);
        env.setParallelism(1);
        env.enableCheckpointing(50);
        // source -> counter -> sink, one chained task: what the counter passed before a barrier reached the sink
        // before it; small batches keep one in flight most of the time
        env.fromData(input, TypeInformation.of(MetricRow.class)).name("rows")
                .map(new CountAtCheckpoints()).name("count at checkpoints")
                .sinkTo(metricsSink().batchSize(20).flushInterval(Duration.ZERO).build(db))
                .name("upsert agent_metrics_1m");
        env.execute("checkpoint waits for the batch in flight");

        List<long[]> seen = CountAtCheckpoints.OBSERVED;
        assertThat(seen).as("checkpoints completed while rows were flowing")
                .anySatisfy(s -> assertThat(s[0]).isBetween(1L, input.size() - 1L));
        for (long[] s : seen) {
            assertThat(s[1]).as("rows in the table when the checkpoint that passed %d records completed", s[0])
                    .isGreaterThanOrEqualTo(s[0]);
        }
        assertThat(readRequests()).hasSize(input.size());
    }

    /**
     * Remembers how many records it passed at each checkpoint and, when that checkpoint completes,
     * how many rows the table holds. Slow (1 ms per record) until three checkpoints completed, so
     * checkpoints happen mid-stream.
     */
    static final class CountAtCheckpoints implements MapFunction<MetricRow, MetricRow>, CheckpointedFunction,
            CheckpointListener {
        static final List<long[]> OBSERVED = new CopyOnWriteArrayList<>();
        static final Map<Long, Long> PASSED_AT = new ConcurrentHashMap<>();
        static final AtomicInteger PASSED = new AtomicInteger();
        static volatile JdbcConnection database;

        static void reset(JdbcConnection db) {
            OBSERVED.clear();
            PASSED_AT.clear();
            PASSED.set(0);
            database = db;
        }

        @Override
        public MetricRow map(MetricRow row) throws Exception {
            if (OBSERVED.size() < 3) {
                Thread.sleep(1); // simulated processing time, so that checkpoints fall mid-stream
            }
            PASSED.incrementAndGet();
            return row;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            PASSED_AT.put(context.getCheckpointId(), (long) PASSED.get());
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            Long passed = PASSED_AT.get(checkpointId);
            if (passed == null) {
                return;
            }
            try (Connection connection = database.open(); Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT count(*) FROM oversight.agent_metrics_1m")) {
                row.next();
                OBSERVED.add(new long[] {passed, row.getLong(1)});
            }
        }
    }

    private static List<MetricRow> distinctRows(int count) {
        List<MetricRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new MetricRow(BASE, "tenant-" + (i % 7), "agent-" + i, "m", i, BigDecimal.ONE, 1.0));
        }
        return rows;
    }

    private <T> UpsertBatchWriter<T> writer(UpsertStatement<T> statement, int maxRetries) {
        return new UpsertBatchWriter<>(statement, db, UpsertSink.DEFAULT_ROWS_PER_STATEMENT, maxRetries,
                Duration.ofMillis(10));
    }

    private static <T> UpsertStatement<T> eventsWithAttributes(ColumnValue<T, String> tenant,
            ColumnValue<T, String> attributes) {
        return UpsertSink.<T>into("oversight.agent_events")
                .key("event_id", "time")
                .text("event_id", r -> "jane.doe@example.com")
                .timestamptz("time", r -> BASE)
                .text("tenant_id", tenant)
                .text("agent_id", r -> "DE89370400440532013000")
                .text("trace_id", r -> "trace")
                .text("span_id", r -> "span")
                .text("kind", r -> "LLM_CALL")
                .text("status", r -> "OK")
                .jsonb("attributes", attributes)
                .statement();
    }

    /** Runs input -> gate (parallelism 1) -> keyBy -> sink without checkpoints or restarts. */
    private JobClient startGated(List<MetricRow> input, UpsertSink<MetricRow> sink, int sinkParallelism)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration noRestart = new Configuration();
        noRestart.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        env.configure(noRestart);
        env.setParallelism(PARALLELISM);
        env.fromData(input, TypeInformation.of(MetricRow.class)).setParallelism(1).name("rows")
                .map(new Gate()).setParallelism(1).name("gate")
                .keyBy(r -> r.bucket() + "/" + r.tenant() + "/" + r.agent() + "/" + r.model())
                .sinkTo(sink).setParallelism(sinkParallelism).name("upsert agent_metrics_1m");
        return env.executeAsync("gated upsert sink test");
    }

    private void awaitRowCount(int rows, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            seen = readRequests().size();
            if (seen >= rows) {
                return;
            }
            Thread.sleep(20); // polling interval of a condition with a deadline
        }
        throw new AssertionError("expected " + rows + " rows within " + timeout + ", saw " + seen);
    }

    /** Passes the first n records, then holds the stream until {@link #open()} — the job neither ends nor checkpoints. */
    static final class Gate implements MapFunction<MetricRow, MetricRow> {
        static final AtomicInteger PASS = new AtomicInteger();
        static final AtomicInteger SEEN = new AtomicInteger();
        static final AtomicBoolean OPEN = new AtomicBoolean();
        static final AtomicBoolean REACHED = new AtomicBoolean();

        static void closeAfter(int records) {
            PASS.set(records);
            SEEN.set(0);
            OPEN.set(false);
            REACHED.set(false);
        }

        static void open() {
            OPEN.set(true);
        }

        static void awaitReached() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!REACHED.get()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the gate was not reached within 60 s");
                }
                Thread.sleep(10); // polling interval of a condition with a deadline
            }
        }

        @Override
        public MetricRow map(MetricRow row) throws Exception {
            if (SEEN.incrementAndGet() > PASS.get() && !OPEN.get()) {
                REACHED.set(true);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!OPEN.get() && System.nanoTime() < deadline) {
                    Thread.sleep(10); // polling interval of a condition with a deadline
                }
            }
            return row;
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
