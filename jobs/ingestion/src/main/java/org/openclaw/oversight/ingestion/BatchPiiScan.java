package org.openclaw.oversight.ingestion;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.openclaw.oversight.ingestion.pii.PiiScanner;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.secrets.SecretSource;

import java.time.Duration;

/**
 * Step 3 for {@code pii_scan: batch} agents, keyed by agent: their events (with text) wait in keyed
 * state and are scanned together when the agent's buffer holds {@code buffer_size} events or its
 * oldest event has waited {@code flush_interval}, whichever comes first. Only then are they emitted
 * (redacted) — so unscanned text is never written anywhere but this operator's state (and the
 * checkpoints of it). Findings go to {@link ScanAndRedact#FINDINGS}.
 *
 * <p>An event-time timer at the end of time flushes what is left when the input ends (a bounded run,
 * or stop-with-savepoint --drain); processing-time timers do not fire then. After a flush the
 * agent's state and timers are empty. The pseudonym key is read from {@code piiKey} where the
 * operator opens, so it is never part of the job graph.
 */
public final class BatchPiiScan extends KeyedProcessFunction<String, CleanEvent, CleanEvent> {

    private static final long END_OF_INPUT = Long.MAX_VALUE;

    private final SecretSource piiKey;
    private final int bufferSize;
    private final long flushIntervalMs;
    private transient ListState<CleanEvent> buffer;
    private transient ValueState<Integer> buffered;
    private transient ValueState<Long> flushAt;
    private transient LabelledCounters findingsByType;
    private transient PiiRedaction redaction;

    public BatchPiiScan(SecretSource piiKey, int bufferSize, Duration flushInterval) {
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("buffer size must be positive, got " + bufferSize);
        }
        this.piiKey = piiKey;
        this.bufferSize = bufferSize;
        this.flushIntervalMs = flushInterval.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        redaction = new PiiRedaction(PiiScanner.open(piiKey));
        buffer = getRuntimeContext().getListState(new ListStateDescriptor<>("unscanned", new AvroTypeInfo<>(CleanEvent.class)));
        buffered = getRuntimeContext().getState(new ValueStateDescriptor<>("unscanned-count", Types.INT));
        flushAt = getRuntimeContext().getState(new ValueStateDescriptor<>("flush-at", Types.LONG));
        findingsByType = new LabelledCounters(getRuntimeContext().getMetricGroup(), "pii_type", "oversight_pii_findings_total");
    }

    @Override
    public void processElement(CleanEvent event, Context context, Collector<CleanEvent> out) throws Exception {
        buffer.add(event);
        int count = buffered.value() == null ? 1 : buffered.value() + 1;
        if (count >= bufferSize) {
            flush(context.timerService(), context::output, out);
            return;
        }
        buffered.update(count);
        if (flushAt.value() == null) {
            long at = context.timerService().currentProcessingTime() + flushIntervalMs;
            flushAt.update(at);
            context.timerService().registerProcessingTimeTimer(at);
            context.timerService().registerEventTimeTimer(END_OF_INPUT);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<CleanEvent> out) throws Exception {
        flush(context.timerService(), context::output, out);
    }

    private interface SideOutput {
        void output(OutputTag<PiiFindingRow> tag, PiiFindingRow row);
    }

    private void flush(TimerService timers, SideOutput side, Collector<CleanEvent> out) throws Exception {
        Iterable<CleanEvent> events = buffer.get();
        if (events != null) {
            for (CleanEvent event : events) {
                // a copy: the state backend may still be snapshotting the buffered object
                PiiRedaction.Redacted redacted = redaction.redact(CleanEvent.newBuilder(event).build());
                for (PiiFindingRow row : redacted.findings()) {
                    findingsByType.inc(row.piiType);
                    side.output(ScanAndRedact.FINDINGS, row);
                }
                out.collect(redacted.event());
            }
        }
        Long pending = flushAt.value();
        if (pending != null) {
            timers.deleteProcessingTimeTimer(pending);
            timers.deleteEventTimeTimer(END_OF_INPUT);
        }
        buffer.clear();
        buffered.clear();
        flushAt.clear();
    }
}
