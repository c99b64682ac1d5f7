package org.openclaw.oversight.cost;

import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rolls the 1-minute agent rows of one minute (the key is the bucket) up into the fleet row.
 *
 * <p>It keeps the latest row per (tenant, agent, model) rather than summing what arrives, because a
 * late event makes the window operator re-emit a corrected row: summing would count that minute
 * twice. The fleet row is emitted once when the watermark passes the minute (all subtasks' rows are
 * in by then), and again for each correction; the state is dropped when the 1-minute windows'
 * allowed lateness is over, since no correction can come after that.
 */
public class SystemMetricsFunction extends KeyedProcessFunction<Long, AgentMetrics, SystemMetrics> {

    private final long windowMs;
    private final long allowedLatenessMs;
    private transient MapState<String, AgentMetrics> rows;

    public SystemMetricsFunction(long windowMs, long allowedLatenessMs) {
        this.windowMs = windowMs;
        this.allowedLatenessMs = allowedLatenessMs;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
        rows = getRuntimeContext().getMapState(new MapStateDescriptor<>("agent-rows", Types.STRING,
                TypeInformation.of(AgentMetrics.class)));
    }

    @Override
    public void processElement(AgentMetrics row, Context ctx, Collector<SystemMetrics> out) throws Exception {
        rows.put(row.tenantId + "|" + row.agentId + "|" + row.model, row);
        long lastMs = row.bucket + windowMs - 1;
        if (ctx.timerService().currentWatermark() >= lastMs) {
            out.collect(rollUp(row.bucket)); // a late correction: the minute was already emitted
        } else {
            ctx.timerService().registerEventTimeTimer(lastMs);
            ctx.timerService().registerEventTimeTimer(lastMs + allowedLatenessMs + 1);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SystemMetrics> out) throws Exception {
        long bucket = ctx.getCurrentKey();
        if (timestamp == bucket + windowMs - 1) {
            out.collect(rollUp(bucket));
        } else {
            rows.clear();
        }
    }

    private SystemMetrics rollUp(long bucket) throws Exception {
        SystemMetrics s = new SystemMetrics();
        s.bucket = bucket;
        long latencyCount = 0;
        long latencySum = 0;
        Set<String> agents = new HashSet<>();
        for (AgentMetrics row : rows.values()) {
            s.totalCostNanoEur += row.costNanoEur;
            s.requests += row.requests;
            s.errors += row.errors;
            latencyCount += row.latencyCount;
            latencySum += row.latencySumMs;
            if (row.requests > 0) {
                agents.add(row.tenantId + "|" + row.agentId);
            }
        }
        s.errorRate = s.requests == 0 ? 0 : (double) s.errors / s.requests;
        s.avgLatencyMs = latencyCount == 0 ? null : (double) latencySum / latencyCount;
        s.activeAgents = agents.size();
        return s;
    }
}
