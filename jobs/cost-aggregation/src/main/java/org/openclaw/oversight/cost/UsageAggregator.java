package org.openclaw.oversight.cost;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Incremental window aggregation: one accumulator per window and key, never the events themselves. */
public class UsageAggregator implements AggregateFunction<UsageEvent, WindowAccumulator, WindowAccumulator> {

    @Override
    public WindowAccumulator createAccumulator() {
        return new WindowAccumulator();
    }

    @Override
    public WindowAccumulator add(UsageEvent event, WindowAccumulator accumulator) {
        accumulator.add(event);
        return accumulator;
    }

    @Override
    public WindowAccumulator getResult(WindowAccumulator accumulator) {
        return accumulator;
    }

    @Override
    public WindowAccumulator merge(WindowAccumulator a, WindowAccumulator b) {
        return a.merge(b);
    }
}
