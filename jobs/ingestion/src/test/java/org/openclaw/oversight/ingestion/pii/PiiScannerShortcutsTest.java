package org.openclaw.oversight.ingestion.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts that make the scan fast must not change what it finds: the first-character dispatch table, the
 * skipped parse of short lone numbers, the month-name pre-check, keyword matching on the char[], the cached
 * placeholders and the redacted text built in a char[].
 */
class PiiScannerShortcutsTest {
    private static final PiiScanner SCANNER =
            PiiScanner.create("test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    private static List<String> found(String text) {
        List<String> values = new ArrayList<>();
        for (PiiFinding f : SCANNER.scan(text).findings()) {
            values.add(f.type() + " " + text.substring(f.start(), f.end()));
        }
        return values;
    }

    @Test
    void placeholdersPastTheCachedOnesAreNumberedOnAndRepeatsReuseTheirs() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            text.append("user").append(i).append("@example.de ");
        }
        text.append("user3@example.de user17@example.de");
        ScanResult r = SCANNER.scan(text.toString());
        assertThat(r.findings()).hasSize(22);
        assertThat(r.redacted()).startsWith("[EMAIL_1] [EMAIL_2] [EMAIL_3] ")
                .contains("[EMAIL_15] [EMAIL_16] [EMAIL_17] [EMAIL_18] [EMAIL_19] [EMAIL_20] ")
                .endsWith("[EMAIL_20] [EMAIL_3] [EMAIL_17]");
        assertThat(r.findings().get(20).pseudonym()).isEqualTo(r.findings().get(2).pseudonym());
        assertThat(r.findings().get(21).pseudonym()).isEqualTo(r.findings().get(16).pseudonym());
    }

    @Test
    void redactedTextKeepsNonLatin1CharactersAroundThePlaceholders() {
        String text = "Grüße — 日本 anna@example.de €5, Tel. 0151 23456789 😀 Ende";
        ScanResult r = SCANNER.scan(text);
        assertThat(r.redacted()).isEqualTo("Grüße — 日本 [EMAIL_1] €5, Tel. [PHONE_1] 😀 Ende");
        assertThat(r.findings()).extracting(f -> text.substring(f.start(), f.end()))
                .containsExactly("anna@example.de", "0151 23456789");
    }

    @Test
    void shortNumbersAreSkippedButShortGroupsThatFormAnIdentifierAreNot() {
        assertThat(found("Bestellung 4711, 20 GB, 24 Monate, 29,99 €, Version 1.2, Raum 512.")).isEmpty();
        assertThat(found("Host 1.2.3.4 und 10.0.0.1:8080")).containsExactly("IP_ADDRESS 1.2.3.4",
                "IP_ADDRESS 10.0.0.1");
        assertThat(found("Call 555.123.4567 or 555 123 4567!")).containsExactly("PHONE 555.123.4567");
        assertThat(found("SSN 123 45 6789.")).containsExactly("US_SSN 123 45 6789");
        assertThat(found("ID 12 345 678 995 and card 4111 1111 1111 1111")).containsExactly(
                "DE_TAX_ID 12 345 678 995", "PAYMENT_CARD 4111 1111 1111 1111");
        assertThat(found("Nummer 12345678995 und 1234567899")).containsExactly("DE_TAX_ID 12345678995");
    }

    @Test
    void birthKeywordsMatchInAnyCaseAndMonthNamesAfterShortWords() {
        assertThat(found("GEBURTSDATUM: 12.03.1985")).containsExactly("DATE_OF_BIRTH 12.03.1985");
        assertThat(found("Date Of Birth 1985-03-12")).containsExactly("DATE_OF_BIRTH 1985-03-12");
        assertThat(found("Ich bin geboren am 3. März 1985 in Köln")).containsExactly("DATE_OF_BIRTH 3. März 1985");
        assertThat(found("I was born on May 12, 1985.")).containsExactly("DATE_OF_BIRTH May 12, 1985");
        assertThat(found("Datenvolumen, Dobby und Geburtsort: an einem 12.03.1985")).isEmpty();
    }

    @Test
    void secretsAndAddressesStartingAtEveryDispatchedCharacter() {
        String text = "key=AKIAIOSFODNN7EXAMPLE; BEARER abcdefghijklmnop1234 x sk-proj-Ab3dEf6hIj9kLmNoPqRsTuVwXyZ012345 "
                + "fe80::1 via ::1 and dead:beef:0:0:0:0:0:1, IBAN GB82WEST12345698765432, (030) 1234567, "
                + "+44 20 7946 0958, _4111 1111 1111 1111";
        assertThat(SCANNER.scan(text).findings())
                .extracting(PiiFinding::type, f -> text.substring(f.start(), f.end()))
                .containsExactly(
                        tuple(PiiType.SECRET, "AKIAIOSFODNN7EXAMPLE"),
                        tuple(PiiType.SECRET, "abcdefghijklmnop1234"),
                        tuple(PiiType.SECRET, "sk-proj-Ab3dEf6hIj9kLmNoPqRsTuVwXyZ012345"),
                        tuple(PiiType.IP_ADDRESS, "fe80::1"),
                        tuple(PiiType.IP_ADDRESS, "::1"),
                        tuple(PiiType.IP_ADDRESS, "dead:beef:0:0:0:0:0:1"),
                        tuple(PiiType.IBAN, "GB82WEST12345698765432"),
                        tuple(PiiType.PHONE, "(030) 1234567"),
                        tuple(PiiType.PHONE, "+44 20 7946 0958"),
                        tuple(PiiType.PAYMENT_CARD, "4111 1111 1111 1111"));
    }
}
