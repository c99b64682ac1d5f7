package org.openclaw.oversight.connectors.timescale;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The one database sink every job uses: idempotent upserts into an {@code oversight} table on its
 * natural key, written by flink-connector-jdbc's Sink V2 {@link JdbcSink} (at-least-once). Replays
 * after a failure rewrite the same keys with the same values, so at-least-once delivery plus
 * upsert gives effectively-once rows.
 *
 * <pre>{@code
 * Sink<AgentEventRow> sink = JdbcUpsertSink.<AgentEventRow>into("oversight.agent_events")
 *         .key("event_id", "time")
 *         .text("event_id", AgentEventRow::eventId)
 *         .timestamptz("time", AgentEventRow::time)
 *         .numeric("cost_eur", AgentEventRow::costEur)
 *         .textArray("pii_types", AgentEventRow::piiTypes)
 *         .jsonb("attributes", AgentEventRow::attributesJson)
 *         .rewriteBatchedInserts()
 *         .build(JdbcConnection.fromEnvironment());
 * stream.sinkTo(sink).name("agent_events").uid("agent-events-sink");
 * }</pre>
 *
 * <p>How it writes: the library collects the records of each subtask into a JDBC batch of one
 * {@code INSERT ... VALUES (...) ON CONFLICT (key) DO UPDATE} per record ({@link UpsertQuery}) and
 * executes it when it holds {@code batchSize} records, every {@code flushInterval}, and before
 * every checkpoint barrier — so a completed checkpoint means its rows are committed. A batch runs in
 * order, so the last record of a key wins (the first with {@link Builder#onConflictDoNothing()}).
 * If records of one key can reach the sink from different subtasks, {@code keyBy} the key before
 * the sink so one subtask owns each key and "last" is well defined.
 *
 * <p>What this class adds to the library ({@link JdbcUpsertWriter}): a null key column fails with
 * the column's name; errors name table and SQLState but never row values; a failed write fails the
 * task without the library's {@code close()} failing the task's clean-up too, which Flink answers
 * by shutting the TaskManager down ({@link RetiringConnectionProvider}); and, with
 * {@link Builder#rewriteBatchedInserts()}, batches that never hold a key twice.
 */
public final class JdbcUpsertSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /** The fastest of 500/1000/2000/5000 rows for the cost job's tables (connectors/timescale/README). */
    public static final int DEFAULT_BATCH_SIZE = 2_000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_RETRIES = 3;
    /** How long the library's check of a connection after a failed write may take. */
    static final int CONNECTION_CHECK_SECONDS = 5;

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");
    private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]*");

    private final UpsertQuery<T> query;
    private final JdbcSink<T> library;
    private final RetiringConnectionProvider connections;
    private final int batchSize;
    private final int maxRetries;
    private final boolean keyUniqueBatches;

    private JdbcUpsertSink(UpsertQuery<T> query, JdbcConnection db, int batchSize, Duration flushInterval, int maxRetries,
            boolean rewrite) {
        this.query = query;
        this.batchSize = batchSize;
        this.maxRetries = maxRetries;
        // DO NOTHING may meet a key twice in one multi-row statement; DO UPDATE may not
        this.keyUniqueBatches = rewrite && !query.doesNothingOnConflict();
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder options = new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(db.url())
                .withDriverName("org.postgresql.Driver")
                .withConnectionCheckTimeoutSeconds(CONNECTION_CHECK_SECONDS);
        for (Map.Entry<Object, Object> property : db.driverProperties().entrySet()) {
            options.withProperty((String) property.getKey(), (String) property.getValue());
        }
        options.withProperty("reWriteBatchedInserts", Boolean.toString(rewrite));
        this.connections = new RetiringConnectionProvider(options.build(), query.table());
        this.library = JdbcSink.<T>builder()
                .withQueryStatement(query)
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(batchSize)
                        .withBatchIntervalMs(flushInterval.toMillis())
                        .withMaxRetries(maxRetries)
                        .build())
                .buildAtLeastOnce(connections);
    }

    /** Starts a sink into {@code schema.table}, e.g. {@code oversight.agent_events}. */
    public static <T> Builder<T> into(String table) {
        return new Builder<>(table);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new JdbcUpsertWriter<>(library.createWriter(context), connections, query, batchSize, maxRetries,
                keyUniqueBatches, context.metricGroup());
    }

    /** The statement each record runs (for logs, docs and tests). */
    public String sql() {
        return query.query();
    }

    public static final class Builder<T> {
        private final String table;
        private final List<String> key = new ArrayList<>();
        private final List<UpsertQuery.Column<T>> columns = new ArrayList<>();
        private final List<String> nowColumns = new ArrayList<>();
        private final Set<String> names = new LinkedHashSet<>();
        private boolean doNothing;
        private boolean rewrite;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private int maxRetries = DEFAULT_MAX_RETRIES;

        private Builder(String table) {
            if (table == null || !TABLE.matcher(table).matches()) {
                throw new IllegalArgumentException("Table must be 'schema.table' in lower case, e.g. "
                        + "oversight.agent_events; got '" + table + "'");
            }
            this.table = table;
        }

        /** The conflict target: exactly the table's primary key columns. Each needs a column mapping too. */
        public Builder<T> key(String... keyColumns) {
            for (String column : keyColumns) {
                key.add(checkedName(column));
            }
            return this;
        }

        public Builder<T> text(String column, ColumnValue<T, ? extends CharSequence> value) {
            return add(column, SqlColumnType.TEXT, value);
        }

        public Builder<T> bigint(String column, ColumnValue<T, ? extends Number> value) {
            return add(column, SqlColumnType.BIGINT, value);
        }

        public Builder<T> integer(String column, ColumnValue<T, ? extends Number> value) {
            return add(column, SqlColumnType.INTEGER, value);
        }

        public Builder<T> doublePrecision(String column, ColumnValue<T, ? extends Number> value) {
            return add(column, SqlColumnType.DOUBLE_PRECISION, value);
        }

        /** Exact decimals, e.g. EUR amounts into {@code numeric(20,9)} columns. */
        public Builder<T> numeric(String column, ColumnValue<T, BigDecimal> value) {
            return add(column, SqlColumnType.NUMERIC, value);
        }

        public Builder<T> bool(String column, ColumnValue<T, Boolean> value) {
            return add(column, SqlColumnType.BOOLEAN, value);
        }

        /** {@code timestamptz}, rounded to the microsecond as PostgreSQL stores it. */
        public Builder<T> timestamptz(String column, ColumnValue<T, Instant> value) {
            return add(column, SqlColumnType.TIMESTAMPTZ, value);
        }

        /** {@code text[]}; elements are written with {@code toString()} (String or Avro Utf8). */
        public Builder<T> textArray(String column, ColumnValue<T, ? extends Collection<?>> value) {
            return add(column, SqlColumnType.TEXT_ARRAY, value);
        }

        /** {@code jsonb} from a JSON string; invalid JSON fails the write. */
        public Builder<T> jsonb(String column, ColumnValue<T, ? extends CharSequence> value) {
            return add(column, SqlColumnType.JSONB, value);
        }

        /** A column set to the database's {@code now()} on insert and on every update (e.g. updated_at). */
        public Builder<T> now(String column) {
            nowColumns.add(unique(column));
            return this;
        }

        /** Keep the first row written for a key: {@code ON CONFLICT DO NOTHING} instead of updating. */
        public Builder<T> onConflictDoNothing() {
            this.doNothing = true;
            return this;
        }

        /**
         * Lets pgjdbc fold each batch into multi-row INSERTs ({@code reWriteBatchedInserts}): fewer
         * round trips, less server CPU per row. PostgreSQL refuses a multi-row {@code DO UPDATE}
         * that touches a key twice, so the writer then executes the batch early whenever a key
         * repeats within it. For tables whose keys rarely repeat (events, findings); not for tables
         * of late corrections (metrics), where that would cut most batches short.
         */
        public Builder<T> rewriteBatchedInserts() {
            this.rewrite = true;
            return this;
        }

        /** Records per JDBC batch and subtask; default {@value #DEFAULT_BATCH_SIZE}. */
        public Builder<T> batchSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + rows);
            }
            this.batchSize = rows;
            return this;
        }

        /**
         * Longest time a record waits for its batch; default 1 s; {@code Duration.ZERO} turns the
         * timer off (then only a full batch, a checkpoint or the end of input writes).
         */
        public Builder<T> flushInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("flushInterval must not be negative, got " + interval);
            }
            this.flushInterval = interval;
            return this;
        }

        /**
         * Attempts after a failed batch (the library reconnects if the connection broke and waits
         * 0 s, 1 s, 2 s, ... between attempts) before the task fails; default 3. The library retries
         * every error, also those retrying cannot fix (NOT NULL, invalid JSON).
         */
        public Builder<T> maxRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative, got " + retries);
            }
            this.maxRetries = retries;
            return this;
        }

        /** The statement this sink will run (for logs, docs and tests). */
        public String sql() {
            return query().query();
        }

        /** The sink, writing to {@code connection}'s database. */
        public JdbcUpsertSink<T> build(JdbcConnection connection) {
            if (connection == null) {
                throw new IllegalArgumentException("No database for the upsert into " + table + ": pass a "
                        + "JdbcConnection, e.g. JdbcConnection.fromEnvironment()");
            }
            return new JdbcUpsertSink<>(query(), connection, batchSize, flushInterval, maxRetries, rewrite);
        }

        UpsertQuery<T> query() {
            if (key.isEmpty()) {
                throw new IllegalStateException("Upsert into " + table + " has no key: call key(...) with the "
                        + "table's primary key columns (DESIGN §5)");
            }
            for (String k : key) {
                if (!names.contains(k) || nowColumns.contains(k)) {
                    throw new IllegalStateException("Key column '" + k + "' of " + table + " has no value: add a "
                            + "column mapping for it, e.g. .text(\"" + k + "\", ...)");
                }
            }
            return new UpsertQuery<>(table, key, columns, nowColumns, doNothing);
        }

        private Builder<T> add(String column, SqlColumnType type, ColumnValue<T, ?> value) {
            if (value == null) {
                throw new IllegalArgumentException("No value function for column '" + column + "' of " + table);
            }
            columns.add(new UpsertQuery.Column<>(unique(column), type, value));
            return this;
        }

        private String unique(String column) {
            String name = checkedName(column);
            if (!names.add(name)) {
                throw new IllegalArgumentException("Column '" + name + "' of " + table + " is mapped twice");
            }
            return name;
        }

        private String checkedName(String column) {
            if (column == null || !COLUMN.matcher(column).matches()) {
                throw new IllegalArgumentException("Column name must be lower-case snake_case, got '" + column
                        + "' for " + table);
            }
            return column;
        }
    }
}
