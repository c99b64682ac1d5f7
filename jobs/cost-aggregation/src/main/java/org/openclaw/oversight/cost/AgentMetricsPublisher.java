package org.openclaw.oversight.cost;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The rows of {@code oversight.agent-metrics.v1}: every minute emission of {@link AgentWindows} as
 * the (tenant, agent, model) row, and per (tenant, agent) the row over all models (model null), whose
 * latency percentiles come from the merged sketches of its models.
 *
 * <p>Keyed by tenant/agent. A model's row is published as it arrives, revision 0 the first time and
 * +1 per correction. The all-models row of a minute is published when the watermark passes the
 * minute's end: {@link AgentWindows} emits every on-time model row of the minute before it forwards
 * that watermark, so by then all of them are here (revision 0); a model row arriving after that is a
 * late correction (or a window that only opened late) and re-publishes the all-models row with the
 * next revision. State of a minute is dropped after the minute windows' allowed lateness, when no
 * correction can come any more.
 */
public class AgentMetricsPublisher extends KeyedProcessFunction<String, MinuteTotals, org.openclaw.oversight.schema.AgentMetrics> {

    private final long latenessMs;
    private transient MapState<String, ModelMinute> models;
    private transient MapState<Long, Integer> agentRevisions;

    public AgentMetricsPublisher(long minuteLatenessMs) {
        this.latenessMs = minuteLatenessMs;
    }

    @Override
    public void open(OpenContext openContext) {
        models = getRuntimeContext().getMapState(new MapStateDescriptor<>("model-minutes", Types.STRING,
                TypeInformation.of(ModelMinute.class)));
        agentRevisions = getRuntimeContext().getMapState(new MapStateDescriptor<>("agent-revisions", Types.LONG, Types.INT));
    }

    @Override
    public void processElement(MinuteTotals in, Context ctx, Collector<org.openclaw.oversight.schema.AgentMetrics> out) throws Exception {
        String stateKey = in.bucket + "|" + in.model;
        ModelMinute minute = models.get(stateKey);
        if (minute == null) {
            minute = new ModelMinute();
            minute.bucket = in.bucket;
            minute.model = in.model;
            minute.revision = 0;
        } else {
            minute.revision++;
        }
        minute.totals = in.totals;
        models.put(stateKey, minute);
        out.collect(record(in.bucket, in.tenantId, in.agentId, in.model, in.totals, minute.revision));

        long last = in.bucket + AgentWindows.MINUTE_MS - 1;
        Integer agentRevision = agentRevisions.get(in.bucket);
        if (agentRevision != null) {
            publishAgentRow(in.bucket, in.tenantId, in.agentId, agentRevision + 1, out);
        } else if (last <= ctx.timerService().currentWatermark()) {
            publishAgentRow(in.bucket, in.tenantId, in.agentId, 0, out);
        } else {
            ctx.timerService().registerEventTimeTimer(last);
        }
        ctx.timerService().registerEventTimeTimer(last + latenessMs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<org.openclaw.oversight.schema.AgentMetrics> out) throws Exception {
        // one timestamp can be the end of one minute and the end of the lateness of an older one
        String[] agent = ctx.getCurrentKey().split("/", 2);
        long ending = timestamp + 1 - AgentWindows.MINUTE_MS;
        if (agentRevisions.get(ending) == null && hasModels(ending)) {
            publishAgentRow(ending, agent[0], agent[1], 0, out);
        }
        long expired = ending - latenessMs;
        if (agentRevisions.contains(expired) || hasModels(expired)) {
            agentRevisions.remove(expired);
            List<String> keys = new ArrayList<>();
            for (Map.Entry<String, ModelMinute> e : models.entries()) {
                if (e.getValue().bucket == expired) {
                    keys.add(e.getKey());
                }
            }
            for (String key : keys) {
                models.remove(key);
            }
        }
    }

    private boolean hasModels(long bucket) throws Exception {
        for (ModelMinute m : models.values()) {
            if (m.bucket == bucket) {
                return true;
            }
        }
        return false;
    }

    private void publishAgentRow(long bucket, String tenantId, String agentId, int revision,
            Collector<org.openclaw.oversight.schema.AgentMetrics> out) throws Exception {
        WindowAccumulator all = new WindowAccumulator();
        for (ModelMinute m : models.values()) {
            if (m.bucket == bucket) {
                all.merge(m.totals);
            }
        }
        agentRevisions.put(bucket, revision);
        out.collect(record(bucket, tenantId, agentId, null, all, revision));
    }

    /** The Avro row; {@code model} null for the all-models row. */
    static org.openclaw.oversight.schema.AgentMetrics record(long bucket, String tenantId, String agentId, String model,
            WindowAccumulator totals, int revision) {
        AgentMetrics row = AgentMetrics.of(bucket, 1, tenantId, agentId, model, totals);
        return org.openclaw.oversight.schema.AgentMetrics.newBuilder()
                .setBucket(Instant.ofEpochMilli(bucket))
                .setTenantId(tenantId)
                .setAgentId(agentId)
                .setModel(model)
                .setRevision(revision)
                .setRequests(row.requests)
                .setErrors(row.errors)
                .setErrorRate(row.errorRate)
                .setInputTokens(row.inputTokens)
                .setOutputTokens(row.outputTokens)
                .setCachedInputTokens(row.cachedInputTokens)
                .setCacheCreationInputTokens(row.cacheCreationInputTokens)
                .setCostEur(row.costNanoEur / 1e9)
                .setUnpricedRequests(row.unpricedRequests)
                .setLlmCalls(row.llmCalls)
                .setLatencyCount(row.latencyCount)
                .setLatencyP50Ms(row.latencyP50Ms)
                .setLatencyP95Ms(row.latencyP95Ms)
                .setLatencyP99Ms(row.latencyP99Ms)
                .setLatencyMaxMs(row.latencyMaxMs)
                .setLatencyAvgMs(row.latencyAvgMs)
                .setToolCalls(row.toolCalls)
                .setToolFailures(row.toolFailures)
                .setAlignmentAvg(row.alignmentAvg)
                .setAlignmentCount(row.alignmentCount)
                .setQualityAvg(row.qualityAvg)
                .setQualityCount(row.qualityCount)
                .setSatisfactionAvg(row.satisfactionAvg)
                .setSatisfactionCount(row.satisfactionCount)
                .build();
    }

    /** Kafka key of a row: tenant/agent (DESIGN: the agent's rows stay in one partition, in order). */
    public static String key(org.openclaw.oversight.schema.AgentMetrics row) {
        return row.getTenantId() + "/" + row.getAgentId();
    }
}
