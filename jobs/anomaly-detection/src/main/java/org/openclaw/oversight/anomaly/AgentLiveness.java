package org.openclaw.oversight.anomaly;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.config.DurationSyntax;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;

/**
 * Detector 5, keyed by tenant/agent over heartbeats and clean events: AgentUnreachable (P2) when
 * neither arrived for longer than {@code heartbeat_timeout}, or at once on a DOWN heartbeat;
 * AgentDegraded (P3) on a DEGRADED heartbeat; each resolved when the agent is back (any signal after
 * silence, a heartbeat other than DOWN after DOWN, UP after DEGRADED).
 *
 * <p><b>Processing time, by choice.</b> A stopped agent sends nothing, so nothing would move an event-time
 * clock for its key, and a watermark with idleness only stops waiting for a quiet partition — it does not
 * advance the time of a quiet key. A processing-time timer fires on its own. Its {@code startsAt} is the
 * wall-clock time the silence passed the timeout (last signal + timeout), which in a live run is the
 * clock events carry. Two guards keep the wall clock honest: after a start or restore, no agent is
 * declared silent before the job has itself run one timeout (a backlog must have a chance to arrive
 * first; restored timers would otherwise fire at once for everyone), and heartbeat status follows
 * heartbeat event time (a late UP does not undo a newer DOWN). Replays of old data at high speed see
 * agents as alive while their records flow, which is what arrival means.
 *
 * <p>State drains: an agent without any signal for {@code forget_agent_after} is forgotten — its open
 * alerts are resolved (the agent is gone, not merely down) and its state and timer removed.
 */
public class AgentLiveness extends KeyedProcessFunction<String, LivenessSignal, Alert> {

    private final AnomalyAlerts alerts;
    private final long timeoutMs;
    private final long forgetMs;
    private transient ValueState<AgentLivenessState> state;
    private transient long startedAt;

    public AgentLiveness(DetectionSettings settings) {
        this.alerts = new AnomalyAlerts(settings);
        this.timeoutMs = settings.anomaly().heartbeatTimeout().toMillis();
        this.forgetMs = settings.anomaly().forgetAgentAfter().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("liveness", TypeInformation.of(AgentLivenessState.class)));
        startedAt = Long.MIN_VALUE;
    }

    @Override
    public void processElement(LivenessSignal signal, Context ctx, Collector<Alert> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        if (startedAt == Long.MIN_VALUE) {
            startedAt = now;
        }
        AgentLivenessState s = state.value();
        if (s == null) {
            s = new AgentLivenessState();
        }
        if (s.silent) {
            s.silent = false;
            out.collect(unreachable(signal.tenantId, signal.agentId).summary("agent " + signal.agentId + " is reachable again")
                    .clear(Math.max(signal.eventTimeMs, s.lastSeenAt + timeoutMs)));
        }
        s.lastSeenAt = now;
        if (signal.status != null && signal.eventTimeMs >= s.lastHeartbeatAt) {
            s.lastHeartbeatAt = signal.eventTimeMs;
            heartbeat(signal, s, out);
        }
        if (s.timer != Long.MIN_VALUE) {
            ctx.timerService().deleteProcessingTimeTimer(s.timer);
        }
        s.timer = now + timeoutMs + 1;
        ctx.timerService().registerProcessingTimeTimer(s.timer);
        state.update(s);
    }

    private void heartbeat(LivenessSignal hb, AgentLivenessState s, Collector<Alert> out) {
        boolean down = "DOWN".equals(hb.status);
        boolean degraded = "DEGRADED".equals(hb.status);
        if (down && !s.down) {
            out.collect(unreachable(hb.tenantId, hb.agentId).value(0.0).threshold(null)
                    .summary("agent " + hb.agentId + " (tenant " + hb.tenantId + ") reports DOWN")
                    .description("Its heartbeat status is DOWN.").firing(hb.eventTimeMs));
        } else if (!down && s.down) {
            out.collect(unreachable(hb.tenantId, hb.agentId).summary("agent " + hb.agentId + " reports " + hb.status + " again")
                    .clear(hb.eventTimeMs));
        }
        if (degraded && !s.degraded) {
            out.collect(alerts.draft(AlertType.AGENT_DEGRADED, hb.tenantId, hb.agentId)
                    .summary("agent " + hb.agentId + " (tenant " + hb.tenantId + ") reports DEGRADED")
                    .description("Its heartbeat status is DEGRADED.").firing(hb.eventTimeMs));
        } else if (!degraded && s.degraded) {
            out.collect(alerts.draft(AlertType.AGENT_DEGRADED, hb.tenantId, hb.agentId)
                    .summary("agent " + hb.agentId + " reports " + hb.status).clear(hb.eventTimeMs));
        }
        s.down = down;
        s.degraded = degraded;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        AgentLivenessState s = state.value();
        if (s == null || timestamp != s.timer) {
            return;
        }
        String[] agent = ctx.getCurrentKey().split("/", 2);
        long now = ctx.timerService().currentProcessingTime();
        if (now - s.lastSeenAt >= forgetMs) {
            if (s.silent || s.down) {
                out.collect(unreachable(agent[0], agent[1]).summary("agent " + agent[1] + " forgotten after "
                        + DurationSyntax.format(java.time.Duration.ofMillis(forgetMs)) + " without a sign of life").clear(now));
            }
            if (s.degraded) {
                out.collect(alerts.draft(AlertType.AGENT_DEGRADED, agent[0], agent[1]).summary("agent " + agent[1] + " forgotten").clear(now));
            }
            state.clear();
            return;
        }
        if (startedAt == Long.MIN_VALUE) {
            startedAt = now;
        }
        if (now - startedAt < timeoutMs) {
            // just (re)started: give input that is still on its way one timeout to arrive
            s.timer = now + timeoutMs;
        } else {
            if (!s.silent && !s.down) {
                s.silent = true;
                out.collect(unreachable(agent[0], agent[1]).value((double) (now - s.lastSeenAt) / 1000).threshold(timeoutMs / 1000.0)
                        .summary("agent " + agent[1] + " (tenant " + agent[0] + ") sent no heartbeat and no event for more than "
                                + DurationSyntax.format(java.time.Duration.ofMillis(timeoutMs)))
                        .description("No heartbeat and no event since " + java.time.Instant.ofEpochMilli(s.lastSeenAt)
                                + " (arrival time); value = seconds of silence.")
                        .firing(s.lastSeenAt + timeoutMs));
            }
            s.timer = s.lastSeenAt + forgetMs;
        }
        ctx.timerService().registerProcessingTimeTimer(s.timer);
        state.update(s);
    }

    private AnomalyAlerts.Draft unreachable(String tenantId, String agentId) {
        return alerts.draft(AlertType.AGENT_UNREACHABLE, tenantId, agentId).window(java.time.Duration.ofMillis(timeoutMs));
    }
}
