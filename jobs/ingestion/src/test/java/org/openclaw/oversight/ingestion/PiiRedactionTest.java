package org.openclaw.oversight.ingestion;

import org.junit.jupiter.api.Test;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.CleanEvent;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PiiRedactionTest {

    private final PiiRedaction redaction = new PiiRedaction(TestRules.scanner());

    @Test
    void everyPlantedTypeIsRedactedAndRecordedWithOffsetsInTheOriginal() {
        for (PlantedPii.Plant plant : PlantedPii.ALL) {
            AgentEvent event = TestEvents.llmCall("e-" + plant.type(), "a", "t", plant.sentence(), "nothing here");
            PiiRedaction.Redacted redacted = redaction.redact(TestEvents.clean(event));

            assertThat(redacted.event().getAgentEvent().getInput()).as(plant.type().name()).doesNotContain(plant.value());
            assertThat(redacted.event().getAgentEvent().getOutput()).isEqualTo("nothing here");
            assertThat(redacted.event().getPiiTypes()).contains(plant.type().name());
            PiiFindingRow row = redacted.findings().stream().filter(r -> r.piiType.equals(plant.type().name())).findFirst()
                    .orElseThrow(() -> new AssertionError("no finding of " + plant.type()));
            assertThat(row.field).isEqualTo("input");
            assertThat(plant.sentence().substring(row.start, row.start + row.length)).contains(
                    plant.value().substring(0, Math.min(4, plant.value().length())));
            assertThat(row.pseudonym).isNotBlank().doesNotContain(plant.value());
            assertThat(row.toString()).doesNotContain(plant.value());
        }
    }

    @Test
    void piiInWhatTheAgentSaidIsKeptApartFromPiiTheUserTypedIn() {
        String emailSentence = PlantedPii.ALL.get(0).sentence();
        String ibanSentence = PlantedPii.ALL.get(2).sentence();
        CleanEvent llm = redaction.redact(TestEvents.clean(TestEvents.llmCall("e-out", "a", "t", ibanSentence, emailSentence))).event();
        assertThat(llm.getPiiTypes()).contains("EMAIL", "IBAN");
        assertThat(llm.getOutputPiiTypes()).contains("EMAIL").doesNotContain("IBAN");
        CleanEvent inputOnly = redaction.redact(TestEvents.clean(TestEvents.llmCall("e-in", "a", "t", ibanSentence, "nothing here"))).event();
        assertThat(inputOnly.getPiiTypes()).contains("IBAN");
        assertThat(inputOnly.getOutputPiiTypes()).isEmpty();

        org.openclaw.oversight.schema.ChannelMessage inbound = TestEvents.message("m-in", "a", "c", ibanSentence);
        assertThat(redaction.redact(TestEvents.clean(inbound)).event().getOutputPiiTypes()).isEmpty();
        org.openclaw.oversight.schema.ChannelMessage outbound = TestEvents.message("m-out", "a", "c", ibanSentence);
        outbound.setDirection(org.openclaw.oversight.schema.Direction.OUTBOUND);
        CleanEvent reply = redaction.redact(TestEvents.clean(outbound)).event();
        assertThat(reply.getPiiTypes()).contains("IBAN");
        assertThat(reply.getOutputPiiTypes()).isEqualTo(reply.getPiiTypes());
    }

    @Test
    void theSamePersonGetsTheSamePseudonymAcrossEvents() {
        String sentence = PlantedPii.ALL.get(0).sentence();
        List<String> pseudonyms = List.of("e1", "e2").stream()
                .map(id -> redaction.redact(TestEvents.clean(TestEvents.llmCall(id, "a", "t", sentence, null))))
                .map(r -> r.findings().get(0).pseudonym)
                .toList();
        assertThat(pseudonyms.get(0)).isEqualTo(pseudonyms.get(1));
    }

    @Test
    void messageTextIsScannedAndTypesAreASortedSet() {
        CleanEvent message = TestEvents.clean(TestEvents.message("m1", "a", "c",
                PlantedPii.ALL.get(2).sentence() + " " + PlantedPii.ALL.get(0).sentence() + " " + PlantedPii.ALL.get(0).sentence()));
        PiiRedaction.Redacted redacted = redaction.redact(message);
        assertThat(redacted.event().getPiiTypes()).containsExactly("EMAIL", "IBAN");
        assertThat(redacted.findings()).allMatch(r -> r.field.equals("text")).hasSize(3);
    }

    @Test
    void attributeValuesAndErrorFieldsAreScannedAndTheFindingNamesTheField() {
        AgentEvent event = TestEvents.llmCall("e-attr", "a", "t", null, null);
        event.getAttributes().put("gen_ai.tool.call.arguments", "{\"to\": \"lena.hoffmann@example.org\"}");
        event.getAttributes().put("user.name", "Mein Name ist Anna Schmidt");
        event.getAttributes().put("retrieval.documents", "3");
        event.setErrorType("Versichertennummer A123456780 ungültig");
        PiiRedaction.Redacted redacted = redaction.redact(TestEvents.clean(event));

        AgentEvent out = redacted.event().getAgentEvent();
        assertThat(out.getAttributes()).containsEntry("gen_ai.tool.call.arguments", "{\"to\": \"[EMAIL_1]\"}")
                .containsEntry("user.name", "Mein Name ist [PERSON_1]").containsEntry("retrieval.documents", "3")
                .containsEntry("gen_ai.operation.name", "chat");
        assertThat(out.getErrorType()).isEqualTo("Versichertennummer [DE_HEALTH_INSURANCE_NUMBER_1] ungültig");
        assertThat(redacted.findings()).extracting(r -> r.field + ":" + r.piiType).containsExactlyInAnyOrder(
                "attributes.gen_ai.tool.call.arguments:EMAIL", "attributes.user.name:PERSON",
                "errorType:DE_HEALTH_INSURANCE_NUMBER");
        assertThat(redacted.event().getPiiTypes()).containsExactly("DE_HEALTH_INSURANCE_NUMBER", "EMAIL", "PERSON");
    }

    @Test
    void aMetricsOnlyCopyHasItsMetadataRedactedWithoutFindings() {
        AgentEvent event = TestEvents.llmCall("e-meta", "a", "t", "Ich heiße Anna Schmidt", null);
        event.getAttributes().put("error.message", "Reisepass C01X00T47 abgelaufen");
        CleanEvent copy = redaction.redactMetadata(CleanEvents.withoutText(TestEvents.clean(event)));
        assertThat(copy.getAgentEvent().getAttributes()).containsEntry("error.message", "Reisepass [DE_PASSPORT_1] abgelaufen");
        assertThat(copy.getAgentEvent().getInput()).isNull();
        assertThat(copy.getPiiTypes()).isEmpty();
        assertThat(event.getAttributes()).as("the full event is left for the batch scan")
                .containsEntry("error.message", "Reisepass C01X00T47 abgelaufen");
    }
}
