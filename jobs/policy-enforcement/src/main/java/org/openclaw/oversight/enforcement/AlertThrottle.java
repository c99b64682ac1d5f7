package org.openclaw.oversight.enforcement;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.schema.Alert;

/**
 * One alert per fingerprint (tenant, agent, rule) per {@code resend} of event time: a rule an agent breaks on
 * every run would otherwise send an alert per run, all updating the same alert. Every violation still gets its
 * row. State is freed by a timer one resend interval after the last alert.
 */
public final class AlertThrottle extends KeyedProcessFunction<String, Alert, Alert> {

    private final long resendMs;
    private transient ValueState<Long> lastSentMs;

    public AlertThrottle(Duration resend) {
        this.resendMs = resend.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        lastSentMs = getRuntimeContext().getState(new ValueStateDescriptor<>("last-alert-sent", Types.LONG));
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        long at = alert.getStartsAt().toEpochMilli();
        Long last = lastSentMs.value();
        // either side of the last one sent: the rule operators run in parallel, so a violation of a slightly
        // earlier event time can arrive after a later one
        if (last != null && Math.abs(at - last) < resendMs) {
            return;
        }
        out.collect(alert);
        lastSentMs.update(at);
        ctx.timerService().registerEventTimeTimer(at + resendMs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Long last = lastSentMs.value();
        if (last != null && last + resendMs <= timestamp) {
            lastSentMs.clear();
        }
    }
}
