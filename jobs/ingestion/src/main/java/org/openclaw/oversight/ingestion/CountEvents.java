package org.openclaw.oversight.ingestion;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** Counts what passes ({@code ingestion.<name>}, e.g. eventsIn, eventsOut) and passes it on unchanged. */
public final class CountEvents<T> extends RichMapFunction<T, T> {

    private final String name;
    private transient Counter counter;

    public CountEvents(String name) {
        this.name = name;
    }

    @Override
    public void open(OpenContext context) {
        counter = getRuntimeContext().getMetricGroup().addGroup("ingestion").counter(name);
    }

    @Override
    public T map(T value) {
        counter.inc();
        return value;
    }
}
