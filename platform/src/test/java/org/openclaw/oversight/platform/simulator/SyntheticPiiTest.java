package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.ingestion.pii.Checksums;
import org.openclaw.oversight.ingestion.pii.PiiScanner;
import org.openclaw.oversight.ingestion.pii.PiiType;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;

class SyntheticPiiTest {
    private final SyntheticPii pii = new SyntheticPii(new Random(1));

    @Test
    void checksummedValuesPassTheIngestionJobsChecksums() {
        for (int i = 0; i < 2_000; i++) {
            char[] iban = pii.value(PiiKind.IBAN).replace(" ", "").toCharArray();
            assertThat(Checksums.ibanMod97(iban, iban.length)).as(new String(iban)).isTrue();
            String card = pii.value(PiiKind.CREDIT_CARD);
            char[] cardDigits = card.replace(" ", "").toCharArray();
            assertThat(Checksums.luhn(cardDigits, cardDigits.length)).as(card).isTrue();
            assertThat(new String(cardDigits))
                    .matches("4\\d{15}|5[1-5]\\d{14}|2(22[1-9]|2[3-9]\\d|[3-6]\\d\\d|7[01]\\d|720)\\d{12}"
                    + "|3[47]\\d{13}|6011\\d{12}");
            char[] steuerId = pii.value(PiiKind.DE_TAX_ID).toCharArray();
            assertThat(Checksums.steuerId(steuerId, steuerId.length)).as(new String(steuerId)).isTrue();
            // US SSN ranges: area 001-899 but not 666, group 01-99, serial 0001-9999
            assertThat(pii.value(PiiKind.US_SSN))
                    .matches("(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}");
        }
        // the simulator's values are not merely shaped right: a tampered check digit fails the same rule
        char[] tampered = "DE89370400440532013001".toCharArray();
        assertThat(Checksums.ibanMod97(tampered, tampered.length)).isFalse();
    }

    @Test
    void theIngestionScannerFindsEveryPlantedKindAsItsType() {
        PiiScanner scanner = PiiScanner.create(new byte[32]);
        Map<PiiKind, PiiType> expected = new EnumMap<>(PiiKind.class);
        for (PiiKind kind : PiiKind.values()) {
            expected.put(kind, switch (kind) {
                case EMAIL -> PiiType.EMAIL;
                case PHONE_E164, PHONE_DE_NATIONAL, PHONE_DE_MOBILE, PHONE_US, PHONE_UK -> PiiType.PHONE;
                case IBAN -> PiiType.IBAN;
                case CREDIT_CARD -> PiiType.PAYMENT_CARD;
                case IPV4, IPV6 -> PiiType.IP_ADDRESS;
                case DE_TAX_ID -> PiiType.DE_TAX_ID;
                case US_SSN -> PiiType.US_SSN;
                case AWS_ACCESS_KEY, API_KEY, BEARER_TOKEN, PRIVATE_KEY -> PiiType.SECRET;
                case DATE_OF_BIRTH -> PiiType.DATE_OF_BIRTH;
            });
        }
        for (int i = 0; i < 100; i++) {
            boolean german = i % 2 == 0;
            for (PiiKind kind : PiiKind.values()) {
                String text = Texts.sentence(kind, pii.value(kind), german);
                assertThat(scanner.scan(text).types()).as(kind + " in: " + text).contains(expected.get(kind));
            }
        }
    }

    @Test
    void otherKindsHaveTheFormsScannersLookFor() {
        Map<PiiKind, String> forms = Map.ofEntries(
                Map.entry(PiiKind.EMAIL, "[a-z]+\\.[a-z]+@[a-z.-]+\\.[a-z]+"),
                Map.entry(PiiKind.PHONE_E164, "\\+49\\d{10}"),
                Map.entry(PiiKind.PHONE_DE_NATIONAL, "0\\d{2,3} [1-9]\\d{6}"),
                Map.entry(PiiKind.PHONE_DE_MOBILE, "01[5-7]\\d [1-9]\\d{6}"),
                Map.entry(PiiKind.PHONE_US, "\\(\\d{3}\\) [2-9]\\d{2}-\\d{4}"),
                Map.entry(PiiKind.PHONE_UK, "\\+44 20 7\\d{3} \\d{4}"),
                Map.entry(PiiKind.IPV4, "(\\d{1,3}\\.){3}\\d{1,3}"),
                Map.entry(PiiKind.IPV6, "2a02(:[0-9a-f]{1,4}){7}"),
                Map.entry(PiiKind.AWS_ACCESS_KEY, "AKIA[A-Z2-7]{16}"),
                Map.entry(PiiKind.API_KEY, "sk-[A-Za-z0-9]{48}"),
                Map.entry(PiiKind.BEARER_TOKEN, "eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"),
                Map.entry(PiiKind.PRIVATE_KEY, "(?s)-----BEGIN RSA PRIVATE KEY-----\\n.+\\n-----END RSA PRIVATE KEY-----"),
                Map.entry(PiiKind.DATE_OF_BIRTH, "\\d{2}\\.\\d{2}\\.(19|20)\\d{2}"));
        for (int i = 0; i < 200; i++) {
            forms.forEach((kind, regex) -> assertThat(pii.value(kind)).as(kind.name()).matches(regex));
            String ip = pii.value(PiiKind.IPV4);
            assertThat(ip.split("\\.")).allSatisfy(octet -> assertThat(Integer.parseInt(octet)).isBetween(0, 255));
        }
        assertThat(Texts.sentence(PiiKind.DATE_OF_BIRTH, "12.03.1985", true)).contains("geboren am 12.03.1985");
        assertThat(Texts.sentence(PiiKind.DATE_OF_BIRTH, "12.03.1985", false)).contains("DOB: 1985-03-12");
    }

    @Test
    void reportListsEveryKindWithTheRecordsThatContainTheValueVerbatim() {
        RecordedRun run = RecordedRun.builtIn(5);
        Map<String, SimulatedRecord> byId = run.records.stream()
                .collect(Collectors.toMap(SimulatedRecord::id, Function.identity()));
        List<PlantedPii> planted = run.report.plantedPii().stream().filter(p -> !p.ids().isEmpty()).toList();

        EnumSet<PiiKind> kinds = EnumSet.noneOf(PiiKind.class);
        planted.forEach(p -> kinds.add(p.kind()));
        assertThat(kinds).containsExactlyInAnyOrder(PiiKind.values());
        for (PlantedPii p : planted) {
            for (String id : p.ids()) {
                assertThat(text(byId.get(id))).as(p.kind() + " in " + id).contains(p.value());
            }
        }
        // the JSON report carries the values, the console summary does not
        PlantedPii iban = planted.stream().filter(p -> p.kind() == PiiKind.IBAN).findFirst().orElseThrow();
        assertThat(run.report.toJson()).contains(iban.value());
        assertThat(run.report.summary()).doesNotContain(iban.value());
    }

    private static String text(SimulatedRecord r) {
        if (r.value() instanceof ChannelMessage m) {
            return m.getText();
        }
        AgentEvent e = (AgentEvent) r.value();
        return e.getInput() + "\n" + e.getOutput();
    }
}
