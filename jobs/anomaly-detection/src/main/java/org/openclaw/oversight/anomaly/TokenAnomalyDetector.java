package org.openclaw.oversight.anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.Severity;

/**
 * Detector 1 (seed, layer S5): every LLM call's total tokens against its tenant's running
 * distribution, per event, no window — an alert leaves with the call that completes it.
 *
 * <p>The distribution is of ln(1 + tokens): token counts of LLM calls are skewed (roughly
 * log-normal), and on the raw scale mean + 3σ is passed by a few percent of perfectly normal calls.
 * Mean and variance are exponentially weighted ({@link RunningStats}); σ is at least
 * ln(1 + {@code sigma_floor_fraction}) so a tenant with uniform calls does not fire on a 20 % larger
 * one. Calls judged anomalous do not enter the baseline (a surge must not become the new normal).
 *
 * <p>With z = (ln(1+tokens) − mean) / σ and k = {@code thresholds.token_anomaly_sigma}, after
 * {@code token_min_history} calls of the tenant:
 * <ul>
 *   <li>z > k and the call is {@code injectionSuspected}: TokenAnomaly P2 at once (the seed's "prompt
 *       injection exploiting context length": two independent signals agree);</li>
 *   <li>z > 2k: P3 at once — a call that far out (≥ 16× the median at the usual spread) is not noise;</li>
 *   <li>k < z ≤ 2k alone: no alert, and kept out of the baseline. One call beyond 3σ is ~0.1–0.3 % of
 *       perfectly normal calls, so alerting on it would page several times an hour on a quiet fleet;</li>
 *   <li>but at least {@code token_surge_calls} (4) of the agent's last {@code token_surge_window} (8) judged
 *       calls beyond k: P3 — a surge (a runaway loop, a grown context) of calls each too moderate to be judged
 *       alone. With p ≈ 0.002 per normal call, 4 of 8 has a probability of C(8,4)·p⁴ ≈ 10⁻⁹ per call, and
 *       even p = 0.01 gives ~10⁻⁶; counting calls, not time, makes it independent of the agent's rate. A
 *       slower rise of an agent's tokens is the minute detector's ({@link MinuteMetric#TOKENS}).</li>
 * </ul>
 * The agent's alert resolves when it had no anomalous call for {@code token_resolve_after} (event
 * time). State: the tenant's statistics (TTL {@code forget_agent_after}) and one small episode per
 * agent that has a suspicious or firing call, removed by its timer.
 */
public class TokenAnomalyDetector extends KeyedProcessFunction<String, LlmCall, Alert> {

    private final AnomalyAlerts alerts;
    private final double k;
    private final long horizon;
    private final long minHistory;
    private final long resolveAfterMs;
    private final double logSigmaFloor;
    private transient ValueState<RunningStats> stats;
    private transient MapState<String, TokenEpisode> episodes;
    /** Per agent, its last judged calls as bits (1 = beyond k), newest lowest. */
    private transient MapState<String, Integer> recentCalls;
    private final int surgeCalls;
    private final int surgeMask;

    public TokenAnomalyDetector(DetectionSettings settings) {
        this.alerts = new AnomalyAlerts(settings);
        this.k = settings.thresholds().tokenAnomalySigma();
        this.horizon = settings.anomaly().tokenBaselineCalls();
        this.minHistory = settings.anomaly().tokenMinHistory();
        this.resolveAfterMs = settings.anomaly().tokenResolveAfter().toMillis();
        this.logSigmaFloor = Math.log1p(settings.anomaly().sigmaFloorFraction());
        this.forgetAfter = settings.anomaly().forgetAgentAfter();
        this.surgeCalls = (int) settings.anomaly().tokenSurgeCalls();
        this.surgeMask = (int) ((1L << settings.anomaly().tokenSurgeWindow()) - 1);
    }

    private final java.time.Duration forgetAfter;

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<RunningStats> statsDescriptor = new ValueStateDescriptor<>("token-stats", TypeInformation.of(RunningStats.class));
        statsDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(forgetAfter).build());
        stats = getRuntimeContext().getState(statsDescriptor);
        episodes = getRuntimeContext().getMapState(new MapStateDescriptor<>("token-episodes", Types.STRING,
                TypeInformation.of(TokenEpisode.class)));
        MapStateDescriptor<String, Integer> recentDescriptor = new MapStateDescriptor<>("token-recent-calls", Types.STRING, Types.INT);
        recentDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(forgetAfter).build());
        recentCalls = getRuntimeContext().getMapState(recentDescriptor);
    }

    @Override
    public void processElement(LlmCall call, Context ctx, Collector<Alert> out) throws Exception {
        RunningStats s = stats.value();
        if (s == null) {
            s = new RunningStats();
        }
        double x = Math.log1p(call.totalTokens);
        double sigma = Math.max(s.sigma(), logSigmaFloor);
        double z = (x - s.mean) / sigma;
        if (s.count < minHistory) {
            s.add(x, horizon);
            stats.update(s);
            return;
        }
        boolean beyond = z > k;
        Integer before = recentCalls.get(call.agentId);
        int recent = (((before == null ? 0 : before) << 1) | (beyond ? 1 : 0)) & surgeMask;
        recentCalls.put(call.agentId, recent);
        if (!beyond) {
            // an agent with half a surge's calls beyond k among its last ones (2 of 8: ~10⁻⁴ for normal calls) stops
            // teaching its tenant's baseline: a surge's own moderate calls would otherwise drag the tenant's mean and σ
            // up within a few hundred calls, and the surge would hide itself before it had shown 4 of 8
            if (Integer.bitCount(recent) < Math.max(1, surgeCalls / 2)) {
                s.add(x, horizon);
                stats.update(s);
            }
            return;
        }
        boolean surge = Integer.bitCount(recent) >= surgeCalls;
        Severity severity = call.injectionSuspected ? Severity.P2 : z > 2 * k || surge ? Severity.P3 : null;
        if (severity == null) {
            return; // beyond k·σ alone: kept out of the baseline, but one such call in ~1000 is normal
        }
        TokenEpisode episode = episodes.get(call.agentId);
        if (episode == null) {
            episode = new TokenEpisode();
        }
        double threshold = Math.expm1(s.mean + k * sigma);
        if (!episode.firing) {
            episode.firing = true;
            episode.startsAt = call.eventTimeMs;
        }
        episode.lastAnomalyAt = Math.max(episode.lastAnomalyAt, call.eventTimeMs);
        episodes.put(call.agentId, episode);
        ctx.timerService().registerEventTimeTimer(episode.lastAnomalyAt + resolveAfterMs);
        out.collect(draft(call.tenantId, call.agentId, severity, call.totalTokens, threshold, z, call.injectionSuspected)
                .evidence(List.of(call.eventId)).firing(episode.startsAt));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, TokenEpisode> e : episodes.entries()) {
            TokenEpisode episode = e.getValue();
            if (episode.lastAnomalyAt + resolveAfterMs <= timestamp) {
                out.collect(draft(ctx.getCurrentKey(), e.getKey(), Severity.P3, null, null, Double.NaN, false)
                        .clear(episode.lastAnomalyAt + resolveAfterMs));
                done.add(e.getKey());
            }
        }
        for (String agent : done) {
            episodes.remove(agent);
        }
    }

    private AnomalyAlerts.Draft draft(String tenantId, String agentId, Severity severity, Long tokens, Double threshold, double z,
            boolean injection) {
        AnomalyAlerts.Draft d = alerts.draft(AlertType.TOKEN_ANOMALY, tenantId, agentId).severity(severity)
                .window(java.time.Duration.ofMillis(resolveAfterMs));
        if (tokens == null) {
            return d.summary("token use of agent " + agentId + " (tenant " + tenantId + ") is back within its tenant's distribution");
        }
        return d.value((double) tokens).threshold(threshold)
                .summary(String.format(Locale.ROOT, "LLM call of agent %s (tenant %s) used %d tokens, %.1fσ above the tenant's usual%s",
                        agentId, tenantId, tokens, z, injection ? "; the call is also suspected of prompt injection" : ""))
                .description(String.format(Locale.ROOT, "Tokens per call are judged on a log scale against the tenant's exponentially "
                        + "weighted mean and σ; the threshold (k = %.1f) is %.0f tokens. Possible prompt-injection attack exploiting "
                        + "context length, or a runaway loop.", k, threshold));
    }
}
