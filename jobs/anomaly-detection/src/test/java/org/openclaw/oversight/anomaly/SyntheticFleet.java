package org.openclaw.oversight.anomaly;

import static org.openclaw.oversight.anomaly.TestData.MIN;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.AgentMetrics;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.HeartbeatStatus;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * Normal, noisy traffic of two tenants with four agents each, as the job's three inputs: spans in traces
 * (runs with LLM calls, hand-offs a0 → a1/a2 and a1 → a3 whose failures propagate up like real
 * hand-offs), channel messages with occasional failures, minute rows with random variation, heartbeats
 * every 10 s; event times disordered by up to {@code disorderMs}. Incidents are added by the tests.
 */
final class SyntheticFleet {

    static final int AGENTS = 4;
    private static final double SPAN_ERROR_RATE = 0.02;

    final String prefix;
    final long base;
    final List<CleanEvent> events = new ArrayList<>();
    final List<AgentMetrics> rows = new ArrayList<>();
    final List<AgentHeartbeat> heartbeats = new ArrayList<>();
    private final Random random;
    private int ids;

    SyntheticFleet(String prefix, long base, long seed) {
        this.prefix = prefix;
        this.base = base;
        this.random = new Random(seed);
    }

    String tenant(int t) {
        return prefix + "-t" + t;
    }

    static String agent(int a) {
        return "a" + a;
    }

    /** Minutes [from, to) of normal traffic for every agent. */
    SyntheticFleet normal(int from, int to) {
        for (int m = from; m < to; m++) {
            for (int t = 0; t < 2; t++) {
                for (int a = 0; a < AGENTS; a++) {
                    for (int r = 0; r < 6; r++) {
                        run(tenant(t), a, minute(m) + random.nextInt(60_000), false);
                    }
                    rows.addAll(minuteRows(tenant(t), agent(a), m, row -> {}));
                    for (int s = 0; s < 6; s++) {
                        heartbeats.add(TestData.heartbeat(tenant(t), agent(a), minute(m) + s * 10_000L + random.nextInt(1000),
                                HeartbeatStatus.UP));
                    }
                }
                for (int c = 0; c < 3; c++) {
                    events.add(TestData.channelMessage(id(), tenant(t), agent(random.nextInt(AGENTS)), minute(m) + random.nextInt(60_000),
                            Channel.WHATSAPP, random.nextDouble() < 0.03));
                }
            }
        }
        return this;
    }

    long minute(int m) {
        return base + m * MIN;
    }

    /** Replaces the rows of an agent's minutes [from, to) with changed copies. */
    SyntheticFleet changeRows(int t, int a, int from, int to, Consumer<AgentMetrics> change) {
        for (AgentMetrics row : rows) {
            long m = (row.getBucket().toEpochMilli() - base) / MIN;
            if (row.getTenantId().equals(tenant(t)) && row.getAgentId().equals(agent(a)) && m >= from && m < to) {
                change.accept(row);
            }
        }
        return this;
    }

    /** One LLM call of far more tokens than any normal call. */
    SyntheticFleet extremeCall(int t, int a, long time) {
        events.add(TestData.llmCall(id(), tenant(t), agent(a), time, 80_000, false));
        return this;
    }

    /** Runs of a0 that hand off to a1 and a2, whose calls fail, every 5 s for {@code seconds}. */
    SyntheticFleet cascadeFrom(int t, long start, int seconds) {
        for (int s = 0; s < seconds; s += 5) {
            String trace = "trace-" + id();
            long time = start + s * 1000L;
            String root = span(tenant(t), 0, EventKind.AGENT_RUN, time, trace, null, SpanStatus.ERROR);
            for (int child : new int[] {1, 2}) {
                String handoff = span(tenant(t), 0, EventKind.HANDOFF, time + 10, trace, root, SpanStatus.ERROR);
                String run = span(tenant(t), child, EventKind.AGENT_RUN, time + 20, trace, handoff, SpanStatus.ERROR);
                span(tenant(t), child, EventKind.LLM_CALL, time + 30, trace, run, SpanStatus.ERROR);
            }
        }
        return this;
    }

    SyntheticFleet failedMessages(int t, long start, int count) {
        for (int i = 0; i < count; i++) {
            events.add(TestData.channelMessage(id(), tenant(t), agent(0), start + i * 1000L, Channel.WHATSAPP, true));
        }
        return this;
    }

    /** The events in arrival order: by event time plus up to {@code disorderMs} of random delay. */
    List<CleanEvent> eventsInArrivalOrder(long disorderMs) {
        List<long[]> order = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            order.add(new long[] {events.get(i).getEventTime().toEpochMilli() + (disorderMs == 0 ? 0 : random.nextInt((int) disorderMs)), i});
        }
        order.sort(Comparator.comparingLong(o -> o[0]));
        return order.stream().map(o -> events.get((int) o[1])).toList();
    }

    List<AgentMetrics> rowsInOrder() {
        return rows.stream().sorted(Comparator.comparing(AgentMetrics::getBucket)).toList();
    }

    List<AgentHeartbeat> heartbeatsInOrder() {
        return heartbeats.stream().sorted(Comparator.comparing(AgentHeartbeat::getTimestamp)).toList();
    }

    // ------------------------------------------------------------------ one run

    /** A run of agent a: its AGENT_RUN, one or two LLM calls, sometimes a hand-off; failures propagate up. */
    private boolean run(String tenant, int a, long time, boolean handedOff) {
        String trace = "trace-" + id();
        return run(tenant, a, time, trace, null, handedOff);
    }

    private boolean run(String tenant, int a, long time, String trace, String parent, boolean handedOff) {
        List<CleanEvent> children = new ArrayList<>();
        String runSpan = "s-" + id();
        boolean failed = false;
        int calls = 1 + random.nextInt(2);
        for (int c = 0; c < calls; c++) {
            boolean error = random.nextDouble() < SPAN_ERROR_RATE;
            failed |= error;
            long input = Math.round(Math.min(12_000, Math.max(150, 1200 * Math.exp(0.5 * random.nextGaussian()))));
            long output = Math.round(Math.min(4_000, Math.max(20, 120 * Math.exp(0.6 * random.nextGaussian()))));
            children.add(TestData.span(id(), tenant, agent(a), EventKind.LLM_CALL, time + 5 + c * 900L, trace, "s-" + id(), runSpan,
                    error ? SpanStatus.ERROR : SpanStatus.OK, input, output));
        }
        int target = a == 0 ? 1 + random.nextInt(2) : a == 1 ? 3 : -1;
        if (!handedOff && target > 0 && random.nextDouble() < 0.3) {
            String handoff = "s-" + id();
            boolean childFailed = !run(tenant, target, time + 2000, trace, handoff, true);
            children.add(TestData.span(id(), tenant, agent(a), EventKind.HANDOFF, time + 1990, trace, handoff, runSpan,
                    childFailed ? SpanStatus.ERROR : SpanStatus.OK, 0, 0));
            failed |= childFailed;
        }
        events.addAll(children);
        events.add(TestData.span(id(), tenant, agent(a), EventKind.AGENT_RUN, time, trace, runSpan, parent,
                failed ? SpanStatus.ERROR : SpanStatus.OK, 0, 0));
        return !failed;
    }

    private String span(String tenant, int a, EventKind kind, long time, String trace, String parent, SpanStatus status) {
        String spanId = "s-" + id();
        events.add(TestData.span(id(), tenant, agent(a), kind, time, trace, spanId, parent, status, kind == EventKind.LLM_CALL ? 1000 : 0, 0));
        return spanId;
    }

    /** The agent's row over all models and its one model's row, with random variation. */
    private List<AgentMetrics> minuteRows(String tenant, String agent, int m, Consumer<AgentMetrics> change) {
        long requests = Math.max(8, Math.round(30 + 5 * random.nextGaussian()));
        long errors = Math.min(requests, Math.round(Math.max(0, requests * 0.02 + random.nextGaussian())));
        long tokens = Math.round(requests * 1300 * Math.exp(0.1 * random.nextGaussian()));
        double cost = tokens * 3e-6;
        double p95 = 2500 * Math.exp(0.1 * random.nextGaussian());
        double alignment = Math.min(1, 0.93 + 0.01 * random.nextGaussian());
        AgentMetrics all = TestData.minute(tenant, agent, null, minute(m), requests, errors, cost, tokens, p95, alignment);
        AgentMetrics model = TestData.minute(tenant, agent, "claude-sonnet-4-6", minute(m), requests, errors, cost, tokens, p95, alignment);
        change.accept(all);
        return List.of(all, model);
    }

    private String id() {
        return prefix + "-" + ids++;
    }
}
