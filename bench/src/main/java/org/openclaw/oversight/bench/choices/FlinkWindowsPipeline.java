package org.openclaw.oversight.bench.choices;

import java.time.Duration;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.openclaw.oversight.cost.AgentMetrics;
import org.openclaw.oversight.cost.BudgetSpend;
import org.openclaw.oversight.cost.UsageEvent;
import org.openclaw.oversight.cost.WindowAccumulator;

/**
 * The library's way to do what {@code AgentWindows} does: Flink's {@link TumblingEventTimeWindows}
 * with allowed lateness and incremental aggregation ({@link AggregateFunction} of the job's own
 * {@link WindowAccumulator} + a {@link ProcessWindowFunction} that builds the row), hours built from
 * the fired minutes.
 *
 * <ul>
 *   <li>Minutes: {@code keyBy(tenant, agent, model)}, 1 min windows, the job's minute lateness; every
 *       firing (on time or a late re-fire) emits the whole row, its budget spend since the last firing
 *       (per-window state) and its total, for the hour, to a side output; events too late for their
 *       minute go to the late-data side output, count against the budget and still go to their hour.</li>
 *   <li>Hours: the minute totals and the too-late events, still partitioned by the same key (so
 *       {@link DataStreamUtils#reinterpretAsKeyedStream} instead of a second shuffle), 1 h windows, the
 *       job's hour lateness; {@link HourPanes} keeps the latest total per minute, so a corrected
 *       minute replaces its old total instead of adding to it.</li>
 * </ul>
 * Outputs are those of {@code AgentWindows}: minute rows, hour rows, budget spends, events too late
 * for their minute, events too late for their hour.
 */
final class FlinkWindowsPipeline {

    static final TypeInformation<Tuple3<String, String, String>> KEY_TYPE = Types.TUPLE(Types.STRING, Types.STRING, Types.STRING);
    static final OutputTag<UsageEvent> LATE_1M = new OutputTag<>("flink-late-1m", TypeInformation.of(UsageEvent.class));
    static final OutputTag<HourPart> MINUTE_TOTALS = new OutputTag<>("flink-minute-totals", TypeInformation.of(HourPart.class));
    static final OutputTag<BudgetSpend> SPENDS = new OutputTag<>("flink-budget-spends", TypeInformation.of(BudgetSpend.class));
    static final OutputTag<HourPart> LATE_1H = new OutputTag<>("flink-late-1h", TypeInformation.of(HourPart.class));
    static final OutputTag<UsageEvent> TOO_LATE_FOR_HOUR = new OutputTag<>("flink-too-late-for-hour", TypeInformation.of(UsageEvent.class));

    /** What the windows produce (the same five streams as {@code AgentWindows}). */
    record Outputs(DataStream<AgentMetrics> minutes, DataStream<AgentMetrics> hours, DataStream<BudgetSpend> spends,
            DataStream<UsageEvent> lateForMinute, DataStream<UsageEvent> lateForHour) {}

    private FlinkWindowsPipeline() {}

    static Outputs windowed(DataStream<UsageEvent> usage, Duration minuteLateness, Duration hourLateness) {
        SingleOutputStreamOperator<AgentMetrics> minutes = usage
                .keyBy(e -> Tuple3.of(e.tenantId, e.agentId, e.model), KEY_TYPE)
                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
                .allowedLateness(minuteLateness)
                .sideOutputLateData(LATE_1M)
                .aggregate(new MinuteTotals(), new MinuteRows(), TypeInformation.of(WindowAccumulator.class),
                        TypeInformation.of(WindowAccumulator.class), TypeInformation.of(AgentMetrics.class))
                .name("agent metrics 1m (Flink windows)").uid("flink-windows-1m");

        DataStream<UsageEvent> lateForMinute = minutes.getSideOutput(LATE_1M);
        DataStream<BudgetSpend> lateSpends = lateForMinute
                .filter(e -> e.priced && e.costNanoEur != 0).name("priced late events").uid("flink-windows-late-priced")
                .map(e -> new BudgetSpend(e.tenantId, e.agentId, e.eventTimeMs, e.costNanoEur), TypeInformation.of(BudgetSpend.class))
                .name("late event spends").uid("flink-windows-late-spends");
        SingleOutputStreamOperator<HourPart> lateToHour = lateForMinute
                .process(new LateEventsToTheirHour(hourLateness.toMillis()), TypeInformation.of(HourPart.class))
                .name("late events for their hour").uid("flink-windows-late-to-hour");
        DataStream<HourPart> hourParts = minutes.getSideOutput(MINUTE_TOTALS).union(lateToHour);

        // both inputs come from the minute operator's subtask that owns the key: no second shuffle needed
        SingleOutputStreamOperator<AgentMetrics> hours = DataStreamUtils.reinterpretAsKeyedStream(hourParts, HourPart::key, KEY_TYPE)
                .window(TumblingEventTimeWindows.of(Duration.ofHours(1)))
                .allowedLateness(hourLateness)
                .sideOutputLateData(LATE_1H)
                .aggregate(new HourTotals(), new HourRows(), TypeInformation.of(HourPanes.class),
                        TypeInformation.of(WindowAccumulator.class), TypeInformation.of(AgentMetrics.class))
                .name("agent metrics 1h (Flink windows)").uid("flink-windows-1h");

        DataStream<UsageEvent> lateForHour = hours.getSideOutput(LATE_1H)
                .map(part -> part.event, TypeInformation.of(UsageEvent.class)).name("late for the hour").uid("flink-windows-late-1h")
                .union(lateToHour.getSideOutput(TOO_LATE_FOR_HOUR));
        return new Outputs(minutes, hours, minutes.getSideOutput(SPENDS).union(lateSpends), lateForMinute, lateForHour);
    }

    /**
     * Events too late for their minute, on their way to their hour. Whether one is also too late for
     * its hour is decided here, chained to the minute operator and so at its watermark — as
     * {@code AgentWindows} decides it. Left to the hour operator, the decision would depend on how its
     * two inputs interleave: early in a run, before the minute totals' channel has delivered a
     * watermark, the hour operator's watermark is still at its minimum and takes any event.
     */
    static final class LateEventsToTheirHour extends ProcessFunction<UsageEvent, HourPart> {
        private static final long serialVersionUID = 1L;
        private final long hourLatenessMs;

        LateEventsToTheirHour(long hourLatenessMs) {
            this.hourLatenessMs = hourLatenessMs;
        }

        @Override
        public void processElement(UsageEvent e, Context ctx, Collector<HourPart> out) {
            long hourEnd = Math.floorDiv(e.eventTimeMs, 3_600_000L) * 3_600_000L + 3_600_000L;
            // Flink's rule: a window is gone once the watermark reached its last millisecond plus the lateness
            if (hourEnd - 1 + hourLatenessMs <= ctx.timerService().currentWatermark()) {
                ctx.output(TOO_LATE_FOR_HOUR, e);
            } else {
                out.collect(HourPart.ofLateEvent(e));
            }
        }
    }

    /** Incremental: each event is added to its minute's accumulator as it arrives. */
    static final class MinuteTotals implements AggregateFunction<UsageEvent, WindowAccumulator, WindowAccumulator> {
        private static final long serialVersionUID = 1L;

        @Override
        public WindowAccumulator createAccumulator() {
            return new WindowAccumulator();
        }

        @Override
        public WindowAccumulator add(UsageEvent event, WindowAccumulator acc) {
            acc.add(event);
            return acc;
        }

        @Override
        public WindowAccumulator getResult(WindowAccumulator acc) {
            return acc;
        }

        @Override
        public WindowAccumulator merge(WindowAccumulator a, WindowAccumulator b) {
            return a.merge(b);
        }
    }

    /** One firing of a minute: its row, the spend since its last firing, its total for the hour. */
    static final class MinuteRows extends ProcessWindowFunction<WindowAccumulator, AgentMetrics, Tuple3<String, String, String>, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private static final ValueStateDescriptor<Long> REPORTED = new ValueStateDescriptor<>("budget-reported-nano-eur", Types.LONG);

        @Override
        public void process(Tuple3<String, String, String> key, Context ctx, Iterable<WindowAccumulator> totals,
                Collector<AgentMetrics> out) throws Exception {
            WindowAccumulator total = totals.iterator().next();
            long start = ctx.window().getStart();
            out.collect(AgentMetrics.of(start, 1, key.f0, key.f1, key.f2, total));
            ValueState<Long> reported = ctx.windowState().getState(REPORTED);
            long before = reported.value() == null ? 0 : reported.value();
            if (total.costNanoEur != before) {
                ctx.output(SPENDS, new BudgetSpend(key.f0, key.f1, ctx.window().maxTimestamp(), total.costNanoEur - before));
                reported.update(total.costNanoEur);
            }
            // the side output is serialized as it is emitted (the hour operator is not chained), so the
            // window's live accumulator can be handed over without a copy
            ctx.output(MINUTE_TOTALS, HourPart.ofMinute(key, start, total));
        }

        @Override
        public void clear(Context ctx) {
            ctx.windowState().getState(REPORTED).clear();
        }
    }

    static final class HourTotals implements AggregateFunction<HourPart, HourPanes, WindowAccumulator> {
        private static final long serialVersionUID = 1L;

        @Override
        public HourPanes createAccumulator() {
            return new HourPanes();
        }

        @Override
        public HourPanes add(HourPart part, HourPanes acc) {
            acc.add(part);
            return acc;
        }

        @Override
        public WindowAccumulator getResult(HourPanes acc) {
            return acc.total();
        }

        @Override
        public HourPanes merge(HourPanes a, HourPanes b) {
            return a.merge(b);
        }
    }

    static final class HourRows extends ProcessWindowFunction<WindowAccumulator, AgentMetrics, Tuple3<String, String, String>, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(Tuple3<String, String, String> key, Context ctx, Iterable<WindowAccumulator> totals,
                Collector<AgentMetrics> out) {
            out.collect(AgentMetrics.of(ctx.window().getStart(), 60, key.f0, key.f1, key.f2, totals.iterator().next()));
        }
    }
}
