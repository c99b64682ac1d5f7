package org.openclaw.oversight.cost;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.schema.Alert;

/**
 * Per budget (key {@code tenant|agent}, agent {@code *} for a tenant): spend on the current UTC day,
 * a linear forecast of the day's end from the last hour's spend rate, and the two alerts.
 *
 * <pre>
 * forecast = spentToday + spentInLastHour / 1 h × (endOfDay − now)      now = newest event time
 * </pre>
 *
 * Each alert fires at most once per budget per day (the state remembers it; the fingerprint includes
 * the day) and is re-sent with endsAt = end of day when the watermark passes midnight UTC, after
 * which the key's state and timers are gone. Event time throughout, so a replay after a restart
 * computes exactly the same alerts.
 */
public class BudgetTracker extends KeyedProcessFunction<String, BudgetSpend, Alert> {

    static final long DAY_MS = 86_400_000L;
    static final long HOUR_MS = 3_600_000L;
    static final long MINUTE_MS = 60_000L;

    private final BudgetBook budgets;
    private transient ValueState<BudgetDay> today;
    private transient Counter spendOfClosedDays;

    public BudgetTracker(BudgetBook budgets) {
        this.budgets = budgets;
    }

    @Override
    public void open(OpenContext openContext) {
        today = getRuntimeContext().getState(new ValueStateDescriptor<>("budget-day", TypeInformation.of(BudgetDay.class)));
        spendOfClosedDays = getRuntimeContext().getMetricGroup().counter("budgetSpendOfClosedDays");
    }

    @Override
    public void processElement(BudgetSpend spend, Context ctx, Collector<Alert> out) throws Exception {
        BudgetBook.Budget budget = budgets.budget(spend.tenantId, spend.agentId).orElse(null);
        if (budget == null) {
            return;
        }
        long day = Math.floorDiv(spend.eventTimeMs, DAY_MS);
        BudgetDay state = today.value();
        if (state != null && day < state.day) {
            // the day is closed and its alerts resolved; the windows still count this event
            spendOfClosedDays.inc();
            return;
        }
        if (state == null) {
            state = new BudgetDay();
            state.tenantId = spend.tenantId;
            state.agentId = spend.agentId;
            state.day = day;
            ctx.timerService().registerEventTimeTimer((day + 1) * DAY_MS);
        } else if (day > state.day) {
            resolve(state, budget, out);
            state = state.nextDay(day);
            ctx.timerService().registerEventTimeTimer((day + 1) * DAY_MS);
        }
        state.spentNanoEur += spend.costNanoEur;
        state.latestEventMs = Math.max(state.latestEventMs, spend.eventTimeMs);
        long newestMinute = Math.floorDiv(state.latestEventMs, MINUTE_MS);
        state.addToMinute(Math.floorDiv(spend.eventTimeMs, MINUTE_MS), newestMinute, spend.costNanoEur);

        long lastHourNano = state.spendInLastHour(newestMinute);
        double spentEur = state.spentNanoEur / 1e9;
        double remainingMs = (day + 1) * DAY_MS - state.latestEventMs;
        double forecastEur = spentEur + (lastHourNano / 1e9) * remainingMs / HOUR_MS;
        double limit = budget.dailyBudgetEur();
        if (state.exceededAlertStartedMs == 0 && spentEur > limit) {
            state.exceededAlertStartedMs = spend.eventTimeMs;
            out.collect(BudgetAlerts.exceeded(budget, day, spentEur, spend.eventTimeMs));
        }
        if (state.forecastAlertStartedMs == 0 && forecastEur > limit) {
            state.forecastAlertStartedMs = spend.eventTimeMs;
            out.collect(BudgetAlerts.forecastExceeded(budget, day, forecastEur, spentEur, spend.eventTimeMs));
        }
        today.update(state);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        BudgetDay state = today.value();
        if (state == null || state.day != timestamp / DAY_MS - 1) {
            return; // a newer day already took over (and resolved this one)
        }
        budgets.budget(state.tenantId, state.agentId).ifPresent(b -> resolve(state, b, out));
        today.clear();
    }

    private static void resolve(BudgetDay state, BudgetBook.Budget budget, Collector<Alert> out) {
        long endOfDay = (state.day + 1) * DAY_MS;
        double spentEur = state.spentNanoEur / 1e9;
        if (state.exceededAlertStartedMs != 0) {
            out.collect(BudgetAlerts.resolved(BudgetAlerts.exceeded(budget, state.day, spentEur, state.exceededAlertStartedMs), endOfDay));
        }
        if (state.forecastAlertStartedMs != 0) {
            out.collect(BudgetAlerts.resolved(
                    BudgetAlerts.forecastExceeded(budget, state.day, spentEur, spentEur, state.forecastAlertStartedMs), endOfDay));
        }
    }
}
