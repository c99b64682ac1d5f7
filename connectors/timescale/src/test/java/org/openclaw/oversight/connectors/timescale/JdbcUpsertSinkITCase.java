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
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
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
/**
 * The semantics of {@link JdbcUpsertSink} (flink-connector-jdbc underneath) against a real
 * PostgreSQL, on a MiniCluster of parallelism 2: last value per key, replays without double rows,
 * every column type, checkpoints ⇒ committed rows, reconnects, and failures without row values
 * that fail the job but never the TaskManager.
 */
class JdbcUpsertSinkITCase {

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
        String url = postgres.createDatabase("ts_jdbc_upsert_it");
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

        UpsertQuery<EventRow> upsert = JdbcUpsertSink.<EventRow>into("oversight.agent_events")
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
                .query();
        // as the library runs it, one statement per row, and as pgjdbc rewrites it, one statement for both:
        // the same rows either way (the second write updates every column of both rows)
        executeBatch(upsert, List.of(row, sparse), false);
        executeBatch(upsert, List.of(row, sparse), true);
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
        UpsertQuery<MetricRow> query = metricsSink().query();
        MetricRow first = new MetricRow(BASE, "t", "a", "m", 1, BigDecimal.ONE, 1.0);
        MetricRow second = new MetricRow(BASE, "t", "a", "m", 2, BigDecimal.TEN, 2.0);
        // one statement per row, executed in order: the last one wins
        executeBatch(query, List.of(first, second, first, second), false);
        assertThat(readRequests()).containsExactly(Map.entry("t/a/m@" + BASE, 2L));
        // rewritten into one multi-row statement, PostgreSQL refuses it: it may not update a row twice
        assertThatThrownBy(() -> executeBatch(query, List.of(second, first), true))
                .satisfies(e -> assertThat(String.valueOf(JdbcUpsertWriter.sqlCause(e).getSQLState())).isEqualTo("21000"));
        assertThat(readRequests()).containsExactly(Map.entry("t/a/m@" + BASE, 2L));
    }

    @Test
    void rewrittenBatchesNeverHoldAKeyTwice() throws Exception {
        // versions 1..3 of every key in one stream: every batch of 2000 would repeat keys
        List<MetricRow> input = new ArrayList<>();
        for (int version = 1; version <= 3; version++) {
            input.addAll(version(version));
        }
        runPipeline(input, metricsSink().rewriteBatchedInserts().maxRetries(0).flushInterval(Duration.ZERO).build(db), null);
        assertLastVersionWritten(3);
    }

    @Test
    void doNothingKeepsTheFirstValue() throws Exception {
        UpsertQuery<MetricRow> query = metricsSink().onConflictDoNothing().query();
        List<MetricRow> batch = new ArrayList<>();
        for (long requests = 1; requests <= 3; requests++) {
            batch.add(new MetricRow(BASE, "t", "a", "", requests, BigDecimal.ONE, null));
        }
        executeBatch(query, batch, false);
        // a later batch, rewritten into one statement: DO NOTHING may meet a key twice there
        executeBatch(query, List.of(new MetricRow(BASE, "t", "a", "", 9, BigDecimal.ONE, null),
                new MetricRow(BASE, "t", "a", "", 10, BigDecimal.ONE, null)), true);
        assertThat(readRequests()).containsExactly(Map.entry("t/a/@" + BASE, 1L));
    }

    @Test
    void failedWritesNeverCarryRowValuesIntoErrorsOrLogs() throws Exception {
        JdbcUpsertSink<Leaky> wrongType = JdbcUpsertSink.<Leaky>into("oversight.budgets")
                .key("tenant_id", "agent_id")
                .text("tenant_id", Leaky::id)
                .text("agent_id", r -> "*")
                .jsonb("daily_budget_eur", Leaky::attributes) // wrong type on purpose: the server rejects it
                .maxRetries(1).build(db);
        // values the server itself quotes: invalid JSON (DETAIL/CONTEXT) and a NOT NULL violation
        // ("Failing row contains (...)")
        JdbcUpsertSink<Leaky> badJson = JdbcUpsertSinkITCase.<Leaky>eventsWithAttributes(r -> "acme", Leaky::attributes).maxRetries(1).build(db);
        JdbcUpsertSink<Leaky> nullTenant = JdbcUpsertSinkITCase.<Leaky>eventsWithAttributes(r -> null, r -> "{}").maxRetries(1).build(db);
        Leaky leaky = new Leaky("jane.doe@example.com", "{\"iban\": \"DE89370400440532013000\"");
        try (CapturedLog log = new CapturedLog()) {
            for (JdbcUpsertSink<Leaky> sink : List.of(wrongType, badJson, nullTenant)) {
                StreamExecutionEnvironment env = environmentWithoutRestarts(1);
                env.fromData(List.of(leaky), TypeInformation.of(Leaky.class)).name("leaky row")
                        .sinkTo(sink).name("upsert");
                assertThatThrownBy(() -> env.execute("leaky upsert")).satisfies(e -> {
                    Throwable upsert = upsertFailure(e);
                    assertThat(upsert.getMessage()).contains("oversight.").contains("SQLState")
                            .contains("after up to 2 attempt(s)");
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("jane.doe").doesNotContain("DE89");
                    }
                });
            }
            assertThat(log.text()).as("the library logged the failed attempts")
                    .contains("JDBC executeBatch error")
                    .contains("invalid input syntax for type json")
                    .contains("violates not-null constraint")
                    .doesNotContain("jane.doe").doesNotContain("DE89");
        }
        assertThatThrownBy(() -> JdbcUpsertSink.<Leaky>into("oversight.budgets").key("tenant_id", "agent_id")
                        .text("tenant_id", Leaky::id).text("agent_id", r -> "*").query()
                        .keyOf(new Leaky(null, "{\"iban\": \"DE89\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Key column 'tenant_id'")
                .hasMessageNotContaining("DE89");
    }

    public record Leaky(String id, String attributes) {}

    @Test
    void theIntervalFlushesWithoutCheckpointsOrAFullBatch() throws Exception {
        List<MetricRow> input = version(1);
        Gate.closeAfter(100);
        JdbcUpsertSink<MetricRow> sink = metricsSink().batchSize(1_000_000).flushInterval(Duration.ofMillis(200)).build(db);
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
        JdbcUpsertSink<MetricRow> sink = metricsSink().batchSize(50).flushInterval(Duration.ZERO).build(db);
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
        JdbcUpsertSink<MetricRow> sink = metricsSink().batchSize(1_000_000).flushInterval(Duration.ofMillis(100))
                .maxRetries(3).build(db);
        JobClient job = startGated(input, sink, PARALLELISM);
        int killed;
        try {
            Gate.awaitReached();
            awaitRowCount(KEYS, Duration.ofSeconds(20));
            try (Connection connection = db.open(); Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) "
                            + "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                            + "AND backend_type = 'client backend' AND application_name = 'openclaw-oversight' "
                            + "AND query LIKE 'INSERT INTO oversight.agent_metrics_1m %'")) {
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
    void theEndOfInputWritesThePartialBatch() throws Exception {
        // 13 does not divide 240: every subtask ends with a partial batch
        List<MetricRow> input = new ArrayList<>(version(1));
        input.addAll(version(2));
        JdbcUpsertSink<MetricRow> sink = metricsSink().batchSize(13).flushInterval(Duration.ZERO).build(db);
        Gate.closeAfter(Integer.MAX_VALUE);
        startGated(input, sink, PARALLELISM).getJobExecutionResult().get(60, TimeUnit.SECONDS);
        // no polling: the job's end means every row is committed
        assertLastVersionWritten(2);
    }

    @Test
    void aPermanentWriteErrorFailsTheJobButNotTheTaskManager(@InjectMiniCluster MiniCluster cluster) throws Exception {
        List<MetricRow> input = new ArrayList<>(version(1));
        MetricRow first = input.get(0);
        // cost_eur is NOT NULL: the batch of its subtask fails however often it is retried
        input.set(0, new MetricRow(first.bucket(), "jane.doe@example.com", first.agent(), first.model(), 1, null,
                null));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration restartOnce = new Configuration();
        restartOnce.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restartOnce.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        restartOnce.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        env.configure(restartOnce);
        env.setParallelism(PARALLELISM);
        // the timer flushes while more records arrive, and the full batch of 10 flushes in write():
        // both ways of failing in the library
        env.fromData(input, TypeInformation.of(MetricRow.class)).setParallelism(1).name("rows")
                .keyBy(r -> r.bucket() + "/" + r.tenant() + "/" + r.agent() + "/" + r.model())
                .sinkTo(metricsSink().batchSize(10).flushInterval(Duration.ofMillis(50)).maxRetries(2).build(db))
                .name("upsert agent_metrics_1m");
        long started = System.nanoTime();
        JobClient job = env.executeAsync("permanent write error");
        assertThatThrownBy(() -> job.getJobExecutionResult().get(120, TimeUnit.SECONDS)).satisfies(e -> {
            Throwable upsert = upsertFailure(e);
            assertThat(upsert.getMessage()).contains("oversight.agent_metrics_1m").contains("SQLState 23502")
                    .contains("after up to 3 attempt(s)").contains("Retrying cannot fix this");
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain("jane.doe");
            }
        });
        Duration failedAfter = Duration.ofNanos(System.nanoTime() - started);

        // the TaskManager is still there and runs the next job (the library's close() alone would have
        // failed the task's clean-up, and Flink shuts the TaskManager down for that)
        assertThat(cluster.getResourceOverview().get(10, TimeUnit.SECONDS).getNumberTaskManagers())
                .as("task managers after the failed job (it failed after %s)", failedAfter).isEqualTo(1);
        runPipeline(version(2), metricsSink().build(db), null);
        assertLastVersionWritten(2);
        assertThat(cluster.getResourceOverview().get(10, TimeUnit.SECONDS).getNumberTaskManagers()).isEqualTo(1);
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

    /** Runs {@code rows} as one JDBC batch of {@code query}, as the library does (autocommit), optionally rewritten. */
    private <T> void executeBatch(UpsertQuery<T> query, List<T> rows, boolean rewrite) throws SQLException {
        java.util.Properties properties = db.driverProperties();
        properties.setProperty("reWriteBatchedInserts", Boolean.toString(rewrite));
        try (Connection connection = java.sql.DriverManager.getConnection(db.url(), properties);
                java.sql.PreparedStatement statement = connection.prepareStatement(query.query())) {
            for (T row : rows) {
                query.statement(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static <T> JdbcUpsertSink.Builder<T> eventsWithAttributes(ColumnValue<T, String> tenant,
            ColumnValue<T, String> attributes) {
        return JdbcUpsertSink.<T>into("oversight.agent_events")
                .key("event_id", "time")
                .text("event_id", r -> "jane.doe@example.com")
                .timestamptz("time", r -> BASE)
                .text("tenant_id", tenant)
                .text("agent_id", r -> "DE89370400440532013000")
                .text("trace_id", r -> "trace")
                .text("span_id", r -> "span")
                .text("kind", r -> "LLM_CALL")
                .text("status", r -> "OK")
                .jsonb("attributes", attributes);
    }

    private static StreamExecutionEnvironment environmentWithoutRestarts(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration noRestart = new Configuration();
        noRestart.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        env.configure(noRestart);
        env.setParallelism(parallelism);
        return env;
    }

    /** Our failure ("Upsert into ...") in the cause chain of a failed job. */
    private static Throwable upsertFailure(Throwable jobFailure) {
        Throwable upsert = jobFailure;
        while (upsert != null && !String.valueOf(upsert.getMessage()).startsWith("Upsert into")) {
            upsert = upsert.getCause();
        }
        assertThat(upsert).as("the upsert failure in the cause chain of %s", jobFailure).isNotNull();
        assertThat(upsert).isInstanceOf(IOException.class);
        return upsert;
    }

    /** Everything logged while open, as text (the root logger's level still applies). */
    static final class CapturedLog implements AutoCloseable {
        private final java.io.StringWriter text = new java.io.StringWriter();
        private final org.apache.logging.log4j.core.appender.WriterAppender appender;
        private final org.apache.logging.log4j.core.LoggerContext context;

        CapturedLog() {
            context = (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
            appender = org.apache.logging.log4j.core.appender.WriterAppender.newBuilder()
                    .setName("captured-" + System.nanoTime())
                    .setTarget(text)
                    .setLayout(org.apache.logging.log4j.core.layout.PatternLayout.newBuilder()
                            .withPattern("%p %c - %m%n%throwable").build())
                    .build();
            appender.start();
            context.getConfiguration().getRootLogger().addAppender(appender, null, null);
            context.updateLoggers();
        }

        String text() {
            return text.toString();
        }

        @Override
        public void close() {
            context.getConfiguration().getRootLogger().removeAppender(appender.getName());
            context.updateLoggers();
            appender.stop();
        }
    }

    /** Runs input -> gate (parallelism 1) -> keyBy -> sink without checkpoints or restarts. */
    private JobClient startGated(List<MetricRow> input, JdbcUpsertSink<MetricRow> sink, int sinkParallelism)
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

    private static JdbcUpsertSink.Builder<MetricRow> metricsSink() {
        return JdbcUpsertSink.<MetricRow>into("oversight.agent_metrics_1m")
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
