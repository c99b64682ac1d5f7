package org.openclaw.oversight.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * The direct computation the ITCases compare the database with: straight from the CleanEvents (not
 * through the job's own {@code UsageEvent}/{@code WindowAccumulator}), and exact percentiles.
 */
final class ExpectedWindows {

    record Key(long bucket, String tenant, String agent, String model) {}

    static final class Window {
        long requests, errors, in, out, cached, cacheCreation, unpriced, llmCalls, toolCalls, toolFailures;
        BigDecimal cost = BigDecimal.ZERO.setScale(9);
        final List<Long> latencies = new ArrayList<>();
        final List<Double> alignment = new ArrayList<>(), quality = new ArrayList<>(), satisfaction = new ArrayList<>();
        final Set<String> agents = new HashSet<>();
    }

    private ExpectedWindows() {}

    /** Per (bucket, tenant, agent, model). */
    static Map<Key, Window> agentWindows(List<CleanEvent> events, long windowMs) {
        Map<Key, Window> windows = new HashMap<>();
        for (CleanEvent e : events) {
            AgentEvent span = e.getAgentEvent();
            String model = span == null || span.getModel() == null ? "" : span.getModel();
            long bucket = Math.floorDiv(e.getEventTime().toEpochMilli(), windowMs) * windowMs;
            add(windows.computeIfAbsent(new Key(bucket, e.getTenantId(), e.getAgentId(), model), k -> new Window()), e);
        }
        return windows;
    }

    /**
     * The agents ({@code tenant|agent}) for which {@code rule} holds at the end of some minute m: over the minutes
     * (m − window, m], at least {@code callsMinimum} unpriced LLM calls and more than {@code shareMaximum} of them.
     */
    static Set<String> agentsBreaching(List<CleanEvent> events, UnpricedModelRule rule) {
        Map<String, TreeMap<Long, long[]>> perAgent = new HashMap<>();
        for (CleanEvent e : events) {
            AgentEvent span = e.getAgentEvent();
            if (span == null || span.getKind() != EventKind.LLM_CALL) {
                continue;
            }
            long minute = Math.floorDiv(e.getEventTime().toEpochMilli(), 60_000L) * 60_000L;
            long[] calls = perAgent.computeIfAbsent(e.getTenantId() + "|" + e.getAgentId(), k -> new TreeMap<>())
                    .computeIfAbsent(minute, k -> new long[2]);
            calls[0]++;
            calls[1] += e.getCostEur() == null ? 1 : 0;
        }
        long windowMs = rule.window().toMillis();
        Set<String> breaching = new HashSet<>();
        perAgent.forEach((agent, minutes) -> {
            // every minute end until the last calls have left the window: the share also changes when old minutes leave
            for (long m = minutes.firstKey(); m <= minutes.lastKey() + windowMs; m += 60_000L) {
                long llm = 0;
                long unpriced = 0;
                for (long[] calls : minutes.subMap(m - windowMs, false, m, true).values()) {
                    llm += calls[0];
                    unpriced += calls[1];
                }
                if (unpriced >= rule.callsMinimum() && (double) unpriced / llm > rule.shareMaximum()) {
                    breaching.add(agent);
                }
            }
        });
        return breaching;
    }

    /** Per minute, the whole fleet (tenant/agent/model empty in the key). */
    static Map<Long, Window> systemMinutes(List<CleanEvent> events) {
        Map<Long, Window> minutes = new TreeMap<>();
        for (CleanEvent e : events) {
            long bucket = Math.floorDiv(e.getEventTime().toEpochMilli(), 60_000L) * 60_000L;
            Window w = minutes.computeIfAbsent(bucket, k -> new Window());
            add(w, e);
            w.agents.add(e.getTenantId() + "|" + e.getAgentId());
        }
        return minutes;
    }

    private static void add(Window w, CleanEvent e) {
        w.requests++;
        AgentEvent span = e.getAgentEvent();
        if (span != null) {
            boolean failed = span.getStatus() != SpanStatus.OK;
            w.errors += failed ? 1 : 0;
            long cacheParts = span.getCachedInputTokens() + span.getCacheCreationInputTokens();
            // input includes the cache parts (OpenTelemetry); fewer input than cache tokens means input was the uncached part
            w.in += span.getInputTokens() >= cacheParts ? span.getInputTokens() : span.getInputTokens() + cacheParts;
            w.out += span.getOutputTokens();
            w.cached += span.getCachedInputTokens();
            w.cacheCreation += span.getCacheCreationInputTokens();
            w.llmCalls += span.getKind() == EventKind.LLM_CALL ? 1 : 0;
            if (!failed) {
                w.latencies.add(span.getDurationMs());
            }
            if (span.getKind() == EventKind.TOOL_CALL) {
                w.toolCalls++;
                boolean toolFailed = span.getToolSuccess() != null ? !span.getToolSuccess() : failed;
                w.toolFailures += toolFailed ? 1 : 0;
            }
            if (span.getAlignmentScore() != null) {
                w.alignment.add(span.getAlignmentScore());
            }
            if (span.getQualityScore() != null) {
                w.quality.add(span.getQualityScore());
            }
            if (span.getUserSatisfaction() != null) {
                w.satisfaction.add(span.getUserSatisfaction());
            }
        } else {
            var m = e.getChannelMessage();
            w.errors += m.getErrorCode() != null || "failed".equalsIgnoreCase(m.getDeliveryStatus()) ? 1 : 0;
        }
        if (e.getCostEur() == null) {
            w.unpriced++;
        } else {
            w.cost = w.cost.add(BigDecimal.valueOf(e.getCostEur()).setScale(9, RoundingMode.HALF_UP));
        }
    }

    /** Every difference between the table's rows (restricted by {@code tenantFilter}) and {@code expected}; empty = equal. */
    static List<String> agentTableMismatches(Connection db, String table, Map<Key, Window> expected, int windowMinutes,
            Predicate<String> tenantFilter) throws SQLException {
        List<String> problems = new ArrayList<>();
        Set<Key> seen = new HashSet<>();
        try (PreparedStatement query = db.prepareStatement("SELECT * FROM " + table);
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                Key key = new Key(rs.getTimestamp("bucket").getTime(), rs.getString("tenant_id"), rs.getString("agent_id"),
                        rs.getString("model"));
                if (!tenantFilter.test(key.tenant())) {
                    continue;
                }
                seen.add(key);
                Window w = expected.get(key);
                if (w == null) {
                    problems.add(table + ": unexpected row " + key);
                    continue;
                }
                check(problems, key, "requests", w.requests, rs.getLong("requests"));
                check(problems, key, "errors", w.errors, rs.getLong("errors"));
                close(problems, key, "error_rate", (double) w.errors / w.requests, rs.getDouble("error_rate"));
                close(problems, key, "requests_per_minute", (double) w.requests / windowMinutes, rs.getDouble("requests_per_minute"));
                check(problems, key, "input_tokens", w.in, rs.getLong("input_tokens"));
                check(problems, key, "output_tokens", w.out, rs.getLong("output_tokens"));
                check(problems, key, "cached_input_tokens", w.cached, rs.getLong("cached_input_tokens"));
                check(problems, key, "cache_creation_input_tokens", w.cacheCreation, rs.getLong("cache_creation_input_tokens"));
                check(problems, key, "llm_calls", w.llmCalls, rs.getLong("llm_calls"));
                if (w.cost.compareTo(rs.getBigDecimal("cost_eur")) != 0) {
                    problems.add(key + " cost_eur expected " + w.cost + " got " + rs.getBigDecimal("cost_eur"));
                }
                check(problems, key, "unpriced_requests", w.unpriced, rs.getLong("unpriced_requests"));
                check(problems, key, "tool_calls", w.toolCalls, rs.getLong("tool_calls"));
                check(problems, key, "tool_failures", w.toolFailures, rs.getLong("tool_failures"));
                check(problems, key, "latency_count", w.latencies.size(), rs.getLong("latency_count"));
                if (w.latencies.isEmpty()) {
                    nullCheck(problems, key, "latency_p95_ms", rs.getObject("latency_p95_ms"));
                } else {
                    List<Long> sorted = w.latencies.stream().sorted().toList();
                    close(problems, key, "latency_max_ms", sorted.get(sorted.size() - 1), rs.getDouble("latency_max_ms"));
                    close(problems, key, "latency_avg_ms", sorted.stream().mapToLong(Long::longValue).average().orElseThrow(),
                            rs.getDouble("latency_avg_ms"));
                    percentile(problems, key, "latency_p50_ms", sorted, 0.50, rs.getDouble("latency_p50_ms"));
                    percentile(problems, key, "latency_p95_ms", sorted, 0.95, rs.getDouble("latency_p95_ms"));
                    percentile(problems, key, "latency_p99_ms", sorted, 0.99, rs.getDouble("latency_p99_ms"));
                }
                average(problems, key, "alignment", w.alignment, rs);
                average(problems, key, "quality", w.quality, rs);
                average(problems, key, "satisfaction", w.satisfaction, rs);
            }
        }
        for (Key key : expected.keySet()) {
            if (!seen.contains(key)) {
                problems.add(table + ": missing row " + key);
            }
        }
        return problems;
    }

    static List<String> systemTableMismatches(Connection db, Map<Long, Window> expected) throws SQLException {
        List<String> problems = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        try (PreparedStatement query = db.prepareStatement("SELECT * FROM oversight.system_metrics_1m");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                long bucket = rs.getTimestamp("bucket").getTime();
                seen.add(bucket);
                Window w = expected.get(bucket);
                if (w == null) {
                    problems.add("system_metrics_1m: unexpected row " + bucket);
                    continue;
                }
                if (w.cost.compareTo(rs.getBigDecimal("total_cost_eur")) != 0) {
                    problems.add(bucket + " total_cost_eur expected " + w.cost + " got " + rs.getBigDecimal("total_cost_eur"));
                }
                check(problems, bucket, "requests", w.requests, rs.getLong("requests"));
                check(problems, bucket, "errors", w.errors, rs.getLong("errors"));
                close(problems, bucket, "error_rate", (double) w.errors / w.requests, rs.getDouble("error_rate"));
                close(problems, bucket, "avg_latency_ms", w.latencies.stream().mapToLong(Long::longValue).average().orElse(0),
                        rs.getDouble("avg_latency_ms"));
                check(problems, bucket, "active_agents", w.agents.size(), rs.getInt("active_agents"));
            }
        }
        for (Long bucket : expected.keySet()) {
            if (!seen.contains(bucket)) {
                problems.add("system_metrics_1m: missing row " + bucket);
            }
        }
        return problems;
    }

    private static void average(List<String> problems, Key key, String name, List<Double> values, ResultSet rs) throws SQLException {
        check(problems, key, name + "_count", values.size(), rs.getLong(name + "_count"));
        if (values.isEmpty()) {
            nullCheck(problems, key, name + "_avg", rs.getObject(name + "_avg"));
        } else {
            close(problems, key, name + "_avg", values.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                    rs.getDouble(name + "_avg"));
        }
    }

    /** Within the sketch's documented relative accuracy of the exact value at rank floor(q (n - 1)). */
    private static void percentile(List<String> problems, Object key, String column, List<Long> sorted, double q, double actual) {
        double exact = sorted.get((int) Math.floor(q * (sorted.size() - 1)));
        double allowed = exact == 0 ? 1e-9 : exact * LatencySketch.RELATIVE_ACCURACY + 1e-9;
        if (Math.abs(actual - exact) > allowed) {
            problems.add(key + " " + column + " expected " + exact + " ±1% got " + actual);
        }
    }

    private static void check(List<String> problems, Object key, String column, long expected, long actual) {
        if (expected != actual) {
            problems.add(key + " " + column + " expected " + expected + " got " + actual);
        }
    }

    private static void close(List<String> problems, Object key, String column, double expected, double actual) {
        if (Math.abs(expected - actual) > 1e-9 * Math.max(1, Math.abs(expected))) {
            problems.add(key + " " + column + " expected " + expected + " got " + actual);
        }
    }

    private static void nullCheck(List<String> problems, Object key, String column, Object actual) {
        if (actual != null) {
            problems.add(key + " " + column + " expected NULL got " + actual);
        }
    }
}
