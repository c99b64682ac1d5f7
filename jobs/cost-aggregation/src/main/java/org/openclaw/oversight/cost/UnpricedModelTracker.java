package org.openclaw.oversight.cost;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.schema.Alert;

/**
 * {@code UnpricedModel} per agent (key {@code tenant|agent}): the share of its LLM calls without a price
 * over a sliding window of whole minutes, from the 1-minute rows ({@link AgentMetrics}, one per model;
 * a late correction replaces its row), judged in event time at the end of every minute that has rows and
 * whenever a minute leaves the window. Fires once when {@link UnpricedModelRule#breached} becomes true,
 * resolves (same fingerprint, {@code endsAt}) when it no longer is — also when the agent's calls stop.
 *
 * <p>Judging at a minute's end (an event-time timer) rather than per row sees all models of that minute:
 * the window operator emits a minute's rows before it forwards the watermark past it.
 *
 * <p>State: one {@link UnpricedMinute} per (minute, model) with LLM calls inside the window, and one
 * {@link UnpricedAlertState}. Minutes leave the state when they leave the window; the rest goes when no
 * minute remains and nothing fires, so an agent that stops calling leaves no state or timers behind.
 */
public class UnpricedModelTracker extends KeyedProcessFunction<String, AgentMetrics, Alert> {

    static final long MINUTE_MS = AgentWindows.MINUTE_MS;

    private final UnpricedModelRule rule;
    private final BudgetBook agents;
    private transient MapState<String, UnpricedMinute> minutes;
    private transient ValueState<UnpricedAlertState> alert;

    /** @param agents the configured agents, for the alert's {@code category} label */
    public UnpricedModelTracker(UnpricedModelRule rule, BudgetBook agents) {
        this.rule = rule;
        this.agents = agents;
    }

    /** The key this function is keyed by. */
    static String agentKey(AgentMetrics row) {
        return BudgetBook.key(row.tenantId, row.agentId);
    }

    @Override
    public void open(OpenContext openContext) {
        minutes = getRuntimeContext().getMapState(new MapStateDescriptor<>("unpriced-minutes", Types.STRING,
                TypeInformation.of(UnpricedMinute.class)));
        alert = getRuntimeContext().getState(new ValueStateDescriptor<>("unpriced-alert", TypeInformation.of(UnpricedAlertState.class)));
    }

    @Override
    public void processElement(AgentMetrics row, Context ctx, Collector<Alert> out) throws Exception {
        if (row.llmCalls == 0) {
            return;
        }
        UnpricedAlertState state = alert.value();
        if (state == null) {
            state = new UnpricedAlertState();
            state.tenantId = row.tenantId;
            state.agentId = row.agentId;
            alert.update(state);
        } else if (state.evaluatedUntilMs != Long.MIN_VALUE
                && row.bucket + rule.window().toMillis() <= state.evaluatedUntilMs + 1 - MINUTE_MS) {
            return; // a correction of a minute no window still to be judged contains
        }
        minutes.put(UnpricedMinute.key(row.bucket, row.model), UnpricedMinute.of(row));
        ctx.timerService().registerEventTimeTimer(lastMs(row.bucket));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        UnpricedAlertState state = alert.value();
        if (state == null) {
            return; // a timer of minutes that already left the window, after the agent's state was cleared
        }
        // a corrected minute re-judges the latest window, never an older one (its verdict was already sent)
        long evaluatedUntil = Math.max(timestamp, state.evaluatedUntilMs);
        long minute = evaluatedUntil + 1 - MINUTE_MS;
        long windowMs = rule.window().toMillis();
        long llmCalls = 0;
        long unpriced = 0;
        long oldestRemaining = Long.MAX_VALUE;
        Map<String, Long> unpricedBySpelling = new HashMap<>();
        Iterator<Map.Entry<String, UnpricedMinute>> entries = minutes.iterator();
        while (entries.hasNext()) {
            UnpricedMinute m = entries.next().getValue();
            if (m.bucket <= minute - windowMs) {
                entries.remove();
                continue;
            }
            oldestRemaining = Math.min(oldestRemaining, m.bucket);
            if (m.bucket <= minute) {
                llmCalls += m.llmCalls;
                unpriced += m.unpricedCalls;
                if (m.unpricedCalls > 0) {
                    unpricedBySpelling.merge(m.model, m.unpricedCalls, Long::sum);
                }
            }
        }
        state.evaluatedUntilMs = evaluatedUntil;
        boolean breached = rule.breached(unpriced, llmCalls);
        if (breached && !state.firing()) {
            state.firingSinceMs = evaluatedUntil + 1;
            state.value = (double) unpriced / llmCalls;
            state.summary = UnpricedModelAlerts.summary(state.tenantId, state.agentId, unpriced, llmCalls, rule, unpricedBySpelling);
            state.description = UnpricedModelAlerts.description(unpriced, llmCalls, rule);
            out.collect(alertOf(state));
        } else if (!breached && state.firing()) {
            out.collect(Alert.newBuilder(alertOf(state)).setEndsAt(Instant.ofEpochMilli(evaluatedUntil + 1)).build());
            state.firingSinceMs = 0;
        }
        if (oldestRemaining == Long.MAX_VALUE) {
            minutes.clear(); // removing the last entry through the iterator leaves an empty map behind
            if (!state.firing()) {
                alert.clear();
                return;
            }
        }
        alert.update(state);
        if (oldestRemaining != Long.MAX_VALUE) {
            // the window slides on without new rows: judge again when the oldest minute leaves it
            ctx.timerService().registerEventTimeTimer(lastMs(oldestRemaining + windowMs));
        }
    }

    private Alert alertOf(UnpricedAlertState state) {
        String category = agents.budget(state.tenantId, state.agentId).map(BudgetBook.Budget::category).orElse("");
        return UnpricedModelAlerts.firing(state.tenantId, state.agentId, category == null ? "" : category, state.value, rule,
                state.firingSinceMs, state.summary, state.description);
    }

    private static long lastMs(long minuteStart) {
        return minuteStart + MINUTE_MS - 1;
    }
}
