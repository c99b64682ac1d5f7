package org.openclaw.oversight.connectors.timescale;

import java.io.IOException;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask of a {@link JdbcUpsertSink}: the library's writer, with four things around it.
 *
 * <ul>
 *   <li>A record whose key column is null fails when it arrives, naming the column (it would fail
 *       its whole batch in the database, retried, and again after every restart).</li>
 *   <li>With key-unique batches (rewritten inserts with {@code DO UPDATE}), a key that repeats
 *       since the last flush makes the writer flush first, so no batch holds a key twice. The
 *       library also flushes on its own (full batch, timer); those only make its batch smaller
 *       than the keys remembered here, which is the safe direction.</li>
 *   <li>A failure is rethrown as an {@link IOException} naming table and SQLState with the
 *       server's primary message, quoted values withheld ({@link SqlErrorText}); the driver's
 *       exception is not chained.</li>
 *   <li>{@link #close()} never throws. After a failed write the library's {@code close()} would
 *       flush the failed batch again and throw, inside the task's failure clean-up, and Flink shuts
 *       the whole TaskManager down for an exception there; the connection is retired first
 *       ({@link RetiringConnectionProvider}), so that flush fails at once, and what it throws is
 *       logged without values. Unwritten rows were not checkpointed: Flink replays them.</li>
 * </ul>
 */
final class JdbcUpsertWriter<T> implements SinkWriter<T> {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcUpsertWriter.class);

    private final SinkWriter<T> library;
    private final RetiringConnectionProvider connections;
    private final UpsertQuery<T> query;
    private final int batchSize;
    private final int attempts;
    private final Set<String> identifiers = new HashSet<>();
    /** Keys written since the last flush this writer knows of; null unless batches must be key-unique. */
    private final Set<UpsertQuery.RowKey> batchKeys;
    private final Counter earlyFlushes;
    private boolean failed;

    JdbcUpsertWriter(SinkWriter<T> library, RetiringConnectionProvider connections, UpsertQuery<T> query, int batchSize,
            int maxRetries, boolean keyUniqueBatches, SinkWriterMetricGroup metrics) {
        this.library = library;
        this.connections = connections;
        this.query = query;
        this.batchSize = batchSize;
        this.attempts = maxRetries + 1;
        this.batchKeys = keyUniqueBatches ? new HashSet<>() : null;
        this.earlyFlushes = metrics.counter("flushesAtRepeatedKey");
        String table = query.table();
        identifiers.add(table);
        identifiers.add(table.substring(table.indexOf('.') + 1));
        identifiers.add(table.substring(0, table.indexOf('.')));
        identifiers.addAll(query.columnNames());
    }

    @Override
    public void write(T record, Context context) throws IOException, InterruptedException {
        UpsertQuery.RowKey key;
        try {
            key = query.keyOf(record);
        } catch (IllegalArgumentException nullKey) {
            throw new IOException(nullKey.getMessage(), nullKey);
        }
        if (batchKeys != null) {
            if (batchKeys.size() >= batchSize) {
                flushLibrary(false); // the library has flushed a full batch itself; this one is (nearly) empty
            } else if (batchKeys.contains(key)) {
                flushLibrary(false);
                earlyFlushes.inc();
            }
            batchKeys.add(key);
        }
        try {
            library.write(record, context);
        } catch (Exception e) {
            throw failure(e);
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushLibrary(endOfInput);
    }

    private void flushLibrary(boolean endOfInput) throws IOException, InterruptedException {
        try {
            library.flush(endOfInput); // at-least-once: executes the batch either way
        } catch (Exception e) {
            throw failure(e);
        }
        if (batchKeys != null) {
            batchKeys.clear();
        }
    }

    private IOException failure(Exception e) throws InterruptedException {
        if (e instanceof InterruptedException interrupted) {
            throw interrupted; // the task is being cancelled
        }
        failed = true;
        SQLException sql = sqlCause(e);
        if (sql == null) {
            // not from the database (e.g. a column function threw): our messages and the library's carry no values
            return e instanceof IOException io ? io : new IOException("Upsert into " + query.table() + " failed: " + e, e);
        }
        String state = String.valueOf(sql.getSQLState());
        boolean permanent = state.startsWith("21") || state.startsWith("22") || state.startsWith("23")
                || state.startsWith("42");
        return new IOException("Upsert into " + query.table() + " failed (" + SqlErrorText.describe(sql, identifiers)
                + ") after up to " + attempts + " attempt(s). "
                + (permanent
                        ? "Retrying cannot fix this: check the column mapping against the table (types, NOT NULL, "
                                + "constraints) and the records sent to the sink; after a restart the same records "
                                + "fail again until they are filtered or repaired upstream."
                        : "Check that the database is up and reachable; the job restarts from its last checkpoint "
                                + "and writes these rows again."),
                SqlErrorText.withoutValues(sql, identifiers));
    }

    /**
     * The most telling SQL error in the chain: PostgreSQL's own error (the next exception of a
     * failed batch) over the driver's batch wrapper, else the first SQL error.
     */
    static SQLException sqlCause(Throwable failure) {
        SQLException first = null;
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (s instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                        return s;
                    }
                }
                if (first == null) {
                    first = sql;
                }
            }
        }
        return first;
    }

    @Override
    public void close() {
        if (failed) {
            connections.retire();
        }
        try {
            library.close();
        } catch (Exception e) {
            SQLException sql = sqlCause(e);
            LOG.warn("Closing the upsert into {}{}: its unwritten rows were not checkpointed and are written again "
                    + "after the restart ({})", query.table(), failed ? " after a failed write" : "",
                    sql != null ? SqlErrorText.describe(sql, identifiers) : e.getClass().getSimpleName());
        }
    }
}
