package org.openclaw.oversight.bench.choices;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.openclaw.oversight.cost.AgentMetrics;

/**
 * The {@code agent_metrics_1m} rows the cost job writes, as a deterministic function of the row's
 * position: every minute the 240 keys (3 tenants x 20 agents x 3 models + tool calls) get their row,
 * and one row in five is a late correction that rewrites an existing key — a quarter of them a key
 * of the same minute written a few rows earlier (so it lands in the same batch), a quarter the
 * previous minute, half a minute up to ten minutes back (the job's allowed lateness). Values are
 * taken from the position, so the last write of a key is visible in the table.
 *
 * <p>{@link #insertsOnly()} is the same without corrections: every row a new key.
 *
 * <p>A {@link GeneratorFunction}, so the benchmark's source builds rows on the fly; {@link #expected}
 * replays the same sequence to know what the table must hold.
 */
final class MetricsRowStream implements GeneratorFunction<Long, AgentMetrics> {

    static final int TENANTS = 3;
    static final int AGENTS_PER_TENANT = 20;
    static final String[] MODELS = {"claude-sonnet-4-6", "claude-haiku-4-5", "gpt-4o", ""};
    static final int KEYS = TENANTS * AGENTS_PER_TENANT * MODELS.length;
    /** Per minute: every key once, plus one correction after every four rows. */
    static final int BLOCK = KEYS + KEYS / 4;
    /** 2026-11-01T00:00:00Z. */
    static final long START_MS = 1_793_491_200_000L;

    private static final long serialVersionUID = 1L;

    private final boolean corrections;

    private MetricsRowStream(boolean corrections) {
        this.corrections = corrections;
    }

    /** The cost job's stream: every key once a minute plus late corrections (one row in five rewrites a key). */
    static MetricsRowStream withCorrections() {
        return new MetricsRowStream(true);
    }

    /** Every row a new key: what a batched multi-row INSERT can take. */
    static MetricsRowStream insertsOnly() {
        return new MetricsRowStream(false);
    }

    boolean hasCorrections() {
        return corrections;
    }

    @Override
    public AgentMetrics map(Long index) {
        return row(index);
    }

    AgentMetrics row(long i) {
        if (!corrections) {
            return values(i, i / KEYS, (int) (i % KEYS));
        }
        long minute = i / BLOCK;
        int p = (int) (i % BLOCK);
        int key;
        long bucketMinute = minute;
        if (p % 5 != 4) {
            key = (p / 5) * 4 + p % 5;
        } else {
            int correction = p / 5;
            long h = mix(i);
            switch (correction % 4) {
                case 0 -> key = (int) Math.floorMod(h, (long) (p / 5) * 4 + 4); // this minute, a few rows back
                case 1 -> {
                    key = (int) Math.floorMod(h, KEYS);
                    bucketMinute = Math.max(0, minute - 1);
                }
                default -> {
                    key = (int) Math.floorMod(h, KEYS);
                    bucketMinute = Math.max(0, minute - 1 - Math.floorMod(h >>> 20, 9));
                }
            }
        }
        return values(i, bucketMinute, key);
    }

    private static AgentMetrics values(long i, long bucketMinute, int key) {
        AgentMetrics m = new AgentMetrics();
        m.bucket = START_MS + bucketMinute * 60_000L;
        m.windowMinutes = 1;
        int model = key % MODELS.length;
        int agent = key / MODELS.length;
        m.tenantId = "tenant-" + agent % TENANTS;
        m.agentId = m.tenantId + "-agent-" + agent / TENANTS;
        m.model = MODELS[model];
        m.requests = 1 + i % 997;
        m.errors = i % 13 % m.requests;
        m.errorRate = (double) m.errors / m.requests;
        m.requestsPerMinute = m.requests;
        boolean tool = m.model.isEmpty();
        m.inputTokens = tool ? 0 : 500 * m.requests + i % 1_000;
        m.outputTokens = tool ? 0 : 120 * m.requests + i % 300;
        m.cachedInputTokens = tool ? 0 : i % 200;
        m.costNanoEur = tool ? 0 : (i * 7_919L) % 1_000_000_000_000L;
        m.unpricedRequests = tool ? m.requests : i % 3;
        m.latencyCount = m.requests;
        m.latencySumMs = m.requests * (300 + i % 2_000);
        m.latencyP50Ms = 300.0 + i % 2_000;
        m.latencyP95Ms = m.latencyP50Ms * 2.5;
        m.latencyP99Ms = m.latencyP50Ms * 4.0;
        m.latencyMaxMs = m.latencyP50Ms * 5.0 + 1;
        m.latencyAvgMs = (double) m.latencySumMs / m.latencyCount;
        m.toolCalls = tool ? m.requests : 0;
        m.toolFailures = tool ? i % 5 % m.requests : 0;
        m.toolSuccessRate = tool ? (double) (m.toolCalls - m.toolFailures) / m.toolCalls : null;
        m.alignmentCount = i % 4 == 0 ? 0 : i % 7 + 1;
        m.alignmentAvg = m.alignmentCount == 0 ? null : (i % 1_000) / 1_000.0;
        m.qualityCount = i % 5 == 0 ? 0 : i % 3 + 1;
        m.qualityAvg = m.qualityCount == 0 ? null : (i % 997) / 997.0;
        m.satisfactionCount = i % 6;
        m.satisfactionAvg = m.satisfactionCount == 0 ? null : 1.0 + i % 4;
        return m;
    }

    /** SplitMix64's finalizer: cheap, well spread, deterministic. */
    static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** What the table must hold after the first {@code rows} rows: one row per key, the last written. */
    Expected expected(long rows) {
        Map<String, AgentMetrics> last = new HashMap<>();
        for (long i = 0; i < rows; i++) {
            AgentMetrics m = row(i);
            last.put(m.rowKey(), m);
        }
        long requests = 0;
        BigDecimal cost = BigDecimal.ZERO.setScale(9);
        for (AgentMetrics m : last.values()) {
            requests += m.requests;
            cost = cost.add(m.costEur());
        }
        return new Expected(last.size(), requests, cost, rows - last.size());
    }

    /** Rows, sum of requests and of cost_eur the table must hold; how many writes were updates of an existing key. */
    record Expected(long rows, long requests, BigDecimal costEur, long updates) {}
}
