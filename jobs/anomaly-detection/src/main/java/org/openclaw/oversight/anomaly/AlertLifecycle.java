package org.openclaw.oversight.anomaly;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.Severity;

/**
 * One place that turns detections into the alert stream, keyed by fingerprint: a detection
 * ({@code endsAt} null) of a fingerprint that is not open fires it; while open, a re-detection changes
 * nothing unless it is more severe (then the alert is re-sent with the new severity, same fingerprint
 * and {@code startsAt}: an update, never a duplicate); a clear ({@code endsAt} set) later than the
 * latest detection resolves it, re-sent with {@code endsAt}. Detectors may therefore send a clear for
 * every normal observation; only open alerts react.
 *
 * <p>Order: a clear can arrive before the detection it follows (CEP matches wait for the watermark,
 * clears of the same minute stream do not). The latest clear is remembered, and a detection whose
 * event time is not after it fires and resolves at once — the same two alerts in either order.
 * Detections without event time (processing-time detectors) are always the newest.
 *
 * <p>State: one small value per fingerprint that was ever cleared or fired, expiring
 * {@code forgetAfter} after its last write (an agent that disappears leaves nothing behind).
 */
public class AlertLifecycle extends KeyedProcessFunction<String, Alert, Alert> {

    private final Duration forgetAfter;
    private transient ValueState<OpenAlert> state;

    public AlertLifecycle(Duration forgetAfter) {
        this.forgetAfter = forgetAfter;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<OpenAlert> descriptor = new ValueStateDescriptor<>("alert", TypeInformation.of(OpenAlert.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(forgetAfter).build());
        state = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(Alert in, Context ctx, Collector<Alert> out) throws Exception {
        OpenAlert current = state.value();
        if (current == null) {
            current = new OpenAlert();
        }
        long at = ctx.timestamp() == null ? Long.MIN_VALUE : ctx.timestamp();
        if (in.getEndsAt() != null) {
            long clearedAt = in.getEndsAt().toEpochMilli();
            if (current.open && clearedAt > current.lastDetectedAt) {
                out.collect(resolved(in, current.startsAt, clearedAt, current.severity));
                current.open = false;
            }
            current.lastClearedAt = Math.max(current.lastClearedAt, clearedAt);
            state.update(current);
            return;
        }
        int severity = in.getSeverity().ordinal();
        if (!current.open) {
            current.open = true;
            current.startsAt = in.getStartsAt().toEpochMilli();
            current.severity = severity;
            current.lastDetectedAt = at;
            out.collect(in);
            if (at != Long.MIN_VALUE && current.lastClearedAt > at) {
                // the clear overtook this detection: the episode is already over
                out.collect(resolved(in, current.startsAt, current.lastClearedAt, current.severity));
                current.open = false;
            }
        } else {
            current.lastDetectedAt = Math.max(current.lastDetectedAt, at);
            if (severity < current.severity) {
                current.severity = severity;
                out.collect(Alert.newBuilder(in).setStartsAt(Instant.ofEpochMilli(current.startsAt)).build());
            }
        }
        state.update(current);
    }

    /** The resolution carries the episode's start and severity (labels identify it in Alertmanager). */
    private static Alert resolved(Alert clear, long startsAt, long endsAt, int severityOrdinal) {
        Severity severity = Severity.values()[severityOrdinal];
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>(clear.getLabels());
        labels.put("severity", AnomalyAlerts.severityLabel(severity));
        return Alert.newBuilder(clear).setSeverity(severity).setLabels(labels)
                .setStartsAt(Instant.ofEpochMilli(startsAt)).setEndsAt(Instant.ofEpochMilli(endsAt)).build();
    }
}
