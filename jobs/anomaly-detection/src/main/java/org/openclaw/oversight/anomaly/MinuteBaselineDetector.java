package org.openclaw.oversight.anomaly;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.schema.AgentMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detector 2 (and the minute half of 6): an agent's minute over all its models against its own last
 * N minutes ({@code baseline_minutes}), keyed by tenant/agent, on {@code oversight.agent-metrics.v1}.
 *
 * <p>Only the first emission of a minute (revision 0) is judged — the one that arrives on time;
 * later revisions replace the minute in the history, so corrections improve the baseline without
 * judging a minute twice. Per {@link MinuteMetric}: with at least {@code min_history_minutes}
 * earlier minutes that carry the metric, their median as the baseline's centre and 1.4826 × the
 * median absolute deviation as its σ — robust estimates, so the first anomalous minutes of an
 * incident do not inflate σ and hide the next ones (with mean and sample σ, two minutes of a 50 %
 * error rate in 20 minutes of history lift 3σ above the third); σ is raised to its floor
 * ({@code sigma_floor_fraction} of the centre; for the error rate at least {@code error_rate_sigma_floor}),
 * so a flat baseline does not call noise an anomaly. The error rate, a proportion of a few dozen
 * requests, is judged like a p-chart: centre = the pooled rate of the history (errors / requests), σ at
 * least the binomial √(p(1−p)/n) for this minute's n requests (with a median of 0 errors the MAD is 0
 * and two errors in 30 requests would look like 3σ). Anomalous beyond centre + k·σ (alignment: below
 * centre − k·σ). Anomalous values still enter the history: an incident that lasts more than half of
 * the N minutes becomes the new normal, which is what a baseline of the last N minutes means. The alignment average is also
 * compared with the agent's policy minimum. Every judged metric leaves as a {@link MinuteJudgement}
 * (normal ones clear alerts, anomalous ones feed the anomalies table and the CEP patterns).
 *
 * <p><b>Warm start.</b> When the job starts without restored state (the first start, {@code --fresh}),
 * {@link #initializeState} reads the last {@code warm_start_history} of {@code agent_metrics_1m}
 * ({@link BaselineHistory}) on the TaskManager, and an agent whose history is empty takes those minutes
 * before its first row is judged. With restored state nothing is read: the checkpoint's history is newer
 * than the table's. A failed read is logged and the job learns from scratch (minimum history applies).
 * State: at most N minutes per agent, expiring {@code forget_agent_after} after the last write.
 */
public class MinuteBaselineDetector extends KeyedProcessFunction<String, AgentMetrics, MinuteJudgement> implements CheckpointedFunction {

    private static final Logger LOG = LoggerFactory.getLogger(MinuteBaselineDetector.class);
    private static final long MINUTE_MS = 60_000L;
    /** 1.4826 · MAD estimates σ for normally distributed data. */
    static final double MAD_TO_SIGMA = 1.4826;

    private final DetectionSettings settings;
    private final JdbcConnection warmStartDb;
    private transient MapState<Long, MinuteValues> history;
    private transient Map<String, List<MinuteValues>> warmStart;

    /** {@code warmStartDb} null: no warm start (tests, or {@code anomaly.warm_start: false}). */
    public MinuteBaselineDetector(DetectionSettings settings, JdbcConnection warmStartDb) {
        this.settings = settings;
        this.warmStartDb = settings.anomaly().warmStart() ? warmStartDb : null;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        warmStart = Collections.emptyMap();
        if (warmStartDb == null || context.isRestored()) {
            return;
        }
        try {
            warmStart = BaselineHistory.load(warmStartDb, settings.anomaly().warmStartHistory());
            LOG.info("anomaly-detection: warm start with {} agents' minutes of the last {} from agent_metrics_1m", warmStart.size(),
                    settings.anomaly().warmStartHistory());
        } catch (SQLException e) {
            LOG.warn("anomaly-detection: no warm start, reading agent_metrics_1m failed (SQLState {}); baselines start empty",
                    e.getSQLState());
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // the history lives in keyed state; the warm-start rows are only needed until each agent's first row
    }

    @Override
    public void open(OpenContext openContext) {
        MapStateDescriptor<Long, MinuteValues> descriptor = new MapStateDescriptor<>("minute-history", Types.LONG,
                TypeInformation.of(MinuteValues.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(settings.anomaly().forgetAgentAfter()).build());
        history = getRuntimeContext().getMapState(descriptor);
    }

    @Override
    public void processElement(AgentMetrics row, Context ctx, Collector<MinuteJudgement> out) throws Exception {
        MinuteValues minute = MinuteValues.of(row);
        String agentKey = ctx.getCurrentKey();
        long oldest = minute.bucket - settings.anomaly().baselineMinutes() * MINUTE_MS;
        seedFromWarmStart(agentKey, minute.bucket, oldest);
        if (row.getRevision() == 0) {
            List<MinuteValues> earlier = new ArrayList<>();
            for (MinuteValues v : history.values()) {
                if (v.bucket >= oldest && v.bucket < minute.bucket) {
                    earlier.add(v);
                }
            }
            for (MinuteMetric metric : MinuteMetric.values()) {
                MinuteJudgement j = metric == MinuteMetric.ALIGNMENT_MINIMUM
                        ? belowMinimum(row, minute)
                        : judge(row, metric, minute, earlier);
                if (j != null) {
                    if (j.anomalous) {
                        minute.anomalousMetrics |= 1 << metric.ordinal();
                    }
                    out.collect(j);
                }
            }
        } else {
            MinuteValues judged = history.get(minute.bucket);
            if (judged != null) {
                minute.anomalousMetrics = judged.anomalousMetrics; // a correction keeps its minute's verdicts
            }
        }
        history.put(minute.bucket, minute);
        List<Long> expired = new ArrayList<>();
        for (Long bucket : history.keys()) {
            if (bucket < oldest) {
                expired.add(bucket);
            }
        }
        for (Long bucket : expired) {
            history.remove(bucket);
        }
    }

    private void seedFromWarmStart(String agentKey, long bucket, long oldest) throws Exception {
        List<MinuteValues> stored = warmStart.isEmpty() ? null : warmStart.remove(agentKey);
        if (stored == null || !history.isEmpty()) {
            return;
        }
        for (MinuteValues v : stored) {
            if (v.bucket >= oldest && v.bucket < bucket) {
                history.put(v.bucket, v);
            }
        }
    }

    private MinuteJudgement judge(AgentMetrics row, MinuteMetric metric, MinuteValues minute, List<MinuteValues> earlier) {
        long minRequests = settings.anomaly().minRequestsPerMinute();
        double value = metric.value(minute, minRequests);
        if (Double.isNaN(value)) {
            return null;
        }
        List<Double> values = new ArrayList<>();
        List<Long> flagged = new ArrayList<>();
        for (MinuteValues v : earlier) {
            if ((v.anomalousMetrics & (1 << metric.ordinal())) != 0) {
                flagged.add(v.bucket);
            }
        }
        double extreme = Double.NaN;
        for (MinuteValues v : earlier) {
            double x = metric.value(v, minRequests);
            if (!Double.isNaN(x)) {
                values.add(x);
                if (!inAnomalousCluster(v.bucket, flagged, minute.bucket)) {
                    extreme = Double.isNaN(extreme) ? x : metric.upIsBad() ? Math.max(extreme, x) : Math.min(extreme, x);
                }
            }
        }
        int n = values.size();
        if (n < settings.anomaly().minHistoryMinutes()) {
            return null;
        }
        double mean = median(values);
        List<Double> deviations = new ArrayList<>(n);
        for (double x : values) {
            deviations.add(Math.abs(x - mean));
        }
        double sd = MAD_TO_SIGMA * median(deviations);
        if (metric == MinuteMetric.ERROR_RATE) {
            // a proportion of few requests: the p-chart's binomial σ at the pooled baseline rate and this minute's requests
            long errors = 0;
            long requests = 0;
            for (MinuteValues v : earlier) {
                if (!Double.isNaN(metric.value(v, minRequests))) {
                    errors += Math.round(v.errorRate * v.requests);
                    requests += v.requests;
                }
            }
            mean = requests == 0 ? 0 : (double) errors / requests;
            sd = Math.max(sd, Math.sqrt(mean * (1 - mean) / minute.requests));
        }
        double sigma = Math.max(sd, metric.sigmaFloor(mean, settings.anomaly().sigmaFloorFraction(),
                settings.anomaly().errorRateSigmaFloor()));
        if (sigma <= 0) {
            return null; // a metric that was exactly 0 all along (no priced calls): nothing to compare with
        }
        double k = settings.anomaly().sigma();
        // beyond k·σ and beyond every minute of the baseline: the robust σ describes the baseline's core, and a
        // minute's p95 (an order statistic of a log-normal) or cost has a heavier right tail than a normal
        // distribution — in normal traffic latency minutes went beyond median + 3σ(MAD) in ~1 of 6 minutes, so
        // three in five happened within the hour. Beyond the largest of the last n minutes is, for exchangeable
        // minutes, a chance of 1/(n+1) whatever the distribution; both together make three in five rare. The minutes
        // of an earlier incident in the hour do not count for the extreme (it must not hide the next one).
        double threshold = metric.upIsBad() ? mean + k * sigma : mean - k * sigma;
        if (!Double.isNaN(extreme)) {
            threshold = metric.upIsBad() ? Math.max(threshold, extreme) : Math.min(threshold, extreme);
        }
        boolean anomalous = metric.upIsBad() ? value > threshold : value < threshold;
        return judgement(row, metric, value, mean, sigma, threshold, anomalous, n);
    }

    /**
     * Whether {@code bucket} was an anomalous minute that may belong to an incident: within {@code anomalous_within}
     * of the minute being judged (the start of the incident this minute may continue), or with at least
     * {@code anomalous_minutes} anomalous minutes within {@code anomalous_within} around it. Only those are kept out of
     * the baseline's extreme: older single anomalous minutes stay in, or the first slow minute of a heavy tail would
     * make every later one anomalous.
     */
    private boolean inAnomalousCluster(long bucket, List<Long> flagged, long judged) {
        if (!flagged.contains(bucket)) {
            return false;
        }
        long within = settings.anomaly().anomalousWithin().toMillis() - MINUTE_MS;
        if (judged - bucket <= within) {
            return true;
        }
        int near = 0;
        for (long f : flagged) {
            if (Math.abs(f - bucket) <= within) {
                near++;
            }
        }
        return near >= settings.anomaly().anomalousMinutes();
    }

    /** Median of the values (the list is sorted in place). */
    static double median(List<Double> values) {
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private MinuteJudgement belowMinimum(AgentMetrics row, MinuteValues minute) {
        double value = MinuteMetric.ALIGNMENT_MINIMUM.value(minute, 1);
        if (Double.isNaN(value)) {
            return null;
        }
        double minimum = settings.alignmentMinimum(row.getTenantId(), row.getAgentId());
        return judgement(row, MinuteMetric.ALIGNMENT_MINIMUM, value, minimum, 0, minimum, value < minimum, 0);
    }

    private static MinuteJudgement judgement(AgentMetrics row, MinuteMetric metric, double value, double mean, double sigma,
            double threshold, boolean anomalous, int historyMinutes) {
        MinuteJudgement j = new MinuteJudgement();
        j.tenantId = row.getTenantId();
        j.agentId = row.getAgentId();
        j.metric = metric;
        j.bucket = row.getBucket().toEpochMilli();
        j.value = value;
        j.mean = mean;
        j.sigma = sigma;
        j.threshold = threshold;
        j.anomalous = anomalous;
        j.historyMinutes = historyMinutes;
        return j;
    }
}
