package org.openclaw.oversight.bench.cost;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.openclaw.oversight.cost.AgentMetrics;
import org.openclaw.oversight.cost.BudgetBook;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/** Clean events of 3 tenants x 10 agents x 3 models (+ tool calls), as ingestion emits them; and metrics rows for the sink run. */
final class BenchTraffic {

    private static final String[] MODELS = {"claude-sonnet-4-6", "claude-haiku-4-5", "gpt-4o"};
    private final SplittableRandom random;

    BenchTraffic(long seed) {
        this.random = new SplittableRandom(seed);
    }

    CleanEvent next(String id, long timeMs) {
        String tenant = "tenant-" + random.nextInt(3);
        String agent = tenant + "-agent-" + random.nextInt(10);
        boolean tool = random.nextInt(5) == 0;
        AgentEvent span = AgentEvent.newBuilder()
                .setEventId(id).setTenantId(tenant).setAgentId(agent).setAgentVersion("1.0.0")
                .setTraceId("t" + id).setSpanId("s" + id).setKind(tool ? EventKind.TOOL_CALL : EventKind.LLM_CALL)
                .setName(tool ? "search" : "chat").setStartTime(Instant.ofEpochMilli(timeMs))
                .setDurationMs(50 + random.nextInt(5_000))
                .setStatus(random.nextInt(20) == 0 ? SpanStatus.ERROR : SpanStatus.OK)
                .setModel(tool ? null : MODELS[random.nextInt(MODELS.length)])
                .setInputTokens(tool ? 0 : 500 + random.nextInt(2_000)).setOutputTokens(tool ? 0 : random.nextInt(600))
                .setCachedInputTokens(tool ? 0 : random.nextInt(200))
                .setToolName(tool ? "search" : null).setToolSuccess(tool ? random.nextInt(10) != 0 : null)
                .setAlignmentScore(random.nextInt(3) == 0 ? random.nextDouble() : null)
                .setAttributes(Map.of())
                .build();
        return CleanEvent.newBuilder().setEventId(id).setTenantId(tenant).setAgentId(agent).setEventTime(Instant.ofEpochMilli(timeMs))
                .setAgentEvent(span).setCostEur(tool ? null : random.nextInt(5_000) / 1e6).setSampled(random.nextBoolean()).build();
    }

    static BudgetBook budgets() {
        List<BudgetBook.Budget> budgets = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            budgets.add(new BudgetBook.Budget("tenant-" + t, BudgetBook.TENANT_WIDE, 500, "tenant"));
            for (int a = 0; a < 10; a++) {
                budgets.add(new BudgetBook.Budget("tenant-" + t, "tenant-" + t + "-agent-" + a, 40, "customer_facing"));
            }
        }
        return BudgetBook.of(budgets.toArray(BudgetBook.Budget[]::new));
    }

    /** Distinct keys (one minute each), so every row is an insert plus none conflicting within a batch. */
    static List<AgentMetrics> metricsRows(int n, long startMs) {
        List<AgentMetrics> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            AgentMetrics m = new AgentMetrics();
            m.bucket = startMs - (long) (i / 90) * 60_000L - 86_400_000L;
            m.windowMinutes = 1;
            m.tenantId = "bench-tenant-" + (i % 3);
            m.agentId = "bench-agent-" + (i % 90);
            m.model = MODELS[i % 3];
            m.requests = 100 + i % 50;
            m.errors = i % 7;
            m.costNanoEur = 1_234_567L * (i % 100);
            m.latencyP50Ms = 800.0;
            m.latencyP95Ms = 2400.0;
            m.latencyP99Ms = 4100.0;
            m.latencyMaxMs = 4900.0;
            rows.add(m);
        }
        return rows;
    }
}
