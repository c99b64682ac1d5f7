package org.openclaw.oversight.connectors.timescale;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The one database sink every job uses: batched, idempotent upserts into an {@code oversight}
 * table on its natural key, on flink-connector-jdbc's Sink V2 (at-least-once; the batch is flushed
 * on every checkpoint). Replays after a failure rewrite the same keys with the same values, so
 * at-least-once delivery plus upsert gives effectively-once rows.
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
 * <p>Within one subtask the last record written for a key wins. If records with the same key can
 * reach the sink from different subtasks, {@code keyBy} the key before the sink so one subtask
 * owns each key and "last" is well defined.
 */
public final class UpsertSink {

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_RETRIES = 3;

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");
    private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]*");

    private UpsertSink() {}

    /** Starts a sink into {@code schema.table}, e.g. {@code oversight.agent_events}. */
    public static <T> Builder<T> into(String table) {
        return new Builder<>(table);
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

        /** Rows buffered per subtask before a write; default {@value #DEFAULT_BATCH_SIZE}. */
        public Builder<T> batchSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + rows);
            }
            this.batchSize = rows;
            return this;
        }

        /** Longest time a buffered row waits for its batch; default 1 s. Checkpoints flush too. */
        public Builder<T> flushInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("flushInterval must not be negative, got " + interval);
            }
            this.flushInterval = interval;
            return this;
        }

        /** Attempts after a failed batch write (reconnecting if needed) before the job fails; default 3. */
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

        public JdbcSink<T> build(JdbcConnection connection) {
            UpsertStatement<T> statement = statement();
            JdbcConnectionOptions.JdbcConnectionOptionsBuilder options =
                    new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                            .withUrl(connection.url())
                            .withDriverName("org.postgresql.Driver");
            connection.driverProperties().forEach((k, v) -> options.withProperty((String) k, (String) v));
            if (connection.user() != null) {
                options.withUsername(connection.user());
            }
            if (connection.password() != null) {
                options.withPassword(connection.password());
            }
            return JdbcSink.<T>builder()
                    .withQueryStatement(statement)
                    .withExecutionOptions(JdbcExecutionOptions.builder()
                            .withBatchSize(batchSize)
                            .withBatchIntervalMs(flushInterval.toMillis())
                            .withMaxRetries(maxRetries)
                            .build())
                    .buildAtLeastOnce(options.build());
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
