package org.openclaw.oversight.ingestion;

import org.openclaw.oversight.connectors.kafka.TestKeys;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.CleanEvent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/** Batch-mode PII: nothing leaves unscanned, flushes on the timer, on buffer_size and at end of input, state drains. */
class BatchPiiScanTest {

    private static final int BUFFER = 5;
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private KeyedOneInputStreamOperatorTestHarness<String, CleanEvent, CleanEvent> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new BatchPiiScan(TestKeys.piiKey(), BUFFER, INTERVAL)),
                CleanEvent::getAgentId, Types.STRING);
        harness.setProcessingTime(1_000);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void push(int i, String agent) throws Exception {
        PlantedPii.Plant plant = PlantedPii.forIndex(i);
        harness.processElement(new StreamRecord<>(TestEvents.clean(TestEvents.llmCall("e" + i + agent, agent, "t" + i,
                plant.sentence(), "ok " + plant.sentence()))));
    }

    private List<CleanEvent> emitted() {
        ConcurrentLinkedQueue<Object> output = harness.getOutput();
        return output.stream().filter(StreamRecord.class::isInstance).map(r -> (CleanEvent) ((StreamRecord<?>) r).getValue()).toList();
    }

    private void assertDrained() {
        assertThat(harness.numKeyedStateEntries()).as("keyed state entries").isZero();
        assertThat(harness.numProcessingTimeTimers()).as("processing-time timers").isZero();
        assertThat(harness.numEventTimeTimers()).as("event-time timers").isZero();
    }

    private static void assertRedacted(List<CleanEvent> events) {
        for (CleanEvent event : events) {
            for (PlantedPii.Plant plant : PlantedPii.ALL) {
                assertThat(event.getAgentEvent().getInput()).doesNotContain(plant.value());
                assertThat(event.getAgentEvent().getOutput()).doesNotContain(plant.value());
            }
            assertThat(event.getPiiTypes()).isNotEmpty();
        }
    }

    @Test
    void holdsEventsUntilTheFlushIntervalThenEmitsThemRedacted() throws Exception {
        push(0, "a");
        push(1, "a");
        push(2, "a");
        harness.setProcessingTime(1_000 + INTERVAL.toMillis() - 1);
        assertThat(emitted()).as("nothing unscanned leaves before the flush").isEmpty();
        assertThat(harness.getSideOutput(ScanAndRedact.FINDINGS)).isNull();

        harness.setProcessingTime(1_000 + INTERVAL.toMillis());
        assertThat(emitted()).hasSize(3);
        assertRedacted(emitted());
        assertThat(harness.getSideOutput(ScanAndRedact.FINDINGS)).hasSizeGreaterThanOrEqualTo(6);
        assertDrained();
    }

    @Test
    void flushesAtOnceWhenTheBufferIsFull() throws Exception {
        for (int i = 0; i < BUFFER - 1; i++) {
            push(i, "a");
        }
        assertThat(emitted()).isEmpty();
        push(BUFFER - 1, "a");
        assertThat(emitted()).hasSize(BUFFER);
        assertRedacted(emitted());
        assertDrained();
    }

    @Test
    void buffersArePerAgent() throws Exception {
        for (int i = 0; i < BUFFER - 1; i++) {
            push(i, "a");
            push(i, "b");
        }
        assertThat(emitted()).isEmpty();
        push(9, "a");
        assertThat(emitted()).hasSize(BUFFER).allMatch(e -> e.getAgentId().equals("a"));
        harness.setProcessingTime(1_000 + INTERVAL.toMillis());
        assertThat(emitted()).hasSize(2 * BUFFER - 1);
        assertDrained();
    }

    @Test
    void flushesWhatIsLeftWhenTheInputEnds() throws Exception {
        push(0, "a");
        push(1, "b");
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(emitted()).hasSize(2);
        assertRedacted(emitted());
        assertDrained();
    }
}
