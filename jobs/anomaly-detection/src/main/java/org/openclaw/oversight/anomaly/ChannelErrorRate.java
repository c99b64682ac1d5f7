package org.openclaw.oversight.anomaly;

import java.util.Arrays;
import java.util.Locale;
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
import org.openclaw.oversight.schema.AlertType;

/**
 * Detector 3, channels (seed threshold): more than {@code thresholds.channel_errors_per_minute_warning}
 * (5) failed channel messages in one event-time minute per tenant and channel → ChannelErrors P3 (labels
 * {@code tenant}, {@code channel}; no agent, the channel is shared). Keyed by tenant/channel; a minute is
 * counted when the watermark passes its end. While firing, every following minute is judged, also one
 * without any error, which resolves it. Errors of a minute already judged (later than the watermark's
 * out-of-orderness) are not counted. State: the open minutes and whether it fires; nothing once quiet.
 */
public class ChannelErrorRate extends KeyedProcessFunction<String, ChannelError, Alert> {

    private static final long MINUTE_MS = 60_000L;

    private final AnomalyAlerts alerts;
    private final double maximum;
    private transient MapState<Long, ChannelMinute> minutes;
    private transient ValueState<Boolean> firing;

    public ChannelErrorRate(DetectionSettings settings) {
        this.alerts = new AnomalyAlerts(settings);
        this.maximum = settings.thresholds().channelErrorsPerMinuteWarning();
    }

    @Override
    public void open(OpenContext openContext) {
        minutes = getRuntimeContext().getMapState(new MapStateDescriptor<>("channel-minutes", Types.LONG,
                TypeInformation.of(ChannelMinute.class)));
        firing = getRuntimeContext().getState(new ValueStateDescriptor<>("channel-firing", Types.BOOLEAN));
    }

    @Override
    public void processElement(ChannelError e, Context ctx, Collector<Alert> out) throws Exception {
        long bucket = Math.floorDiv(e.eventTimeMs, MINUTE_MS) * MINUTE_MS;
        long end = bucket + MINUTE_MS - 1;
        if (end <= ctx.timerService().currentWatermark()) {
            return;
        }
        ChannelMinute m = minutes.get(bucket);
        if (m == null) {
            m = new ChannelMinute();
            ctx.timerService().registerEventTimeTimer(end);
        }
        m.errors++;
        if (m.evidence.isEmpty()) {
            m.evidence = e.eventId;
        } else if (m.evidence.split(",").length < AnomalyAlerts.MAX_EVIDENCE) {
            m.evidence += "," + e.eventId;
        }
        minutes.put(bucket, m);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        long bucket = timestamp + 1 - MINUTE_MS;
        ChannelMinute m = minutes.get(bucket);
        minutes.remove(bucket);
        long errors = m == null ? 0 : m.errors;
        String[] key = ctx.getCurrentKey().split("/", 2);
        AnomalyAlerts.Draft draft = alerts.draft(AlertType.CHANNEL_ERRORS, key[0], null).label("channel", key[1])
                .window(java.time.Duration.ofMinutes(1)).value((double) errors).threshold(maximum);
        if (errors > maximum) {
            firing.update(true);
            out.collect(draft.summary(String.format(Locale.ROOT, "%d failed %s messages of tenant %s in one minute (more than %.0f)",
                            errors, key[1], key[0], maximum))
                    .description("Channel messages with an error code or delivery status 'failed', per tenant and channel and minute.")
                    .evidence(Arrays.asList(m.evidence.split(",")))
                    .firing(bucket));
            if (minutes.get(bucket + MINUTE_MS) == null) {
                ctx.timerService().registerEventTimeTimer(timestamp + MINUTE_MS); // judge the next minute even if it has no error
            }
        } else if (Boolean.TRUE.equals(firing.value())) {
            firing.clear();
            out.collect(draft.summary(key[1] + " errors of tenant " + key[0] + " are back below the threshold").clear(timestamp));
        }
    }
}
