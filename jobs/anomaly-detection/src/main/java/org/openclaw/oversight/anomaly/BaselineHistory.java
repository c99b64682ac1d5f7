package org.openclaw.oversight.anomaly;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;

/**
 * The warm start's read: each agent's minutes over all models from {@code agent_metrics_1m}, the
 * last {@code history} up to now (database clock). Sums are exact; the table has no sketches, so an
 * agent's p95 over its models is taken as the largest of its models' p95s (an upper bound: a warm
 * baseline is, if anything, a little more tolerant of latency than a learned one); the alignment is
 * the count-weighted mean.
 */
public final class BaselineHistory {

    static final String QUERY = """
            SELECT bucket, tenant_id, agent_id, sum(requests) AS requests, sum(errors) AS errors,
                   sum(input_tokens + output_tokens) AS tokens, sum(cost_eur) AS cost, sum(latency_count) AS latency_count,
                   max(latency_p95_ms) AS p95, sum(alignment_avg * alignment_count) AS alignment_sum,
                   sum(CASE WHEN alignment_avg IS NULL THEN 0 ELSE alignment_count END) AS alignment_count
              FROM oversight.agent_metrics_1m
             WHERE bucket >= ? AND bucket < ?
             GROUP BY bucket, tenant_id, agent_id
             ORDER BY bucket""";

    private BaselineHistory() {}

    /** Agent key ({@code tenant/agent}) → its minutes in time order. */
    public static Map<String, List<MinuteValues>> load(JdbcConnection db, Duration history) throws SQLException {
        Map<String, List<MinuteValues>> minutes = new HashMap<>();
        Instant now = Instant.now();
        try (Connection c = db.open(); PreparedStatement q = c.prepareStatement(QUERY)) {
            q.setTimestamp(1, Timestamp.from(now.minus(history)));
            q.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    MinuteValues v = new MinuteValues();
                    v.bucket = rs.getTimestamp("bucket").toInstant().toEpochMilli();
                    v.requests = rs.getLong("requests");
                    v.errorRate = v.requests == 0 ? 0 : (double) rs.getLong("errors") / v.requests;
                    v.totalTokens = rs.getLong("tokens");
                    v.costEur = rs.getDouble("cost");
                    v.latencyCount = rs.getLong("latency_count");
                    double p95 = rs.getDouble("p95");
                    v.latencyP95Ms = rs.wasNull() ? Double.NaN : p95;
                    v.alignmentCount = rs.getLong("alignment_count");
                    double alignmentSum = rs.getDouble("alignment_sum");
                    v.alignmentAvg = rs.wasNull() || v.alignmentCount == 0 ? Double.NaN : alignmentSum / v.alignmentCount;
                    minutes.computeIfAbsent(DetectionSettings.key(rs.getString("tenant_id"), rs.getString("agent_id")),
                            k -> new ArrayList<>()).add(v);
                }
            }
        }
        return minutes;
    }
}
