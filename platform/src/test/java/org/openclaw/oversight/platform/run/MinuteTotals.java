package org.openclaw.oversight.platform.run;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the tables hold for one tenant: per (minute, agent, model) the sums over the raw rows of
 * {@code agent_events}, and the rows cost-aggregation wrote to {@code agent_metrics_1m}.
 */
public final class MinuteTotals {

    /** One minute of one (agent, model): the numbers a metrics row must equal. */
    public record Totals(long requests, long inputTokens, long outputTokens, long cachedInputTokens, BigDecimal costEur) {}

    private final String jdbcUrl;
    private final String user;
    private final String password;

    public MinuteTotals(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** Key "minute | agent | model" -> sums over agent_events. */
    public Map<String, Totals> fromEvents(String tenant) throws SQLException {
        return query("SELECT date_trunc('minute', time) AS bucket, agent_id, coalesce(model, '') AS model, count(*),"
                + " sum(input_tokens), sum(output_tokens), sum(cached_input_tokens), sum(cost_eur)"
                + " FROM oversight.agent_events WHERE tenant_id = ? GROUP BY 1, 2, 3", tenant);
    }

    /** Key "minute | agent | model" -> the agent_metrics_1m row. */
    public Map<String, Totals> fromMetrics(String tenant) throws SQLException {
        return query("SELECT bucket, agent_id, model, requests, input_tokens, output_tokens, cached_input_tokens, cost_eur"
                + " FROM oversight.agent_metrics_1m WHERE tenant_id = ?", tenant);
    }

    /** [rows, distinct event ids] of the tenant in agent_events. */
    public long[] eventRowsAndDistinctIds(String tenant) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*), count(DISTINCT event_id) FROM oversight.agent_events WHERE tenant_id = ?")) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        }
    }

    public List<String> eventIds(String tenant) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT event_id FROM oversight.agent_events WHERE tenant_id = ?")) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    /** Sum of requests over the tenant's metrics rows (0 when there are none or the table is not there yet). */
    public long metricRequests(String tenant) {
        try {
            return fromMetrics(tenant).values().stream().mapToLong(Totals::requests).sum();
        } catch (SQLException e) {
            return 0;
        }
    }

    private Map<String, Totals> query(String sql, String tenant) throws SQLException {
        Map<String, Totals> result = new TreeMap<>();
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Timestamp bucket = rows.getTimestamp(1);
                    result.put(bucket.toInstant() + " | " + rows.getString(2) + " | " + rows.getString(3),
                            new Totals(rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7),
                                    rows.getBigDecimal(8).stripTrailingZeros()));
                }
            }
        }
        return result;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }
}
