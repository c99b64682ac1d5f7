package org.openclaw.oversight.ingestion;

import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.connectors.kafka.EncodedSize;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.CleanEvent;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Redaction can make an event larger than its record; the clean topic still never gets one over its limit. */
class FitCleanEventsToTopicTest {

    private static final int LIMIT = KafkaConnection.DEFAULT_MAX_VALUE_BYTES;

    private static List<CleanEvent> run(CleanEvent... events) throws Exception {
        try (OneInputStreamOperatorTestHarness<CleanEvent, CleanEvent> harness =
                     new OneInputStreamOperatorTestHarness<>(new StreamFlatMap<>(new FitCleanEventsToTopic(LIMIT)))) {
            harness.open();
            for (CleanEvent event : events) {
                harness.processElement(event, 0L);
            }
            return harness.extractOutputValues();
        }
    }

    @Test
    void eventsThatFitPassUnchangedAndOnesThatGrewPastTheLimitLoseTheirTextNotTheirMetrics() throws Exception {
        CleanEvent small = TestEvents.clean(TestEvents.llmCall("ok", TestRules.REAL_TIME_AGENT, "t1", "hello", "world"));
        // what dense PII becomes after redaction: placeholders longer than the values they replaced
        String redacted = "[IP_ADDRESS_1234] ".repeat(LIMIT / 2 / 18 + 100);
        AgentEvent grown = TestEvents.llmCall("grown", TestRules.REAL_TIME_AGENT, "t2", redacted, redacted);
        grown.setAttributes(Map.of("region", "eu"));
        grown.setInputTokens(1234);
        CleanEvent large = TestEvents.clean(grown);
        large.setCostEur(0.5);
        assertThat(EncodedSize.exact(large)).isGreaterThan(LIMIT);
        // just under the limit: passes whole
        String almost = "x".repeat(LIMIT - 2_000);
        CleanEvent nearLimit = TestEvents.clean(TestEvents.llmCall("near", TestRules.REAL_TIME_AGENT, "t3", almost, null));
        assertThat(EncodedSize.exact(nearLimit)).isLessThanOrEqualTo(LIMIT);

        List<CleanEvent> out = run(small, large, nearLimit);

        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isEqualTo(small);
        assertThat(out.get(2)).isEqualTo(nearLimit);
        CleanEvent fitted = out.get(1);
        assertThat(EncodedSize.exact(fitted)).isLessThanOrEqualTo(LIMIT);
        assertThat(fitted.getEventId()).isEqualTo("grown");
        assertThat(fitted.getAgentEvent().getInput()).isNull();
        assertThat(fitted.getAgentEvent().getOutput()).isNull();
        assertThat(fitted.getAgentEvent().getAttributes()).isEmpty();
        assertThat(fitted.getAgentEvent().getInputTokens()).isEqualTo(1234);
        assertThat(fitted.getCostEur()).isEqualTo(0.5);
        assertThat(fitted.getTags()).contains(FitCleanEventsToTopic.TAG);
    }
}
