package org.openclaw.oversight.connectors.timescale;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * Appends to the append-only, hash-chained {@code oversight.audit_log}.
 *
 * <p>The database assigns seq, at, prev_hash and hash (trigger {@code audit_log_chain}), so
 * concurrent writers on any number of connections still form one chain. The entry becomes
 * part of the chain when the caller's transaction commits; while it is open, other appends wait.
 */
public final class AuditLog {

    private static final String INSERT = "INSERT INTO oversight.audit_log (actor, action, resource, details) "
            + "VALUES (?, ?, ?, CAST(? AS jsonb)) RETURNING seq, at, prev_hash, hash";

    private AuditLog() {}

    /** One appended entry as the database stored it. */
    public record Entry(long seq, OffsetDateTime at, String actor, String action, String resource,
            String prevHash, String hash) {}

    /**
     * Appends one entry.
     *
     * @param detailsJson a JSON object (or any JSON value); {@code null} stores {@code {}}
     */
    public static Entry append(Connection connection, String actor, String action, String resource,
            String detailsJson) throws SQLException {
        Objects.requireNonNull(actor, "audit actor is null: say who did it (user, job or service name)");
        Objects.requireNonNull(action, "audit action is null: say what was done, e.g. policy.push");
        Objects.requireNonNull(resource, "audit resource is null: say what it was done to, e.g. agent:<id>");
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, actor);
            insert.setString(2, action);
            insert.setString(3, resource);
            insert.setString(4, detailsJson == null ? "{}" : detailsJson);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return new Entry(row.getLong("seq"), row.getObject("at", OffsetDateTime.class), actor, action,
                        resource, row.getString("prev_hash"), row.getString("hash"));
            }
        }
    }
}
