package org.openclaw.oversight.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * The {@code anomaly} section of oversight.yml: what the anomaly-detection job's detectors need beyond
 * the seed's {@code thresholds} (which keep the token σ, the LLM latency and channel error limits).
 * Defaults are statistics rules of thumb, not tuned to any scenario (config/README.md).
 *
 * @param outOfOrderness          how far event times may be out of order before event-time logic moves on (30s)
 * @param idleness                a source partition quiet this long stops holding the watermark back (1m)
 * @param tokenBaselineCalls      horizon of the exponentially weighted token mean/variance per tenant, in LLM calls (500)
 * @param tokenMinHistory         LLM calls of a tenant seen before its token use is judged (50)
 * @param tokenResolveAfter       a TokenAnomaly resolves when the agent had no anomalous call for this long (2m)
 * @param baselineMinutes         N: the minute detectors compare a minute with the agent's last N minutes (60)
 * @param minHistoryMinutes       minutes of history before an agent's minute is judged (10)
 * @param sigma                   k of the minute detectors: anomalous beyond mean ± k·σ (3.0)
 * @param sigmaFloorFraction      σ is at least this fraction of the baseline mean, so a flat baseline does not fire on noise (0.1)
 * @param errorRateSigmaFloor     σ of the error rate is at least this (absolute, 0..1) (0.02)
 * @param minRequestsPerMinute    minutes with fewer requests (or latencies) are not judged for error rate and latency (5)
 * @param anomalousMinutes        anomalous minutes of one metric that raise its alert (3) ...
 * @param anomalousWithin         ... within this time (5m)
 * @param cascadeWithin           an error of agent A followed within this by errors of agents downstream of A (60s) ...
 * @param cascadeDownstreamAgents ... in at least this many other agents ... (2)
 * @param cascadeErrorsPerAgent   ... with at least this many errors each, is a CascadingFailure (2)
 * @param cascadeErrorRateAgents  ErrorRateAnomaly in this many agents of one tenant ... (3)
 * @param cascadeErrorRateWithin  ... within this time is a CascadingFailure too (2m)
 * @param heartbeatTimeout        no heartbeat and no event for longer than this: AgentUnreachable (60s)
 * @param alignmentMinimum        alignment minimum for agents whose policy node sets no alignment_score_minimum (0.85)
 * @param alignmentMinutes        consecutive minutes below the minimum that raise AlignmentDrop (3)
 * @param warmStart               whether a start with empty state loads baselines from agent_metrics_1m (true)
 * @param warmStartHistory        how far back the warm start reads (3h)
 * @param forgetAgentAfter        state of an agent with no input for this long is dropped (1d)
 * @param tokenSurgeCalls         an agent whose last {@code tokenSurgeWindow} judged LLM calls have at least this many
 *                                beyond k·σ of its tenant raises TokenAnomaly (4) ...
 * @param tokenSurgeWindow        ... (8): one call beyond 3σ is ~0.2 % of normal calls, 4 of 8 about 10⁻⁹ per call
 */
public record AnomalySettings(Duration outOfOrderness, Duration idleness, long tokenBaselineCalls, long tokenMinHistory,
                              Duration tokenResolveAfter, long baselineMinutes, long minHistoryMinutes, double sigma,
                              double sigmaFloorFraction, double errorRateSigmaFloor, long minRequestsPerMinute,
                              long anomalousMinutes, Duration anomalousWithin, Duration cascadeWithin, long cascadeDownstreamAgents,
                              long cascadeErrorsPerAgent, long cascadeErrorRateAgents, Duration cascadeErrorRateWithin, Duration heartbeatTimeout,
                              double alignmentMinimum, long alignmentMinutes, boolean warmStart, Duration warmStartHistory,
                              Duration forgetAgentAfter, long tokenSurgeCalls, long tokenSurgeWindow) implements Serializable {

    public static final AnomalySettings DEFAULTS = new AnomalySettings(Duration.ofSeconds(30), Duration.ofMinutes(1), 500, 50,
            Duration.ofMinutes(2), 60, 10, 3.0, 0.1, 0.02, 5, 3, Duration.ofMinutes(5), Duration.ofSeconds(60), 2, 2, 3,
            Duration.ofMinutes(2), Duration.ofSeconds(60), 0.85, 3, true, Duration.ofHours(3), Duration.ofDays(1), 4, 8);

    static AnomalySettings read(ConfigMapping section) {
        AnomalySettings d = DEFAULTS;
        AnomalySettings s = new AnomalySettings(
                section.valueOr("out_of_orderness", node -> atMost(node, Duration.ofMinutes(10)), d.outOfOrderness()),
                section.valueOr("idleness", node -> atMost(node, Duration.ofHours(1)), d.idleness()),
                section.valueOr("token_baseline_calls", node -> node.wholeNumber(10, 1_000_000), d.tokenBaselineCalls()),
                section.valueOr("token_min_history", node -> node.wholeNumber(2, 1_000_000), d.tokenMinHistory()),
                section.valueOr("token_resolve_after", node -> atMost(node, Duration.ofHours(1)), d.tokenResolveAfter()),
                section.valueOr("baseline_minutes", node -> node.wholeNumber(5, 1440), d.baselineMinutes()),
                section.valueOr("min_history_minutes", node -> node.wholeNumber(2, 1440), d.minHistoryMinutes()),
                section.valueOr("sigma", node -> node.number(1, 10), d.sigma()),
                section.valueOr("sigma_floor_fraction", node -> node.number(0, 10), d.sigmaFloorFraction()),
                section.valueOr("error_rate_sigma_floor", node -> node.number(0, 1), d.errorRateSigmaFloor()),
                section.valueOr("min_requests_per_minute", node -> node.wholeNumber(1, 1_000_000), d.minRequestsPerMinute()),
                section.valueOr("anomalous_minutes", node -> node.wholeNumber(1, 60), d.anomalousMinutes()),
                section.valueOr("anomalous_within", node -> wholeMinutes(node, Duration.ofHours(1)), d.anomalousWithin()),
                section.valueOr("cascade_within", node -> atMost(node, Duration.ofMinutes(30)), d.cascadeWithin()),
                section.valueOr("cascade_downstream_agents", node -> node.wholeNumber(1, 100), d.cascadeDownstreamAgents()),
                section.valueOr("cascade_errors_per_agent", node -> node.wholeNumber(1, 100), d.cascadeErrorsPerAgent()),
                section.valueOr("cascade_error_rate_agents", node -> node.wholeNumber(2, 100), d.cascadeErrorRateAgents()),
                section.valueOr("cascade_error_rate_within", node -> atMost(node, Duration.ofHours(1)), d.cascadeErrorRateWithin()),
                section.valueOr("heartbeat_timeout", node -> atLeast(node, Duration.ofSeconds(5), Duration.ofHours(1)), d.heartbeatTimeout()),
                section.valueOr("alignment_minimum", node -> node.number(0, 1), d.alignmentMinimum()),
                section.valueOr("alignment_minutes", node -> node.wholeNumber(1, 60), d.alignmentMinutes()),
                section.valueOr("warm_start", ConfigNode::bool, d.warmStart()),
                section.valueOr("warm_start_history", node -> atMost(node, Duration.ofDays(2)), d.warmStartHistory()),
                section.valueOr("forget_agent_after", node -> atLeast(node, Duration.ofMinutes(10), Duration.ofDays(30)),
                        d.forgetAgentAfter()),
                section.valueOr("token_surge_calls", node -> node.wholeNumber(2, 32), d.tokenSurgeCalls()),
                section.valueOr("token_surge_window", node -> node.wholeNumber(2, 32), d.tokenSurgeWindow()));
        if (s.minHistoryMinutes() > s.baselineMinutes()) {
            section.get("min_history_minutes").ifPresentOrElse(
                    node -> node.error("must not exceed baseline_minutes (" + s.baselineMinutes() + ")"),
                    () -> section.get("baseline_minutes").ifPresent(
                            node -> node.error("must not be below min_history_minutes (" + s.minHistoryMinutes() + ")")));
        }
        if (s.anomalousMinutes() * 60_000L > s.anomalousWithin().toMillis()) {
            section.get("anomalous_minutes").ifPresentOrElse(
                    node -> node.error(s.anomalousMinutes() + " minutes do not fit in anomalous_within ("
                            + DurationSyntax.format(s.anomalousWithin()) + ")"),
                    () -> section.get("anomalous_within").ifPresent(node -> node.error("shorter than anomalous_minutes ("
                            + s.anomalousMinutes() + " minutes)")));
        }
        if (s.tokenSurgeCalls() > s.tokenSurgeWindow()) {
            section.get("token_surge_calls").ifPresentOrElse(
                    node -> node.error("must not exceed token_surge_window (" + s.tokenSurgeWindow() + ")"),
                    () -> section.get("token_surge_window").ifPresent(
                            node -> node.error("must not be below token_surge_calls (" + s.tokenSurgeCalls() + ")")));
        }
        section.rejectUnknownKeys();
        return s;
    }

    private static java.util.Optional<Duration> atMost(ConfigNode node, Duration max) {
        return atLeast(node, Duration.ofMillis(1), max);
    }

    private static java.util.Optional<Duration> atLeast(ConfigNode node, Duration min, Duration max) {
        java.util.Optional<Duration> duration = node.duration();
        if (duration.isPresent() && (duration.get().compareTo(min) < 0 || duration.get().compareTo(max) > 0)) {
            node.error("out of range: " + DurationSyntax.format(duration.get()) + " (allowed: " + DurationSyntax.format(min)
                    + " up to " + DurationSyntax.format(max) + ")");
            return java.util.Optional.empty();
        }
        return duration;
    }

    private static java.util.Optional<Duration> wholeMinutes(ConfigNode node, Duration max) {
        java.util.Optional<Duration> duration = atMost(node, max);
        if (duration.isPresent() && duration.get().toMillis() % 60_000 != 0) {
            node.error("must be whole minutes (e.g. 5m), not " + DurationSyntax.format(duration.get()));
            return java.util.Optional.empty();
        }
        return duration;
    }
}
