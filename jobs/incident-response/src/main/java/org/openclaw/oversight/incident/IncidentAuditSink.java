package org.openclaw.oversight.incident;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;

/**
 * Appends the job's audit entries to the hash-chained {@code oversight.audit_log} (its trigger chains them, as for
 * connectors/timescale's {@code AuditLog.append}),
 * effectively once: entries are buffered and written in one short transaction at each checkpoint (and
 * every {@value #BATCH} entries, one statement per batch: a storm's thousands of entries are not thousands of
 * round trips); each entry's key goes into {@code oversight.incident_audit_keys} in the same transaction, and a
 * key already there (a change replayed after a restart) appends nothing. A
 * failed write fails the task; Flink restarts from the last checkpoint and the replay is deduplicated.
 */
public final class IncidentAuditSink implements Sink<AuditEntry> {

    private static final long serialVersionUID = 1L;
    static final int BATCH = 500;

    /** Details carry their own key ({@code audit_key}), so the appended rows name the key they were written for. */
    static final String APPEND = "WITH fresh AS ("
            + " SELECT u.k, u.actor, u.action, u.resource, u.details, u.n"
            + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS u(k, actor, action, resource, details, n)"
            + " WHERE NOT EXISTS (SELECT 1 FROM oversight.incident_audit_keys x WHERE x.audit_key = u.k)),"
            + " appended AS (INSERT INTO oversight.audit_log (actor, action, resource, details)"
            + " SELECT actor, action, resource, CAST(details AS jsonb) FROM fresh ORDER BY n RETURNING seq, details)"
            + " INSERT INTO oversight.incident_audit_keys (audit_key, audit_seq) SELECT details->>'audit_key', seq FROM appended";

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
                // one statement per batch: entries whose key is new are appended (the trigger chains them in this
                // order) and their keys, carried in the details, remembered with the seq they got
                Map<String, AuditEntry> fresh = new LinkedHashMap<>();
                for (AuditEntry entry : buffer) {
                    fresh.putIfAbsent(entry.key, entry);
                }
                int n = fresh.size();
                String[] keys = new String[n];
                String[] actors = new String[n];
                String[] actions = new String[n];
                String[] resources = new String[n];
                String[] details = new String[n];
                int i = 0;
                for (AuditEntry entry : fresh.values()) {
                    keys[i] = entry.key;
                    actors[i] = entry.actor;
                    actions[i] = entry.action;
                    resources[i] = entry.resource;
                    details[i] = entry.details;
                    i++;
                }
                try (PreparedStatement append = connection.prepareStatement(APPEND)) {
                    append.setArray(1, connection.createArrayOf("text", keys));
                    append.setArray(2, connection.createArrayOf("text", actors));
                    append.setArray(3, connection.createArrayOf("text", actions));
                    append.setArray(4, connection.createArrayOf("text", resources));
                    append.setArray(5, connection.createArrayOf("text", details));
                    append.executeUpdate();
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
