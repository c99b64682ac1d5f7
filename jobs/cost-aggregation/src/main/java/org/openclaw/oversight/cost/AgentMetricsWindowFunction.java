package org.openclaw.oversight.cost;

import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns a window's accumulator into its table row; the key is (tenant, agent, model). */
public class AgentMetricsWindowFunction
        extends ProcessWindowFunction<WindowAccumulator, AgentMetrics, Tuple3<String, String, String>, TimeWindow> {

    private final int windowMinutes;

    public AgentMetricsWindowFunction(int windowMinutes) {
        this.windowMinutes = windowMinutes;
    }

    @Override
    public void process(Tuple3<String, String, String> key, Context context, Iterable<WindowAccumulator> accumulators,
            Collector<AgentMetrics> out) {
        WindowAccumulator accumulator = accumulators.iterator().next();
        out.collect(AgentMetrics.of(context.window().getStart(), windowMinutes, key.f0, key.f1, key.f2, accumulator));
    }
}
