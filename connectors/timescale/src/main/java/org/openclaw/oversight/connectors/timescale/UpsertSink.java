package org.openclaw.oversight.connectors.timescale;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The one database sink every job uses: batched, idempotent upserts into an {@code oversight}
 * table on its natural key, as a Flink Sink V2 with at-least-once delivery. Replays after a failure
 * rewrite the same keys with the same values, so at-least-once delivery plus upsert gives
 * effectively-once rows.
 *
 * <pre>{@code
 * Sink<AgentEventRow> sink = UpsertSink.<AgentEventRow>into("oversight.agent_events")
 *         .key("event_id", "time")
 *         .text("event_id", AgentEventRow::eventId)
 *         .timestamptz("time", AgentEventRow::time)
 *         .text("tenant_id", AgentEventRow::tenantId)
 *         .numeric("cost_eur", AgentEventRow::costEur)
 *         .textArray("pii_types", AgentEventRow::piiTypes)
 *         .jsonb("attributes", AgentEventRow::attributesJson)
 *         .build(JdbcConnection.fromEnvironment());
 * stream.keyBy(AgentEventRow::eventId).sinkTo(sink).name("agent_events").uid("agent-events-sink");
 * }</pre>
 *
 * <p>How it writes: each subtask buffers rows in a map keyed by the key columns' values, so a key
 * buffered twice is written once (the last record wins; the first with
 * {@link Builder#onConflictDoNothing()}). The buffer is handed to the subtask's one background
 * writer thread when it holds {@code batchSize} keys or its oldest row has waited
 * {@code flushInterval} (a processing-time timer), so processing continues during the database
 * round trip; at most one batch is in flight (the next waits for it), and batches are written in
 * order. Before every checkpoint barrier and at the end of input the buffer is written and the
 * sink waits for it — so a completed checkpoint means its rows are committed. A write is one transaction of {@code INSERT ... SELECT ... FROM unnest(...) ON
 * CONFLICT (key) DO UPDATE} statements, each binding a whole column as one array
 * ({@link UpsertStatement}) — half the database CPU per row of one statement per row, and about
 * twice the rows per second (measured, see the module README). A failed write is
 * rolled back and retried {@code maxRetries} times, reconnecting if the connection broke, then the
 * job fails and Flink restarts it from the last checkpoint. Error messages never contain row values.
 *
 * <p>Metrics of each writer (sink operator group): {@code rowsWritten}, {@code flushes},
 * {@code writeRetries} (counters), {@code lastFlushDurationMs} (gauge), and Flink's
 * {@code numRecordsSend}.
 *
 * <p>Within one subtask the last record written for a key wins. If records with the same key can
 * reach the sink from different subtasks, {@code keyBy} the key before the sink so one subtask
 * owns each key and "last" is well defined.
 */
public final class UpsertSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_RETRIES = 3;

    /** Rows per statement within one flush; a flush of more rows runs several in its transaction. */
    static final int DEFAULT_ROWS_PER_STATEMENT = 5_000;
    static final Duration FIRST_RETRY_BACKOFF = Duration.ofMillis(200);

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");
    private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]*");

    private final UpsertStatement<T> statement;
    private final JdbcConnection db;
    private final int batchSize;
    private final long flushIntervalMillis;
    private final int rowsPerStatement;
    private final int maxRetries;

    private UpsertSink(UpsertStatement<T> statement, JdbcConnection db, int batchSize, Duration flushInterval,
            int rowsPerStatement, int maxRetries) {
        this.statement = statement;
        this.db = db;
        this.batchSize = batchSize;
        this.flushIntervalMillis = flushInterval.toMillis();
        this.rowsPerStatement = rowsPerStatement;
        this.maxRetries = maxRetries;
    }

    /** Starts a sink into {@code schema.table}, e.g. {@code oversight.agent_events}. */
    public static <T> Builder<T> into(String table) {
        return new Builder<>(table);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new UpsertSinkWriter<>(statement, db, batchSize, flushIntervalMillis, rowsPerStatement, maxRetries,
                context);
    }

    /** The statement each write runs (for logs, docs and tests). */
    public String sql() {
        return statement.query();
    }

    public static final class Builder<T> {
        private final String table;
        private final List<String> key = new ArrayList<>();
        private final List<UpsertStatement.Column<T>> columns = new ArrayList<>();
        private final List<String> nowColumns = new ArrayList<>();
        private final Set<String> names = new LinkedHashSet<>();
        private boolean doNothing;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private int rowsPerStatement = DEFAULT_ROWS_PER_STATEMENT;

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

        /** Keys buffered per subtask before a write; default {@value #DEFAULT_BATCH_SIZE}. */
        public Builder<T> batchSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + rows);
            }
            this.batchSize = rows;
            return this;
        }

        /**
         * Longest time a buffered row waits for its batch; default 1 s; {@code Duration.ZERO} turns
         * the timer off (then only a full batch, a checkpoint or the end of input writes). Checkpoints
         * flush too.
         */
        public Builder<T> flushInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("flushInterval must not be negative, got " + interval);
            }
            this.flushInterval = interval;
            return this;
        }

        /** Rows per statement inside one flush (tests use small values to cross statement boundaries). */
        Builder<T> rowsPerStatement(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("rowsPerStatement must be at least 1, got " + rows);
            }
            this.rowsPerStatement = rows;
            return this;
        }

        /**
         * Attempts after a failed write (reconnecting if needed) before the job fails; default 3.
         * Data, constraint and schema errors (SQLState classes 21, 22, 23, 42) are not retried.
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
            return statement().query();
        }

        /** The sink, writing to {@code connection}'s database. */
        public UpsertSink<T> build(JdbcConnection connection) {
            if (connection == null) {
                throw new IllegalArgumentException("No database for the upsert into " + table + ": pass a "
                        + "JdbcConnection, e.g. JdbcConnection.fromEnvironment()");
            }
            return new UpsertSink<>(statement(), connection, batchSize, flushInterval, rowsPerStatement,
                    maxRetries);
        }

        UpsertStatement<T> statement() {
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
            return new UpsertStatement<>(table, key, columns, nowColumns, doNothing);
        }

        private Builder<T> add(String column, SqlColumnType type, ColumnValue<T, ?> value) {
            if (value == null) {
                throw new IllegalArgumentException("No value function for column '" + column + "' of " + table);
            }
            columns.add(new UpsertStatement.Column<>(unique(column), type, value));
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
