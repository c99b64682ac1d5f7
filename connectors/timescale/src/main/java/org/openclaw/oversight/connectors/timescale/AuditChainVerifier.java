package org.openclaw.oversight.connectors.timescale;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * Checks the audit_log hash chain by recomputing every hash in Java ({@link AuditEntryHash}),
 * trusting nothing the database computed: per row, seq must follow the previous seq, prev_hash
 * must equal the previous row's stored hash (genesis for the first), and the stored hash must
 * equal the recomputed one. Reports the first row where that fails.
 */
public final class AuditChainVerifier {

    private static final String SELECT = "SELECT seq, at, actor, action, resource, details::text AS details, "
            + "prev_hash, hash FROM oversight.audit_log ORDER BY seq";
    private static final int FETCH_SIZE = 1_000;

    private AuditChainVerifier() {}

    /**
     * The outcome. When {@code ok} is false, {@code brokenSeq} is the first row that does not
     * verify, with what it should hold ({@code expected}) and what it holds ({@code actual}).
     */
    public record Result(boolean ok, long rowsChecked, long brokenSeq, String problem, String expected,
            String actual) {

        static Result verified(long rows) {
            return new Result(true, rows, -1, null, null, null);
        }

        @Override
        public String toString() {
            return ok ? "audit chain OK (" + rowsChecked + " rows)"
                    : "audit chain BROKEN at seq " + brokenSeq + ": " + problem + " (expected " + expected
                            + ", found " + actual + ")";
        }
    }

    public static Result verify(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        // pgjdbc only streams (fetch size) inside a transaction; without one it loads the whole table
        if (autoCommit) {
            connection.setAutoCommit(false);
        }
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setFetchSize(FETCH_SIZE);
            try (ResultSet row = select.executeQuery()) {
                return verifyRows(row);
            }
        } finally {
            if (autoCommit) {
                connection.rollback(); // read-only: nothing to keep
                connection.setAutoCommit(true);
            }
        }
    }

    private static Result verifyRows(ResultSet row) throws SQLException {
        long rows = 0;
        long previousSeq = 0;
        String previousHash = AuditEntryHash.GENESIS;
        while (row.next()) {
            long seq = row.getLong("seq");
            String prevHash = row.getString("prev_hash");
            String storedHash = row.getString("hash");
            if (seq != previousSeq + 1) {
                return new Result(false, rows, seq, "seq does not follow the previous entry (rows missing)",
                        Long.toString(previousSeq + 1), Long.toString(seq));
            }
            if (!previousHash.equals(prevHash)) {
                return new Result(false, rows, seq, "prev_hash is not the previous entry's hash",
                        previousHash, prevHash);
            }
            String recomputed = AuditEntryHash.hash(prevHash, seq, row.getObject("at", OffsetDateTime.class).toInstant(),
                    row.getString("actor"), row.getString("action"), row.getString("resource"),
                    row.getString("details"));
            if (!recomputed.equals(storedHash)) {
                return new Result(false, rows, seq, "content does not match its hash (entry changed)",
                        recomputed, storedHash);
            }
            rows++;
            previousSeq = seq;
            previousHash = storedHash;
        }
        return Result.verified(rows);
    }
}
