package org.openclaw.oversight.ingestion;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.schema.CleanEvent;

import java.time.Duration;

/**
 * Drops re-sent copies of an event (same {@link CleanEvents#dedupeKey}) seen within the dedupe
 * window. Keyed by that id; the only state is one flag per id, with a TTL so it disappears after the
 * window (cleaned on access, in full snapshots and incrementally on the heap backend). Copies
 * arriving after the window are stopped by the tables' primary keys (idempotent upserts), and the
 * clean topic's consumers see a rare late duplicate (documented). Metric {@code ingestion.duplicates}.
 */
public final class DropDuplicates extends KeyedProcessFunction<String, CleanEvent, CleanEvent> {

    private final Duration window;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public DropDuplicates(Duration window) {
        this.window = window;
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(window)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupFullSnapshot()
                .cleanupIncrementally(10, false)
                .build());
        seen = getRuntimeContext().getState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().addGroup("ingestion").counter("duplicates");
    }

    @Override
    public void processElement(CleanEvent event, Context context, Collector<CleanEvent> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        seen.update(Boolean.TRUE);
        out.collect(event);
    }
}
