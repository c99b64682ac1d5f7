package org.openclaw.oversight.connectors.timescale;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of rows (each key at most once) with {@link UpsertStatement}, every batch in one
 * transaction, over one connection it opens lazily and replaces when it breaks.
 *
 * <p>A failed batch is rolled back and retried up to {@code maxRetries} times with a short,
 * doubling backoff; errors that retrying cannot fix (bad data, constraint or schema errors:
 * SQLState classes 21, 22, 23, 42) fail at once. The final error names the table, SQLState, row count
 * and the server's primary message, never row values ({@link SqlErrorText}).
 */
final class UpsertBatchWriter<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpsertBatchWriter.class);

    private final UpsertStatement<T> statement;
    private final JdbcConnection db;
    private final int rowsPerStatement;
    private final int maxRetries;
    private final Duration firstBackoff;
    private final Set<String> identifiers = new HashSet<>();

    private Connection connection;
    private PreparedStatement insert;
    private volatile long retries; // written by the writer thread, read by the mailbox thread

    UpsertBatchWriter(UpsertStatement<T> statement, JdbcConnection db, int rowsPerStatement, int maxRetries,
            Duration firstBackoff) {
        this.statement = statement;
        this.db = db;
        this.rowsPerStatement = rowsPerStatement;
        this.maxRetries = maxRetries;
        this.firstBackoff = firstBackoff;
        String table = statement.table();
        identifiers.add(table);
        identifiers.add(table.substring(table.indexOf('.') + 1));
        identifiers.add(table.substring(0, table.indexOf('.')));
        identifiers.addAll(statement.columnNames());
    }

    /** Writes {@code rows} in one transaction, retrying as described above. */
    void write(List<T> rows) throws IOException, InterruptedException {
        if (rows.isEmpty()) {
            return;
        }
        for (int attempt = 0; ; attempt++) {
            try {
                writeOnce(rows);
                return;
            } catch (SQLException e) {
                discardTransaction();
                String what = "Upsert of " + rows.size() + " rows into " + statement.table() + " failed ("
                        + SqlErrorText.describe(e, identifiers) + ")";
                if (attempt >= maxRetries || !retryable(e)) {
                    throw new IOException(what + " after " + (attempt + 1) + " attempt(s). "
                            + (retryable(e)
                                    ? "Check that the database is up and reachable; the job restarts from its last "
                                            + "checkpoint and writes these rows again."
                                    : "Retrying cannot fix this: check the column mapping against the table "
                                            + "(types, NOT NULL, constraints) and the records sent to the sink."),
                            SqlErrorText.withoutValues(e, identifiers));
                }
                Duration backoff = firstBackoff.multipliedBy(1L << Math.min(attempt, 6));
                LOG.warn("{}; retry {} of {} in {} ms", what, attempt + 1, maxRetries, backoff.toMillis());
                retries = retries + 1; // one writing thread
                Thread.sleep(backoff.toMillis());
            }
        }
    }

    /** Failed attempts that were retried, since this writer was created. */
    long retries() {
        return retries;
    }

    private void writeOnce(List<T> rows) throws SQLException {
        if (connection == null) {
            connection = db.open();
            connection.setAutoCommit(false);
            insert = connection.prepareStatement(statement.query());
        }
        for (int from = 0; from < rows.size(); from += rowsPerStatement) {
            statement.bind(connection, insert, rows.subList(from, Math.min(rows.size(), from + rowsPerStatement)));
            insert.executeUpdate();
        }
        connection.commit();
    }

    // deterministic failures: the same rows fail the same way however often they are sent
    private static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        return state == null || !(state.startsWith("21") || state.startsWith("22") || state.startsWith("23")
                || state.startsWith("42"));
    }

    /** Rolls back; drops the connection if it is no longer usable, so the next attempt reconnects. */
    private void discardTransaction() {
        if (connection == null) {
            return;
        }
        boolean usable;
        try {
            connection.rollback();
            usable = connection.isValid(2);
        } catch (SQLException e) {
            usable = false;
        }
        if (!usable) {
            closeConnection();
        }
    }

    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close(); // closes the prepared statement too
            }
        } catch (SQLException e) {
            LOG.debug("Closing a broken connection to the oversight database failed: {}", e.getSQLState());
        } finally {
            connection = null;
            insert = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
