package org.openclaw.oversight.ingestion;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.CleanEvent;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DropDuplicatesTest {

    private static final Duration WINDOW = Duration.ofHours(1);

    private static KeyedOneInputStreamOperatorTestHarness<String, CleanEvent, CleanEvent> harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, CleanEvent, CleanEvent> harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DropDuplicates(WINDOW)), CleanEvents::dedupeKey, Types.STRING);
        harness.setStateTtlProcessingTime(0);
        harness.open();
        return harness;
    }

    private static StreamRecord<CleanEvent> event(String id) {
        return new StreamRecord<>(TestEvents.clean(TestEvents.llmCall(id, TestRules.REAL_TIME_AGENT, "t", "a", "b")));
    }

    @Test
    void aResentEventIsDroppedButAMessageWithTheSameIdIsNot() throws Exception {
        try (var harness = harness()) {
            harness.processElement(event("e1"));
            harness.processElement(event("e1"));
            harness.processElement(event("e2"));
            harness.processElement(new StreamRecord<>(TestEvents.clean(TestEvents.message("e1", "a", "c", "x"))));
            assertThat(harness.extractOutputValues()).extracting(CleanEvent::getEventId).containsExactly("e1", "e2", "e1");
            assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
        }
    }

    @Test
    void theStateExpiresAfterTheWindowAndIsCleanedUp() throws Exception {
        try (var harness = harness()) {
            for (int i = 0; i < 20; i++) {
                harness.processElement(event("e" + i));
            }
            assertThat(harness.numKeyedStateEntries()).isEqualTo(20);
            harness.setStateTtlProcessingTime(WINDOW.toMillis() + 1);
            // a copy re-sent after the window passes again (the tables' keys still stop it there)
            harness.processElement(event("e0"));
            assertThat(harness.extractOutputValues()).hasSize(21);
            assertThat(harness.numProcessingTimeTimers()).as("no timers: TTL does the cleanup").isZero();
            // expired entries are removed when touched (incremental cleanup visits entries on access)
            for (int i = 1; i < 20; i++) {
                harness.processElement(event("e" + i));
            }
            harness.setStateTtlProcessingTime(3 * WINDOW.toMillis());
            for (int i = 0; i < 20; i++) {
                harness.processElement(event("x" + i));
            }
            harness.setStateTtlProcessingTime(5 * WINDOW.toMillis());
            for (int i = 0; i < 40; i++) {
                harness.processElement(event("y" + i));
            }
            assertThat(harness.numKeyedStateEntries()).as("only the last, unexpired ids remain").isEqualTo(40);
        }
    }
}
