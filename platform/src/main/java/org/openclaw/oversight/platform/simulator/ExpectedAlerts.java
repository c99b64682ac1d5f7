package org.openclaw.oversight.platform.simulator;

import java.util.ArrayList;
import java.util.List;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.Severity;

/**
 * Which alerts each injected incident should raise, with event-time bounds, following the cross-helper mapping
 * (prompts/common-alerts.md, documented in README-simulator.md): an incident starting at S and ending at E expects
 * its alert with {@code startsAt} in {@code [S, E + bound]}, where the bound depends on the detector:
 * <ul>
 * <li>windowed detectors (≥ 3 anomalous minutes within 5, issue 12): 5 min + the run's disorder + 1 min, counted
 *     from the start of the minute S falls in, since such an alert starts with its first anomalous minute;</li>
 * <li>per-event detectors (TokenAnomaly, PiiLeak, PolicyViolation): 1 min + disorder after E, because runs that
 *     start in the window have spans after it;</li>
 * <li>AgentUnreachable: the 60 s default timeout + one heartbeat interval + 1 min + disorder after S (the agent
 *     went quiet at S, it need not stay away until E), from one heartbeat interval before S (the last sign of life);
 *     AgentDegraded: one heartbeat interval + 1 min + disorder after S.</li>
 * </ul>
 * Besides the required alerts, an incident lists what it may raise as a plain consequence of what it changes (a
 * cost spike's tokens also make a TokenAnomaly; a silent agent's callers see their hand-offs time out), so the
 * scorer counts those neither as missed nor as false positives.
 */
final class ExpectedAlerts {
    static final long WINDOW_BOUND_MS = 6 * 60_000;
    static final long EVENT_BOUND_MS = 60_000;
    /** Issue 12's default timeout of AgentUnreachable. */
    static final long UNREACHABLE_TIMEOUT_MS = 60_000;
    static final long SLACK_MS = 60_000;
    /** How long before an incident a run it slows may have begun: the simulator's model client gives up after 10 s. */
    static final long RUN_LEAD_MS = 10_000;
    /** The seed's LLM latency p95 warning (thresholds.llm_latency_p95_warning): above it LlmLatencyHigh fires. */
    static final long LLM_LATENCY_P95_WARNING_MS = 8_000;
    /** How many downstream agents an error burst must reach to count as a cascade (issue 12, detector 4). */
    static final int CASCADE_MIN_AGENTS = 2;

    private final Fleet fleet;
    private final List<IncidentOutcome> all;
    private final long disorderMs;
    private final long heartbeatIntervalMs;
    private final long lastEventTime;

    ExpectedAlerts(Fleet fleet, List<IncidentOutcome> all, long disorderMs, long heartbeatIntervalMs,
            long lastEventTime) {
        this.fleet = fleet;
        this.all = all;
        this.disorderMs = disorderMs;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.lastEventTime = lastEventTime;
    }

    /** The required alerts of one incident, then the tolerated ones; none for an incident the run did not reach. */
    List<ExpectedAlert> of(IncidentOutcome o) {
        List<ExpectedAlert> out = new ArrayList<>();
        if (o.windowStart() > lastEventTime) {
            return out;
        }
        Incident i = o.incident();
        String agent = i.agentId();
        Bounds b = new Bounds(o);
        switch (i.type()) {
            case COST_SPIKE -> {
                out.add(b.window(AlertType.COST_ANOMALY, null, agent, true));
                // the minute detector's tokens metric: its alert starts with the minute the incident began in
                out.add(b.window(AlertType.TOKEN_ANOMALY, null, agent, false));
                costConsequences(out, b, agent);
            }
            case TOKEN_SURGE -> {
                out.add(b.event(AlertType.TOKEN_ANOMALY, null, agent, true));
                out.add(b.window(AlertType.TOKEN_ANOMALY, null, agent, false)); // the minute detector's tokens metric too
                out.add(b.window(AlertType.COST_ANOMALY, null, agent, false));
                costConsequences(out, b, agent);
                latencyConsequences(out, b, agent); // longer answers take longer
            }
            case PROMPT_INJECTION -> {
                if (i.param("context_factor", 1.0) > 1.0) {
                    out.add(b.event(AlertType.TOKEN_ANOMALY, null, Severity.P2, agent, true));
                    out.add(b.window(AlertType.TOKEN_ANOMALY, null, agent, false));
                    out.add(b.window(AlertType.COST_ANOMALY, null, agent, false));
                    costConsequences(out, b, agent);
                }
            }
            case LATENCY_DEGRADATION -> {
                out.add(b.window(AlertType.LATENCY_ANOMALY, null, agent, true));
                out.add(b.window(AlertType.LLM_LATENCY_HIGH, null, agent,
                        o.llmCallP95Ms() > LLM_LATENCY_P95_WARNING_MS));
                out.add(b.run(AlertType.POLICY_VIOLATION, "max_response_time", agent, false));
                for (String caller : callersOf(agent)) { // their runs wait for this agent's
                    out.add(b.run(AlertType.POLICY_VIOLATION, "max_response_time", caller, false));
                }
            }
            case ERROR_BURST -> {
                out.add(b.window(AlertType.ERROR_RATE_ANOMALY, null, agent, true));
                if (o.causedBy() == null) {
                    long cascades = all.stream().filter(c -> i.equals(originOf(c)) && c.observed()).count();
                    out.add(b.window(AlertType.CASCADING_FAILURE, null, agent, cascades >= CASCADE_MIN_AGENTS));
                    out.add(b.window(AlertType.CASCADING_FAILURE, null, null, false)); // another agent named origin
                }
                for (String caller : callersOf(agent)) { // their hand-offs to it fail
                    out.add(b.window(AlertType.ERROR_RATE_ANOMALY, null, caller, false));
                }
            }
            case AGENT_SILENT, AGENT_DOWN, AGENT_STOPPED -> {
                boolean detectable = i.type() != IncidentType.AGENT_SILENT
                        || i.durationMs() > UNREACHABLE_TIMEOUT_MS + heartbeatIntervalMs;
                out.add(b.unreachable(agent, detectable));
                out.add(b.untilEnd(AlertType.SLA_BREACH, agent));
                // a conversation whose first reply (the one with the AI disclosure) was lost in the outage
                out.add(b.event(AlertType.POLICY_VIOLATION, "transparency_notice_required", agent, false));
                for (String caller : callersOf(agent)) { // their hand-offs to it time out, after 10 s
                    out.add(b.window(AlertType.ERROR_RATE_ANOMALY, null, caller, false));
                    out.add(b.run(AlertType.POLICY_VIOLATION, "max_response_time", caller, false));
                }
            }
            case AGENT_DEGRADED -> out.add(b.degraded(agent));
            case ALIGNMENT_DROP -> {
                out.add(b.window(AlertType.ALIGNMENT_DROP, null, agent, true));
                out.add(b.event(AlertType.POLICY_VIOLATION, "alignment_score_minimum", agent, false));
            }
            case PII_IN_OUTPUT -> out.add(b.event(AlertType.PII_LEAK, null, agent, true));
            case MISSING_AI_DISCLOSURE ->
                    out.add(b.event(AlertType.POLICY_VIOLATION, "transparency_notice_required", agent, true));
            case HUMAN_ESCALATION_UNANSWERED -> {
                out.add(b.event(AlertType.POLICY_VIOLATION, "human_escalation_enabled", agent, true));
                // an unanswered request also skips the HR agent's human review
                out.add(b.event(AlertType.POLICY_VIOLATION, "mandatory_human_review", agent, false));
            }
            case UNAPPROVED_VERSION ->
                    out.add(b.event(AlertType.POLICY_VIOLATION, "dual_review_for_changes", agent, true));
            case IGNORES_KILL_SWITCH -> out.add(b.killSwitch(agent, o.killCommandIgnoredAt()));
            default -> throw new IllegalStateException("no expected alerts for " + i.type());
        }
        return out;
    }

    private void costConsequences(List<ExpectedAlert> out, Bounds b, String agent) {
        out.add(b.window(AlertType.BUDGET_FORECAST_EXCEEDED, null, agent, false));
        out.add(b.window(AlertType.BUDGET_EXCEEDED, null, agent, false));
        out.add(b.run(AlertType.POLICY_VIOLATION, "max_cost_per_interaction", agent, false));
    }

    private void latencyConsequences(List<ExpectedAlert> out, Bounds b, String agent) {
        out.add(b.window(AlertType.LATENCY_ANOMALY, null, agent, false));
        out.add(b.window(AlertType.LLM_LATENCY_HIGH, null, agent, false));
        out.add(b.run(AlertType.POLICY_VIOLATION, "max_response_time", agent, false));
    }

    /** Agents that hand work to {@code agent}: its failures and its silence show in their runs. */
    private List<String> callersOf(String agent) {
        return fleet.agents().stream().filter(a -> a.handoffTargets().contains(agent)).map(SimulatedAgent::agentId)
                .toList();
    }

    private Incident originOf(IncidentOutcome cascade) {
        if (cascade.causedBy() == null) {
            return null;
        }
        return all.stream().map(IncidentOutcome::incident).filter(i -> i.label().equals(cascade.causedBy()))
                .findFirst().orElse(null);
    }

    /** The bounds of one incident for each kind of detector. */
    private final class Bounds {
        private final IncidentOutcome o;
        private final String tenant;
        private final long start;
        private final long end;

        Bounds(IncidentOutcome o) {
            this.o = o;
            this.tenant = fleet.find(o.incident().agentId()).orElseThrow().tenantId();
            this.start = o.windowStart();
            // an open-ended incident (agent_stopped) lasts as long as the run
            this.end = o.incident().type().openEnded() ? lastEventTime : o.windowEnd();
        }

        ExpectedAlert window(AlertType type, String rule, String agent, boolean required) {
            return new ExpectedAlert(type, rule, null, tenant, agent, Math.floorDiv(start, 60_000) * 60_000,
                    end + WINDOW_BOUND_MS + disorderMs, o.incident().label(), start, required, null);
        }

        ExpectedAlert event(AlertType type, String rule, String agent, boolean required) {
            return event(type, rule, null, agent, required);
        }

        ExpectedAlert event(AlertType type, String rule, Severity severity, String agent, boolean required) {
            return new ExpectedAlert(type, rule, severity, tenant, agent, start, end + EVENT_BOUND_MS + disorderMs,
                    o.incident().label(), start, required, null);
        }

        /**
         * A verdict on a whole agent run or interaction is stamped with its start: a run that began before the
         * incident and ran into it (its later calls slowed or costlier) is stamped up to {@link #RUN_LEAD_MS} earlier.
         */
        ExpectedAlert run(AlertType type, String rule, String agent, boolean required) {
            return new ExpectedAlert(type, rule, null, tenant, agent, start - RUN_LEAD_MS, end + EVENT_BOUND_MS + disorderMs,
                    o.incident().label(), start, required, null);
        }

        ExpectedAlert unreachable(String agent, boolean required) {
            return new ExpectedAlert(AlertType.AGENT_UNREACHABLE, null, null, tenant, agent,
                    start - heartbeatIntervalMs,
                    start + UNREACHABLE_TIMEOUT_MS + heartbeatIntervalMs + SLACK_MS + disorderMs,
                    o.incident().label(), start, required, null);
        }

        ExpectedAlert degraded(String agent) {
            return new ExpectedAlert(AlertType.AGENT_DEGRADED, null, null, tenant, agent, start,
                    start + heartbeatIntervalMs + SLACK_MS + disorderMs, o.incident().label(), start, true, null);
        }

        ExpectedAlert untilEnd(AlertType type, String agent) {
            return new ExpectedAlert(type, null, null, tenant, agent, start, lastEventTime + WINDOW_BOUND_MS,
                    o.incident().label(), start, false, null);
        }

        ExpectedAlert killSwitch(String agent, Long ignoredAt) {
            return new ExpectedAlert(AlertType.POLICY_VIOLATION, "kill_switch_required", null, tenant, agent,
                    ignoredAt == null ? start : ignoredAt, end + EVENT_BOUND_MS + disorderMs, o.incident().label(),
                    start, true, ignoredAt == null ? "no PAUSE or SHUTDOWN reached the agent while it ignored them" : null);
        }
    }
}
