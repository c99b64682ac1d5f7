package org.openclaw.oversight.anomaly;

import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.schema.Alert;

/**
 * Resolution for detections that have no "normal" observation of their own (a cascade is a pattern
 * match; its absence is not an event): keyed by fingerprint, every detection passes through, and when no
 * detection of the fingerprint came for {@code quietMs} of event time, a clear follows (endsAt = last
 * detection + quiet). State: the last detection, until its clear.
 */
public class QuietResolution extends KeyedProcessFunction<String, Alert, Alert> {

    private final long quietMs;
    private transient ValueState<Alert> last;
    private transient ValueState<Long> lastAt;

    public QuietResolution(long quietMs) {
        this.quietMs = quietMs;
    }

    @Override
    public void open(OpenContext openContext) {
        last = getRuntimeContext().getState(new ValueStateDescriptor<>("last-detection", new AvroTypeInfo<>(Alert.class)));
        lastAt = getRuntimeContext().getState(new ValueStateDescriptor<>("last-detection-at", Types.LONG));
    }

    @Override
    public void processElement(Alert detection, Context ctx, Collector<Alert> out) throws Exception {
        out.collect(detection);
        long at = ctx.timestamp() == null ? detection.getStartsAt().toEpochMilli() : ctx.timestamp();
        Long previous = lastAt.value();
        if (previous != null && previous >= at) {
            return;
        }
        if (previous != null) {
            ctx.timerService().deleteEventTimeTimer(previous + quietMs);
        }
        last.update(detection);
        lastAt.update(at);
        ctx.timerService().registerEventTimeTimer(at + quietMs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Alert detection = last.value();
        if (detection != null) {
            out.collect(Alert.newBuilder(detection).setEndsAt(Instant.ofEpochMilli(timestamp))
                    .setSummary("no further " + detection.getAlertname() + " detection for a while: " + detection.getSummary()).build());
        }
        last.clear();
        lastAt.clear();
    }
}
