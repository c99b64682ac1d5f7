package org.openclaw.oversight.ingestion.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

/** Redaction, offsets, pseudonyms and the key, on whole paragraphs. */
class PiiScannerTest {
    private static final byte[] KEY = "test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final PiiScanner SCANNER = PiiScanner.create(KEY);

    @Test
    void redactsEachFindingWithATypedPlaceholderAndKeepsOffsetsIntoTheOriginal() {
        String text = "Mail anna@example.de or bob@example.org, again anna@example.de; Tel. 0151 23456789.";
        ScanResult r = SCANNER.scan(text);
        assertThat(r.redacted())
                .isEqualTo("Mail [EMAIL_1] or [EMAIL_2], again [EMAIL_1]; Tel. [PHONE_1].");
        assertThat(r.findings()).extracting(f -> text.substring(f.start(), f.end()))
                .containsExactly("anna@example.de", "bob@example.org", "anna@example.de", "0151 23456789");
        assertThat(r.findings().get(0).pseudonym()).isEqualTo(r.findings().get(2).pseudonym())
                .isNotEqualTo(r.findings().get(1).pseudonym()).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(r.hasPii()).isTrue();
        assertThat(r.types()).containsExactlyInAnyOrder(PiiType.EMAIL, PiiType.PHONE);
    }

    @Test
    void mixedGermanAndEnglishParagraph() {
        String text = """
                Hallo, ich bin Anna (geb. 12.03.1985). Meine IBAN lautet DE89 3704 0044 0532 0130 00 und meine \
                Steuer-ID ist 12345678995. Please charge card 4111-1111-1111-1111 and call +44 20 7946 0958 or \
                (555) 123-4567. My SSN is 123-45-6789, server 192.168.0.17 / 2001:db8::7, \
                key AKIAIOSFODNN7EXAMPLE. Bestellung 4711-2023-889 vom 12.03.2024 kostet 1.299,00 €, v2.10.3.""";
        ScanResult r = SCANNER.scan(text);
        assertThat(r.findings()).extracting(PiiFinding::type, f -> text.substring(f.start(), f.end()))
                .containsExactly(
                        tuple(PiiType.PERSON, "Anna"),
                        tuple(PiiType.DATE_OF_BIRTH, "12.03.1985"),
                        tuple(PiiType.IBAN, "DE89 3704 0044 0532 0130 00"),
                        tuple(PiiType.DE_TAX_ID, "12345678995"),
                        tuple(PiiType.PAYMENT_CARD, "4111-1111-1111-1111"),
                        tuple(PiiType.PHONE, "+44 20 7946 0958"),
                        tuple(PiiType.PHONE, "(555) 123-4567"),
                        tuple(PiiType.US_SSN, "123-45-6789"),
                        tuple(PiiType.IP_ADDRESS, "192.168.0.17"),
                        tuple(PiiType.IP_ADDRESS, "2001:db8::7"),
                        tuple(PiiType.SECRET, "AKIAIOSFODNN7EXAMPLE"));
        assertThat(r.redacted()).contains("(geb. [DATE_OF_BIRTH_1])", "[PHONE_1] or [PHONE_2]",
                "server [IP_ADDRESS_1] / [IP_ADDRESS_2]", "Bestellung 4711-2023-889 vom 12.03.2024 kostet 1.299,00 €",
                "v2.10.3.");
    }

    @Test
    void pseudonymsAreStableAcrossEventsAndFormatsButDependOnTheKey() {
        PiiScanner other = PiiScanner.create("another-key-9876543210fedcba".getBytes(StandardCharsets.UTF_8));
        String a = SCANNER.scan("IBAN DE89 3704 0044 0532 0130 00").findings().get(0).pseudonym();
        String b = SCANNER.scan("iban: DE89370400440532013000!").findings().get(0).pseudonym();
        String c = other.scan("IBAN DE89 3704 0044 0532 0130 00").findings().get(0).pseudonym();
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        String mail1 = SCANNER.scan("Anna@Example.DE").findings().get(0).pseudonym();
        String mail2 = SCANNER.scan("x anna@example.de y").findings().get(0).pseudonym();
        assertThat(mail1).isEqualTo(mail2);
        String phone1 = SCANNER.scan("0151 23456789").findings().get(0).pseudonym();
        String phone2 = SCANNER.scan("0151/23456789").findings().get(0).pseudonym();
        assertThat(phone1).isEqualTo(phone2);
    }

    @Test
    void theKeyComesFromASecretSourceOfFullLengthAndIsNeverShown(@TempDir Path dir) throws Exception {
        Path keyFile = LocalKeys.ensure(dir, SecretKind.PII_KEY);
        PiiScanner opened = PiiScanner.open(SecretSource.file(SecretKind.PII_KEY, keyFile));
        PiiScanner same = PiiScanner.create(Files.readString(keyFile).strip().getBytes(StandardCharsets.UTF_8));
        assertThat(opened.scan("a@b.de").findings().get(0).pseudonym())
                .isEqualTo(same.scan("a@b.de").findings().get(0).pseudonym())
                .isNotEqualTo(SCANNER.scan("a@b.de").findings().get(0).pseudonym());
        assertThat(opened.toString()).doesNotContain(Files.readString(keyFile).strip());

        // fails closed: no built-in key, no short key
        Path shortKey = Files.writeString(dir.resolve("short.key"), "raw-text-secret-key-123");
        assertThatThrownBy(() -> PiiScanner.open(SecretSource.file(SecretKind.PII_KEY, shortKey)))
                .isInstanceOf(MissingSecretException.class).hasMessageContaining("at least 32")
                .hasMessageNotContaining("raw-text-secret");
        assertThatThrownBy(() -> PiiScanner.open(SecretSource.file(SecretKind.PII_KEY, dir.resolve("absent.key"))))
                .isInstanceOf(MissingSecretException.class).hasMessageContaining("OVERSIGHT_PII_KEY_FILE");
        assertThatThrownBy(() -> PiiScanner.create(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isNotSerialisableSoItsKeyCannotTravelInAJobGraph() {
        // operators hold a SecretSource and open a scanner on the TaskManager (PiiKeyOutOfTheJobGraphTest)
        assertThat(SCANNER).isNotInstanceOf(Serializable.class);
    }

    @Test
    void oneScannerServesManyThreadsAlike() throws Exception {
        String text = "anna@example.de, DE89 3704 0044 0532 0130 00, 4111 1111 1111 1111, Tel. 030 1234567";
        ScanResult expected = SCANNER.scan(text);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<ScanResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> SCANNER.scan(text)));
            }
            for (java.util.concurrent.Future<ScanResult> r : results) {
                assertThat(r.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nullAndEmptyGiveAnEmptyResult() {
        assertThat(SCANNER.scan(null)).isEqualTo(new ScanResult("", List.of()));
        assertThat(SCANNER.scan("").hasPii()).isFalse();
        assertThat(SCANNER.scan("Nothing personal here, just text.").types()).isEmpty();
    }

    @Test
    void adversarialInputFinishesQuicklyWithoutThrowing() {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < 1 << 20; i++) {
            digits.append((char) ('0' + i % 10));
        }
        String spacedDigits = "1 ".repeat(1 << 19);
        String dotted = "1.".repeat(1 << 19);
        String ats = "a@".repeat(1 << 18) + "@b.de";
        String pems = "-----BEGIN RSA PRIVATE KEY-----\n".repeat(20_000);
        String colons = "a:".repeat(1 << 19);
        String weird = "\u0000\uD800x\uDC00@\uFFFF+(" + "\uD83D\uDE00".repeat(1000) + "sk-" + "Bearer ";
        String localParts = "a".repeat(1 << 20) + "@example.de";
        long t0 = System.nanoTime();
        for (String text : List.of(digits.toString(), spacedDigits, dotted, ats, pems, colons, weird, localParts,
                "+".repeat(100_000), "(".repeat(100_000) + "1", "geboren ".repeat(100_000), "::".repeat(100_000),
                // the name, address and id detectors of issue 11
                "Ab-".repeat(1 << 18), "Herr Ab ".repeat(1 << 17), "Anna ".repeat(1 << 18), "Hallo Anna-".repeat(1 << 16),
                "Hauptstraße 1 ".repeat(1 << 16), "1 Main ".repeat(1 << 17), "70173 ".repeat(1 << 17),
                "12.03.1985 ".repeat(1 << 16) + "geboren", "L01X00T47 ".repeat(1 << 16), "15 070649 C ".repeat(1 << 16),
                "Aaaa".repeat(1 << 18), "1 " + "Aaaa".repeat(1 << 18))) {
            ScanResult r = SCANNER.scan(text);
            assertThat(r.redacted()).isNotNull();
        }
        // linear work takes ~1 s here even on a busy CI machine; a quadratic path on 1 MB would take minutes
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for ~10 MB of adversarial input").isLessThan(20_000);
    }

    @Test
    void nulAndLoneSurrogatesAroundPiiDoNotHideIt() {
        String text = "\u0000anna@example.de\uD800 \uDC00 4111 1111 1111 1111\u0000";
        ScanResult r = SCANNER.scan(text);
        assertThat(r.types()).containsExactlyInAnyOrder(PiiType.EMAIL, PiiType.PAYMENT_CARD);
        assertThat(r.redacted()).isEqualTo("\u0000[EMAIL_1]\uD800 \uDC00 [PAYMENT_CARD_1]\u0000");
    }
}
