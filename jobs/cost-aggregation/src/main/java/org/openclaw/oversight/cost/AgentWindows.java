package org.openclaw.oversight.cost;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The 1-minute and 1-hour tumbling event-time windows of one (tenant, agent, model), in one keyed
 * operator, so each event crosses the network once instead of once per window size.
 *
 * <p>An event is added to its minute only; when the watermark passes the minute's end the minute's
 * row is emitted and its totals are merged into the hour, so the hour costs one merge per minute
 * rather than one update per event. Semantics are those of Flink's {@code WindowOperator} with an
 * {@code EventTimeTrigger} and allowed lateness, per window size:
 * <ul>
 *   <li>a window fires when the watermark reaches its last millisecond;</li>
 *   <li>an event for a fired window that is still within its allowed lateness updates the window and
 *       re-emits the whole corrected row at once (and, for a minute, is added to its hour too);</li>
 *   <li>an event past a window's lateness goes to {@link #LATE_1M} / {@link #LATE_1H}; one that is
 *       too late for its minute can still count in its hour;</li>
 *   <li>a window's state is dropped when the watermark passes its end plus the allowed lateness.</li>
 * </ul>
 *
 * <p>Outputs: minute rows on the main output, hour rows on {@link #HOURLY}, and on {@link #SPENDS}
 * the cost each emission adds to the (tenant, agent) — the budgets' input, a few records per minute
 * instead of one per event — and on {@link #MINUTE_TOTALS} each minute emission's totals with the latency
 * sketch, from which {@link AgentMetricsPublisher} builds the rows of {@code oversight.agent-metrics.v1}.
 */
public class AgentWindows extends KeyedProcessFunction<Tuple3<String, String, String>, UsageEvent, AgentMetrics> {

    static final long MINUTE_MS = 60_000L;
    static final long HOUR_MS = 3_600_000L;

    public static final OutputTag<AgentMetrics> HOURLY = new OutputTag<>("agent-metrics-1h", TypeInformation.of(AgentMetrics.class));
    public static final OutputTag<UsageEvent> LATE_1M = new OutputTag<>("late-1m", TypeInformation.of(UsageEvent.class));
    public static final OutputTag<UsageEvent> LATE_1H = new OutputTag<>("late-1h", TypeInformation.of(UsageEvent.class));
    public static final OutputTag<BudgetSpend> SPENDS = new OutputTag<>("budget-spends", TypeInformation.of(BudgetSpend.class));
    /** Every minute emission (on time or corrected) with its totals, latency sketch included: what {@link AgentMetricsPublisher} merges. */
    public static final OutputTag<MinuteTotals> MINUTE_TOTALS = new OutputTag<>("minute-totals", TypeInformation.of(MinuteTotals.class));

    private final long minuteLatenessMs;
    private final long hourLatenessMs;
    private transient MapState<Long, OpenWindow> minutes;
    private transient MapState<Long, OpenWindow> hours;

    public AgentWindows(Duration minuteLateness, Duration hourLateness) {
        if (hourLateness.compareTo(minuteLateness) < 0) {
            // a minute merges into its hour when it fires; the hour must still be open to take it
            throw new IllegalArgumentException("allowed lateness of the hourly windows (" + hourLateness
                    + ") must not be shorter than that of the minute windows (" + minuteLateness + ")");
        }
        this.minuteLatenessMs = minuteLateness.toMillis();
        this.hourLatenessMs = hourLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        TypeInformation<OpenWindow> window = TypeInformation.of(OpenWindow.class);
        minutes = getRuntimeContext().getMapState(new MapStateDescriptor<>("minutes", Types.LONG, window));
        hours = getRuntimeContext().getMapState(new MapStateDescriptor<>("hours", Types.LONG, window));
    }

    @Override
    public void processElement(UsageEvent event, Context ctx, Collector<AgentMetrics> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long minute = Math.floorDiv(event.eventTimeMs, MINUTE_MS) * MINUTE_MS;
        if (isLate(minute, MINUTE_MS, minuteLatenessMs, watermark)) {
            ctx.output(LATE_1M, event);
            if (event.priced && event.costNanoEur != 0) {
                ctx.output(SPENDS, new BudgetSpend(event.tenantId, event.agentId, event.eventTimeMs, event.costNanoEur));
            }
            addToHour(event, ctx, watermark);
            return;
        }
        OpenWindow window = minutes.get(minute);
        if (window == null) {
            window = new OpenWindow();
            register(ctx.timerService(), minute, MINUTE_MS, minuteLatenessMs, watermark);
        }
        window.totals.add(event);
        if (window.fired) {
            emitMinute(minute, window, ctx.getCurrentKey(), out, ctx);
            addToHour(event, ctx, watermark);
        } else if (lastMs(minute, MINUTE_MS) <= watermark) {
            fireMinute(minute, window, ctx.getCurrentKey(), out, ctx, watermark);
        }
        minutes.put(minute, window);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AgentMetrics> out) throws Exception {
        // one timestamp can end a minute, an hour and the lateness of older windows at once
        long end = timestamp + 1;
        long watermark = ctx.timerService().currentWatermark();
        OpenWindow minute = minutes.get(end - MINUTE_MS);
        if (minute != null && !minute.fired) {
            fireMinute(end - MINUTE_MS, minute, ctx.getCurrentKey(), out, ctx, watermark);
            minutes.put(end - MINUTE_MS, minute);
        }
        OpenWindow hour = hours.get(end - HOUR_MS);
        if (hour != null && !hour.fired) {
            hour.fired = true;
            emitHour(end - HOUR_MS, hour, ctx.getCurrentKey(), ctx);
            hours.put(end - HOUR_MS, hour);
        }
        minutes.remove(end - MINUTE_MS - minuteLatenessMs);
        hours.remove(end - HOUR_MS - hourLatenessMs);
    }

    private void fireMinute(long minute, OpenWindow window, Tuple3<String, String, String> key, Collector<AgentMetrics> out,
            Context ctx, long watermark) throws Exception {
        window.fired = true;
        emitMinute(minute, window, key, out, ctx);
        long hourStart = Math.floorDiv(minute, HOUR_MS) * HOUR_MS;
        OpenWindow hour = openHour(hourStart, ctx.timerService(), watermark);
        hour.totals.merge(window.totals);
        settleHour(hourStart, hour, key, ctx, watermark);
    }

    private void addToHour(UsageEvent event, Context ctx, long watermark) throws Exception {
        long hourStart = Math.floorDiv(event.eventTimeMs, HOUR_MS) * HOUR_MS;
        if (isLate(hourStart, HOUR_MS, hourLatenessMs, watermark)) {
            ctx.output(LATE_1H, event);
            return;
        }
        OpenWindow hour = openHour(hourStart, ctx.timerService(), watermark);
        hour.totals.add(event);
        settleHour(hourStart, hour, ctx.getCurrentKey(), ctx, watermark);
    }

    private OpenWindow openHour(long hourStart, TimerService timers, long watermark) throws Exception {
        OpenWindow hour = hours.get(hourStart);
        if (hour == null) {
            hour = new OpenWindow();
            register(timers, hourStart, HOUR_MS, hourLatenessMs, watermark);
        }
        return hour;
    }

    /** After an hour changed: a fired hour re-emits its corrected row, one already past its end fires now. */
    private void settleHour(long hourStart, OpenWindow hour, Tuple3<String, String, String> key, Context ctx, long watermark)
            throws Exception {
        if (hour.fired || lastMs(hourStart, HOUR_MS) <= watermark) {
            hour.fired = true;
            emitHour(hourStart, hour, key, ctx);
        }
        hours.put(hourStart, hour);
    }

    private void emitMinute(long minute, OpenWindow window, Tuple3<String, String, String> key, Collector<AgentMetrics> out,
            Context ctx) {
        out.collect(AgentMetrics.of(minute, 1, key.f0, key.f1, key.f2, window.totals));
        // a copy: the window stays in state and takes later events
        ctx.output(MINUTE_TOTALS, MinuteTotals.of(minute, key.f0, key.f1, key.f2, new WindowAccumulator().merge(window.totals)));
        long unreported = window.totals.costNanoEur - window.budgetReportedNanoEur;
        if (unreported != 0) {
            ctx.output(SPENDS, new BudgetSpend(key.f0, key.f1, lastMs(minute, MINUTE_MS), unreported));
            window.budgetReportedNanoEur = window.totals.costNanoEur;
        }
    }

    private static void emitHour(long hourStart, OpenWindow hour, Tuple3<String, String, String> key, Context ctx) {
        ctx.output(HOURLY, AgentMetrics.of(hourStart, 60, key.f0, key.f1, key.f2, hour.totals));
    }

    /** The window's end trigger (unless the watermark is already past it) and its clean-up after the lateness. */
    private static void register(TimerService timers, long start, long size, long latenessMs, long watermark) {
        long last = lastMs(start, size);
        if (last > watermark) {
            timers.registerEventTimeTimer(last);
        }
        timers.registerEventTimeTimer(last + latenessMs);
    }

    private static long lastMs(long start, long size) {
        return start + size - 1;
    }

    /** Flink's rule: a window is gone once the watermark reached its last millisecond plus the lateness. */
    private static boolean isLate(long start, long size, long latenessMs, long watermark) {
        return lastMs(start, size) + latenessMs <= watermark;
    }
}
