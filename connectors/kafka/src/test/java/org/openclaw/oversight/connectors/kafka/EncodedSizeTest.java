package org.openclaw.oversight.connectors.kafka;

import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.CleanEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EncodedSizeTest {

    private final ConfluentAvroEncoder encoder = new ConfluentAvroEncoder(new InMemorySchemaRegistry());

    @Test
    void exactIsWhatTheEncoderWritesAndTheBoundIsNeverBelowIt() {
        for (int i = 0; i < 30; i++) {
            AgentEvent event = TestRecords.agentEvent(i);
            if (i % 3 == 0) {
                event.setInput("Grüße, 東京 🙂 ".repeat(i * 50));
                event.setOutput(null);
            }
            if (i % 4 == 0) {
                Map<String, String> attributes = new HashMap<>();
                for (int a = 0; a < i; a++) {
                    attributes.put("k" + a, "välue-" + a);
                }
                event.setAttributes(attributes);
            }
            CleanEvent clean = CleanEvent.newBuilder().setEventId(event.getEventId()).setTenantId("t").setAgentId("a")
                    .setEventTime(event.getStartTime()).setAgentEvent(event).setChannelMessage(null)
                    .setPiiTypes(List.of("EMAIL", "IBAN")).setCostEur(i % 2 == 0 ? null : 0.25).setTags(List.of("unpriced")).build();
            for (org.apache.avro.specific.SpecificRecord record : List.of(event, clean)) {
                long written = encoder.encode("s-value", record).length;
                assertThat(EncodedSize.exact(record)).isEqualTo(written);
                assertThat(EncodedSize.upperBound(record)).isGreaterThanOrEqualTo(written);
                assertThat(EncodedSize.fits(record, written)).isTrue();
                assertThat(EncodedSize.fits(record, written - 1)).isFalse();
            }
        }
    }
}
