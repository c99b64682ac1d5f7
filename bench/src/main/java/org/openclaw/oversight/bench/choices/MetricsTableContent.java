package org.openclaw.oversight.bench.choices;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;

/**
 * What {@code agent_metrics_1m} holds: row count, sums of requests and cost, and an MD5 over every
 * written column of every row in key order ({@code updated_at} excluded, it is the write time), so
 * two sinks that wrote the same rows have the same digest and anything else does not.
 */
final class MetricsTableContent {

    static final String TABLE = "oversight.agent_metrics_1m";

    private MetricsTableContent() {}

    record Content(long rows, long requests, BigDecimal costEur, String md5) {
        String digest() {
            return rows + " rows, requests " + requests + ", cost " + costEur.toPlainString() + " EUR, md5 " + md5;
        }
    }

    static void truncate(JdbcConnection db) throws SQLException {
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + TABLE);
        }
    }

    static Content read(JdbcConnection db) throws SQLException {
        String columns = Stream.concat(JdbcConnectorMetricsSink.KEY.stream(), JdbcConnectorMetricsSink.VALUES.stream())
                .map(c -> "coalesce(" + c + "::text, 'NULL')").collect(Collectors.joining(", "));
        String sql = "SELECT count(*), coalesce(sum(requests), 0), coalesce(sum(cost_eur), 0), "
                + "md5(coalesce(string_agg(concat_ws('|', " + columns + "), E'\\n' ORDER BY bucket, tenant_id, agent_id, model), '')) "
                + "FROM " + TABLE;
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            // float8 as text in its shortest exact form, whatever the session says
            s.execute("SET extra_float_digits = 1");
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return new Content(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3).setScale(9), rs.getString(4));
            }
        }
    }
}
