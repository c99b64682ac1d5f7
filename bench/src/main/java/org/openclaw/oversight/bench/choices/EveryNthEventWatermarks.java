package org.openclaw.oversight.bench.choices;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Flink's bounded out-of-orderness rule (watermark = highest event time seen - bound - 1 ms), but
 * emitted after every {@code n}-th event instead of every 200 ms of wall-clock time: the watermark
 * then sits at the same place in the stream in every run, so both window implementations see
 * exactly the same lateness and their outputs can be compared row for row.
 */
final class EveryNthEventWatermarks<T> implements WatermarkGenerator<T> {

    private final long boundMs;
    private final int n;
    private long maxTimestamp = Long.MIN_VALUE;
    private int sinceLast;

    EveryNthEventWatermarks(Duration outOfOrderness, int n) {
        this.boundMs = outOfOrderness.toMillis();
        this.n = n;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        if (++sinceLast >= n) {
            sinceLast = 0;
            output.emitWatermark(new Watermark(maxTimestamp - boundMs - 1));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        // punctuated only: a periodic watermark would land at a different place in every run
    }
}
