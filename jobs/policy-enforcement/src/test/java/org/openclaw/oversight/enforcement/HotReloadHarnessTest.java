package org.openclaw.oversight.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openclaw.oversight.enforcement.TestEvents.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.policy.PolicyHierarchy;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.EventKind;

/** A pushed document changes the verdict from the next event on; a bad one is rejected and the previous one stays. */
class HotReloadHarnessTest {

    static String shippedText() throws Exception {
        return Files.readString(Path.of("../../config/policies.yml"));
    }

    /** The shipped policies with customer_facing's response-time limit raised to 8 s. */
    static String relaxed() throws Exception {
        return "version: relaxed-8s\n" + shippedText().replace("max_response_time: 5000ms", "max_response_time: 8000ms");
    }

    private static KafkaRawRecord record(String key, String value, long offset) {
        return new KafkaRawRecord(Topics.POLICIES, 0, offset, T0, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPushedDocumentAppliesFromTheNextEventAndViolationsCarryItsVersion() throws Exception {
        try (BroadcastOperatorTestHarness<CleanEvent, PolicyMessage, Violation> harness =
                ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new EventRulesFunction(view()), PolicyView.STATE)) {
            harness.processElement(clean(span(SUPPORT, "t1", EventKind.AGENT_RUN, T0, 6000)), T0);
            String text = relaxed();
            harness.processBroadcastElement(PolicyMessage.document("default", text, PolicyHierarchy.parse(text, "test").version()), T0);
            harness.processElement(clean(span(SUPPORT, "t2", EventKind.AGENT_RUN, T0 + 1, 6000)), T0 + 1);
            harness.processElement(clean(span(SUPPORT, "t3", EventKind.AGENT_RUN, T0 + 2, 8001)), T0 + 2);
            List<Violation> found = harness.extractOutputValues();
            assertThat(found).extracting(v -> v.interactionId + " " + v.limit + " " + v.policyVersion)
                    .containsExactly("t1 5000ms " + SHIPPED.version(), "t3 8000ms relaxed-8s");
        }
    }

    @Test
    void aBadDocumentOnTheTopicIsRejectedWithAnAlertAndNotBroadcast() throws Exception {
        try (OneInputStreamOperatorTestHarness<KafkaRawRecord, PolicyMessage> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new PolicyTopicValidation())) {
            harness.processElement(record("default", relaxed(), 0), T0);
            harness.processElement(record("default", shippedText().replace("inherits: customer_facing", "inherits: customer_facings"), 1), T0);
            harness.processElement(record("default", shippedText().replace("0.85", "eighty-five"), 2), T0);
            harness.processElement(record("default", null, 3), T0);
            harness.processElement(record(ChangeApprovals.key(FINANCE, "2.0.0", "alice"), ChangeApprovals.VALUE, 4), T0);
            List<PolicyMessage> out = harness.extractOutputValues();
            assertThat(out).extracting(m -> m.kind + " " + (m.isDocument() ? m.version : m.agentVersion + " " + m.approvedBy))
                    .containsExactly("document relaxed-8s", "approval 2.0.0 alice");
            List<Alert> rejected = harness.getSideOutput(PolicyTopicValidation.REJECTED).stream().map(r -> r.getValue()).toList();
            assertThat(rejected).hasSize(2).allSatisfy(a -> {
                assertThat(a.getAlertname()).isEqualTo("PolicyRejected");
                assertThat(a.getLabels()).containsEntry("policy_set", "default").containsEntry("source", "policy-enforcement");
            });
            assertThat(rejected.get(0).getDescription()).contains("offset 1", "unknown parent 'customer_facings'");
            assertThat(rejected.get(1).getDescription()).contains("offset 2", "alignment_score_minimum");
            assertThat(rejected.get(0).getFingerprint()).as("one alert per policy set").isEqualTo(rejected.get(1).getFingerprint());
        }
    }
}
