package org.openclaw.oversight.incident;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.openclaw.oversight.connectors.timescale.AuditLog;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;

/**
 * Appends the job's audit entries to the hash-chained {@code oversight.audit_log} ({@link AuditLog}),
 * effectively once: entries are buffered and written in one short transaction at each checkpoint (and
 * every {@value #BATCH} entries); each entry's key goes into {@code oversight.incident_audit_keys} in the
 * same transaction, and a key already there (a change replayed after a restart) appends nothing. A
 * failed write fails the task; Flink restarts from the last checkpoint and the replay is deduplicated.
 */
public final class IncidentAuditSink implements Sink<AuditEntry> {

    private static final long serialVersionUID = 1L;
    static final int BATCH = 200;

    private final JdbcConnection db;

    public IncidentAuditSink(JdbcConnection db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public SinkWriter<AuditEntry> createWriter(WriterInitContext context) {
        return new Writer(db);
    }

    private static final class Writer implements SinkWriter<AuditEntry> {
        private final JdbcConnection db;
        private final List<AuditEntry> buffer = new ArrayList<>();
        private Connection connection;

        Writer(JdbcConnection db) {
            this.db = db;
        }

        @Override
        public void write(AuditEntry entry, Context context) throws IOException {
            buffer.add(entry);
            if (buffer.size() >= BATCH) {
                writeBuffer();
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            writeBuffer();
        }

        private void writeBuffer() throws IOException {
            if (buffer.isEmpty()) {
                return;
            }
            try {
                if (connection == null || !connection.isValid(2)) {
                    closeQuietly();
                    connection = db.open();
                    connection.setAutoCommit(false);
                }
                try (PreparedStatement known = connection.prepareStatement(
                        "SELECT 1 FROM oversight.incident_audit_keys WHERE audit_key = ?");
                     PreparedStatement remember = connection.prepareStatement(
                             "INSERT INTO oversight.incident_audit_keys (audit_key, audit_seq) VALUES (?, ?)")) {
                    for (AuditEntry entry : buffer) {
                        known.setString(1, entry.key);
                        try (ResultSet row = known.executeQuery()) {
                            if (row.next()) {
                                continue; // written before a restart
                            }
                        }
                        AuditLog.Entry appended = AuditLog.append(connection, entry.actor, entry.action, entry.resource, entry.details);
                        remember.setString(1, entry.key);
                        remember.setLong(2, appended.seq());
                        remember.executeUpdate();
                    }
                }
                connection.commit();
                buffer.clear();
            } catch (SQLException e) {
                try {
                    if (connection != null) {
                        connection.rollback();
                    }
                } catch (SQLException ignored) {
                    // the connection is gone; the next attempt opens a new one
                }
                closeQuietly();
                // SQLState and message only: entries are ids and names, and the driver hides server detail
                throw new IOException("audit_log append failed (SQLState " + e.getSQLState() + "): " + e.getMessage()
                        + "; the job restarts from its last checkpoint and appends the entries once", e);
            }
        }

        private void closeQuietly() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // closing a broken connection
                }
                connection = null;
            }
        }

        @Override
        public void close() {
            closeQuietly();
        }
    }
}
