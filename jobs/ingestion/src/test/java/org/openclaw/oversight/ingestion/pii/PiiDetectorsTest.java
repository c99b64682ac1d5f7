package org.openclaw.oversight.ingestion.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each detector: values it must find (exact span and detector) and look-alikes it must leave alone. */
class PiiDetectorsTest {
    private static final PiiScanner SCANNER =
            PiiScanner.create("test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    /** Asserts that {@code value}, embedded in {@code sentence} at "%s", is found exactly once with this type. */
    private static PiiFinding assertFound(String sentence, String value, PiiType type) {
        String text = sentence.formatted(value);
        ScanResult r = SCANNER.scan(text);
        assertThat(r.findings()).as("findings in <%s>", text).hasSize(1);
        PiiFinding f = r.findings().get(0);
        assertThat(f.type()).isEqualTo(type);
        assertThat(text.substring(f.start(), f.end())).isEqualTo(value);
        assertThat(r.redacted()).doesNotContain(value).contains("[" + type.name() + "_1]");
        return f;
    }

    private static void assertNothing(String text) {
        ScanResult r = SCANNER.scan(text);
        assertThat(r.findings()).as("findings in <%s>", text).isEmpty();
        assertThat(r.redacted()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"anna.mueller@example.de", "J.Smith+news@mail.example.com", "x_y-z%1@sub.firma-example.de"})
    void findsEmails(String email) {
        assertThat(assertFound("Meine E-Mail ist %s.", email, PiiType.EMAIL).detector()).isEqualTo("email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@localhost", "@handle", "a@b.c", "name@domain.123", "mail@-bad.de", "foo@.de"})
    void ignoresThingsThatAreNotEmails(String text) {
        assertNothing("Kontakt: " + text + " bitte");
    }

    @Test
    void findsPhonesInTheCommonFormats() {
        assertThat(assertFound("Tel. %s.", "+49 151 23456789", PiiType.PHONE).detector()).isEqualTo("phone-e164");
        assertThat(assertFound("Call %s now", "+4915123456789", PiiType.PHONE).detector()).isEqualTo("phone-e164");
        assertThat(assertFound("Call %s now", "+44 20 7946 0958", PiiType.PHONE).detector()).isEqualTo("phone-e164");
        assertThat(assertFound("Call %s now", "+1 (555) 123-4567", PiiType.PHONE).detector()).isEqualTo("phone-e164");
        assertThat(assertFound("Tel.: %s", "0049 151 23456789", PiiType.PHONE).detector()).isEqualTo("phone-e164");
        assertThat(assertFound("Tel.: %s", "+49 (0)151 23456789", PiiType.PHONE).detector()).isEqualTo("phone-e164");
        assertThat(assertFound("Festnetz %s.", "030 1234567", PiiType.PHONE).detector()).isEqualTo("phone-de");
        assertThat(assertFound("Festnetz %s.", "030/1234567", PiiType.PHONE).detector()).isEqualTo("phone-de");
        assertThat(assertFound("Festnetz %s.", "(030) 1234567", PiiType.PHONE).detector()).isEqualTo("phone-de");
        assertThat(assertFound("Handy: %s", "0151 23456789", PiiType.PHONE).detector()).isEqualTo("phone-de-mobile");
        assertThat(assertFound("Handy: %s", "015123456789", PiiType.PHONE).detector()).isEqualTo("phone-de-mobile");
        assertThat(assertFound("Call me at %s.", "(555) 123-4567", PiiType.PHONE).detector()).isEqualTo("phone-us");
        assertThat(assertFound("Call me at %s.", "555-123-4567", PiiType.PHONE).detector()).isEqualTo("phone-us");
        assertThat(assertFound("Ring %s today", "020 7946 0958", PiiType.PHONE).detector()).isEqualTo("phone-uk");
        assertThat(assertFound("Ring %s today", "07700 900123", PiiType.PHONE).detector()).isEqualTo("phone-uk");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bestellung 4711-2023-889 ist unterwegs", "Termin am 12.03.2024 um 10 Uhr",
        "Preis 1.299,00 € inkl. MwSt", "Version v2.10.3 und 1.2.3.4.5 sind alt", "Tracking 1Z999AA10123456784",
        "Um 12:30:45 war es", "ISBN 978-3-16-148410-0", "ISBN 9783161484100", "Rechnung 2024-000123",
        "Kundennummer 123456", "call 0800", "+12", "Seite 030", "Datum 01/02/2024 1234",
        "Zeitraum 2023-2024", "Artikel 0042 17", "im Jahr 2024 waren es 1234567 Nutzer"})
    void ignoresNumbersThatMerelyLookSimilar(String text) {
        assertNothing(text);
    }

    @Test
    void findsIbansCompactAndGrouped() {
        assertThat(assertFound("Meine IBAN lautet %s.", "DE89 3704 0044 0532 0130 00", PiiType.IBAN).detector())
                .isEqualTo("iban");
        assertFound("IBAN: %s", "DE89370400440532013000", PiiType.IBAN);
        assertFound("Account %s please", "GB82 WEST 1234 5698 7654 32", PiiType.IBAN);
        assertFound("Konto %s", "NL91ABNA0417164300", PiiType.IBAN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE88 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 0", "DE89370400440532013001",
        "XX89370400440532013000", "DE89370400440532013000123"})
    void rejectsIbansWithWrongCheckDigitsOrLength(String iban) {
        assertNothing("IBAN " + iban + " bitte");
    }

    @Test
    void findsPaymentCardsWithLuhnAndKnownIssuer() {
        assertThat(assertFound("Kreditkarte %s", "4111 1111 1111 1111", PiiType.PAYMENT_CARD).detector())
                .isEqualTo("card-visa");
        assertThat(assertFound("Card %s.", "5555-5555-5555-4444", PiiType.PAYMENT_CARD).detector())
                .isEqualTo("card-mastercard");
        assertThat(assertFound("Card %s.", "2223003122003222", PiiType.PAYMENT_CARD).detector())
                .isEqualTo("card-mastercard");
        assertThat(assertFound("Amex %s.", "3782 822463 10005", PiiType.PAYMENT_CARD).detector())
                .isEqualTo("card-amex");
        assertThat(assertFound("Card %s.", "6011 1111 1111 1117", PiiType.PAYMENT_CARD).detector())
                .isEqualTo("card-discover");
        assertThat(assertFound("Card %s.", "3530111333300000", PiiType.PAYMENT_CARD).detector())
                .isEqualTo("card-jcb");
        assertThat(assertFound("Card %s.", "30569309025904", PiiType.PAYMENT_CARD).detector())
                .isEqualTo("card-diners");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1112", "4111111111111112", "9111 1111 1111 1111 6",
        "4111 1111 1111 111", "4111  1111 1111 1111", "4111 1111-1111 1111", "1234567812345670"})
    void rejectsCardsFailingLuhnIssuerOrShape(String number) {
        assertNothing("Kartennummer " + number + " ok");
    }

    @Test
    void findsGermanTaxIdsWithValidCheckDigitAndDigitRule() {
        assertThat(assertFound("Steuer-ID: %s.", "12345678995", PiiType.DE_TAX_ID).detector())
                .isEqualTo("de-steuer-id");
        assertFound("Steuer-ID %s.", "86095742719", PiiType.DE_TAX_ID);
        assertFound("Steuer-IdNr. %s", "12 345 678 995", PiiType.DE_TAX_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678994", "02345678995", "11145678992", "12345678901"})
    void rejectsTaxIdsFailingTheCheck(String id) {
        assertNothing("Steuer-ID: " + id);
    }

    @Test
    void taxIdDigitRuleAllowsThreeRepeatsButNotThreeInARow() {
        assertThat(Checksums.steuerId("12345678995".toCharArray(), 11)).isTrue();
        // 1 occurs three times, not adjacent; check digit computed with the MOD 11,10 rule
        char[] tripled = ("1213456781" + checkDigit("1213456781")).toCharArray();
        assertThat(Checksums.steuerId(tripled, 11)).isTrue();
        char[] adjacent = ("1113456782" + checkDigit("1113456782")).toCharArray();
        assertThat(Checksums.steuerId(adjacent, 11)).isFalse();
        char[] twoRepeats = ("1123456788" + checkDigit("1123456788")).toCharArray();
        assertThat(Checksums.steuerId(twoRepeats, 11)).isFalse();
    }

    private static int checkDigit(String firstTen) {
        int product = 10;
        for (char c : firstTen.toCharArray()) {
            int sum = (c - '0' + product) % 10;
            product = ((sum == 0 ? 10 : sum) * 2) % 11;
        }
        int check = 11 - product;
        return check == 10 ? 0 : check;
    }

    @Test
    void findsUsSocialSecurityNumbers() {
        assertThat(assertFound("My SSN is %s.", "123-45-6789", PiiType.US_SSN).detector()).isEqualTo("us-ssn");
        assertFound("SSN %s ok", "078 05 1120", PiiType.US_SSN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"666-12-3456", "000-12-3456", "912-12-3456", "123-00-4567", "123-45-0000",
        "123456789", "123-45-67890"})
    void rejectsInvalidSsns(String ssn) {
        assertNothing("SSN " + ssn + " here");
    }

    @Test
    void findsIpAddresses() {
        assertThat(assertFound("IP %s connected", "192.168.1.10", PiiType.IP_ADDRESS).detector()).isEqualTo("ipv4");
        assertFound("from %s.", "8.8.8.8", PiiType.IP_ADDRESS);
        assertFound("IP %s:8080", "10.0.0.1", PiiType.IP_ADDRESS);
        assertThat(assertFound("addr %s ok", "2001:db8::1", PiiType.IP_ADDRESS).detector()).isEqualTo("ipv6");
        assertFound("addr %s ok", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", PiiType.IP_ADDRESS);
        assertFound("addr %s ok", "fe80::1ff:fe23:4567:890a", PiiType.IP_ADDRESS);
        assertFound("loopback %s ok", "::1", PiiType.IP_ADDRESS);
        assertFound("mapped %s ok", "::ffff:192.0.2.128", PiiType.IP_ADDRESS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "v1.2.3.4", "01.02.03.04", "12:30:45",
        "00:1A:2B:3C:4D:5E", "std::vector", "abc::def", "1:2:3:4:5:6:7:8:9", "2001:db8::1::2"})
    void rejectsThingsThatAreNotIpAddresses(String text) {
        assertNothing("Wert " + text + " ende");
    }

    @Test
    void findsSecrets() {
        assertThat(assertFound("aws_access_key_id = %s", "AKIAIOSFODNN7EXAMPLE", PiiType.SECRET).detector())
                .isEqualTo("aws-access-key-id");
        assertFound("key %s", "ASIAY34FZKBOKMUTVV7A", PiiType.SECRET);
        assertThat(assertFound("OPENAI_API_KEY=%s", "sk-proj-Ab3dEf6hIj9kLmNoPqRsTuVwXyZ012345", PiiType.SECRET)
                .detector()).isEqualTo("api-key-sk");
        assertThat(assertFound("key: %s", "sk-ant-api03-abcDEF1234567890ghijKLMNOP", PiiType.SECRET).detector())
                .isEqualTo("api-key-anthropic");
        PiiFinding bearer = assertFound("Authorization: Bearer %s",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abc_DEF-123", PiiType.SECRET);
        assertThat(bearer.detector()).isEqualTo("bearer-token");
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1b2c3d4e5f6\nq8r9s0t1u2v3w4x5==\n"
                + "-----END RSA PRIVATE KEY-----";
        assertThat(assertFound("Here is the key:\n%s\nthanks", pem, PiiType.SECRET).detector())
                .isEqualTo("pem-private-key");
    }

    @Test
    void truncatedPemBlockIsStillRedactedUpToTheEndOfItsBody() {
        String text = "key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nabc def";
        ScanResult r = SCANNER.scan(text);
        assertThat(r.findings()).hasSize(1);
        assertThat(r.redacted()).doesNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC").startsWith("key:\n[SECRET_1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AKIA1234", "AKIAIOSFODNN7EXAMPLEX", "sk-learn-compatible-estimators-rock",
        "sk-short123", "Bearer token", "bearer of bad news and more", "Bearer abcdefghijklmnopqrst",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "ask-1234567890abcdefghijkl"})
    void ignoresSecretLookAlikes(String text) {
        assertNothing(text);
    }

    @Test
    void findsDatesOfBirthOnlyNextToAKeyword() {
        assertThat(assertFound("Ich bin geboren am %s.", "12.03.1985", PiiType.DATE_OF_BIRTH).detector())
                .isEqualTo("dob-de");
        assertFound("geb. %s in Köln", "12.03.1985", PiiType.DATE_OF_BIRTH);
        assertFound("Geburtsdatum: %s", "12. März 1985", PiiType.DATE_OF_BIRTH);
        assertThat(assertFound("DOB: %s", "1985-03-12", PiiType.DATE_OF_BIRTH).detector()).isEqualTo("dob-en");
        assertFound("I was born on %s.", "March 12, 1985", PiiType.DATE_OF_BIRTH);
        assertFound("date of birth %s", "03/12/1985", PiiType.DATE_OF_BIRTH);
        assertFound("Birthday: %s!", "12 March 1985", PiiType.DATE_OF_BIRTH);
        assertNothing("Der Termin ist am 12.03.1985 um 10 Uhr.");
        assertNothing("Meeting on 1985-03-12, born ready, with nothing after the keyword for a long long while 12.03.1985");
        assertNothing("geboren am 45.13.1985");
    }

    @Test
    void differentSpellingsOfOneBirthDateShareThePseudonym() {
        String a = SCANNER.scan("geboren am 12.03.1985").findings().get(0).pseudonym();
        String b = SCANNER.scan("DOB 1985-03-12").findings().get(0).pseudonym();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void cardInsideAnIbanIsReportedAsTheIban() {
        List<PiiFinding> f = SCANNER.scan("IBAN DE89 3704 0044 0532 0130 00").findings();
        assertThat(f).extracting(PiiFinding::type).containsExactly(PiiType.IBAN);
    }
}
