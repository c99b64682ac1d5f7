package org.openclaw.oversight.connectors.timescale;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.util.PGInterval;

/**
 * Runs {@code oversight.apply_retention(as_of)}: deletes rows older than their table's period in
 * {@code oversight.retention_policy} (raw traces 90 d, aggregates 365 d, compliance 1095 d) for
 * the tables TimescaleDB does not prune itself. audit_log is never deleted (see V3__retention.sql).
 */
public final class DataRetention {

    private DataRetention() {}

    /** One table's outcome. {@code note} says why nothing was deleted where that is the rule. */
    public record TableResult(String table, Duration keepFor, Instant cutoff, long rowsDeleted, String note) {}

    public static List<TableResult> apply(Connection connection) throws SQLException {
        return apply(connection, Instant.now());
    }

    public static List<TableResult> apply(Connection connection, Instant asOf) throws SQLException {
        List<TableResult> results = new ArrayList<>();
        try (PreparedStatement call = connection.prepareStatement(
                "SELECT table_name, keep_for, cutoff, rows_deleted, note FROM oversight.apply_retention(?)")) {
            call.setObject(1, asOf.atOffset(ZoneOffset.UTC));
            try (ResultSet row = call.executeQuery()) {
                while (row.next()) {
                    PGInterval keepFor = (PGInterval) row.getObject("keep_for");
                    results.add(new TableResult(row.getString("table_name"), toDuration(keepFor),
                            row.getObject("cutoff", OffsetDateTime.class).toInstant(), row.getLong("rows_deleted"),
                            row.getString("note")));
                }
            }
        }
        return results;
    }

    // retention periods are whole days (no months/years), so this is exact
    private static Duration toDuration(PGInterval interval) {
        return Duration.ofDays(interval.getDays() + 365L * interval.getYears() + 30L * interval.getMonths())
                .plusHours(interval.getHours())
                .plusMinutes(interval.getMinutes())
                .plusMillis(Math.round(interval.getSeconds() * 1000));
    }
}
