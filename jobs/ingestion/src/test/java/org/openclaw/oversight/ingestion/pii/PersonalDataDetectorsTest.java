package org.openclaw.oversight.ingestion.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names, postal addresses, birth dates in either order and the German identity numbers (issue 11): the sentences of
 * the issue, the check-digit algorithms against published examples, and look-alikes that must stay.
 */
class PersonalDataDetectorsTest {
    private static final PiiScanner SCANNER =
            PiiScanner.create("test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    private static String redact(String text) {
        return SCANNER.scan(text).redacted();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Ich heiße Anna Schmidt und bin am 12.03.1985 geboren.|Ich heiße [PERSON_1] und bin am [DATE_OF_BIRTH_1] geboren.",
        "Meine Adresse ist Hauptstraße 12, 70173 Stuttgart.|Meine Adresse ist [POSTAL_ADDRESS_1].",
        "Reisepass C01X00T47, Personalausweis L01X00T471|Reisepass [DE_PASSPORT_1], Personalausweis [DE_ID_CARD_1]",
        "Versichertennummer A123456780|Versichertennummer [DE_HEALTH_INSURANCE_NUMBER_1]"})
    void theFourSentencesOfTheIssueAreFullyRedacted(String text, String redacted) {
        assertThat(redact(text)).isEqualTo(redacted);
    }

    @Test
    void checkDigitsMatchThePublishedExamples() {
        // ICAO 9303 7-3-1: the specimen identity cards L01X00T47 (check 1) and T22000129 (check 3), passport C01X00T47
        assertThat(Checksums.icao9303("L01X00T47".toCharArray(), 0, 9)).isEqualTo(1);
        assertThat(Checksums.icao9303("T22000129".toCharArray(), 0, 9)).isEqualTo(3);
        assertThat(Checksums.icao9303("C01X00T47".toCharArray(), 0, 9)).isEqualTo(8);
        // Krankenversichertennummer A123456780: A -> 01, weights 1-2, cross sums, sum 40 -> 0
        assertThat(Checksums.krankenversichertennummer('A', "123456780".toCharArray())).isTrue();
        assertThat(Checksums.krankenversichertennummer('A', "123456781".toCharArray())).isFalse();
        // Rentenversicherungsnummer 15 070649 C 10 3 (the common textbook example): weights 2,1,2,5,7,1,2,1,2,1,2,1
        assertThat(Checksums.rentenversicherungsnummer("15070649".toCharArray(), 'C', "103".toCharArray())).isTrue();
        assertThat(Checksums.rentenversicherungsnummer("15070649".toCharArray(), 'C', "104".toCharArray())).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Ausweis T220001293 liegt vor|DE_ID_CARD|T220001293",
        "Passport CZ28KVT218 expires soon|DE_PASSPORT|CZ28KVT218",
        "Ausweisnummer: L01X00T47|DE_ID_CARD|L01X00T47",
        "KVNR B110704341|DE_HEALTH_INSURANCE_NUMBER|B110704341",
        "Meine SV-Nummer ist 15 070649 C 103.|DE_PENSION_INSURANCE_NUMBER|15 070649 C 103",
        "RVNR 15070649C103|DE_PENSION_INSURANCE_NUMBER|15070649C103",
        "MRZ IDD<<L01X00T471<<<<<<<<<<<<<<<|DE_ID_CARD|L01X00T471"})
    void findsGermanIdentityNumbers(String text, PiiType type, String value) {
        ScanResult r = SCANNER.scan(text);
        assertThat(r.findings()).extracting(PiiFinding::type, f -> text.substring(f.start(), f.end()))
                .containsExactly(tuple(type, value));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Artikel L01X00T472 ist ausverkauft.", // check digit fails
        "Seriennummer C01X00T479", "Kundennummer A123456781", "Vorgang 15070649C104",
        "Ticket L01X00T47 ohne Schlüsselwort", // nine characters without a keyword
        "Modell X828836079 ist veraltet.", // valid 7-3-1, but only digits after the letter and no keyword
        "Datum 15320649C103" // day 32
    })
    void leavesLookAlikeIdentityNumbers(String text) {
        assertThat(SCANNER.scan(text).findings()).as(text).isEmpty();
    }

    @Test
    void aSteuerIdFailingTheStructureRuleIsRedactedOnlyNextToItsKeyword() {
        // 51264166317: check digit right, but two digits repeat (the structure rule fails)
        assertThat(Checksums.steuerId("51264166317".toCharArray(), 11)).isFalse();
        assertThat(Checksums.steuerIdCheckDigit("51264166317".toCharArray(), 11)).isTrue();
        assertThat(redact("Meine Steueridentifikationsnummer lautet 51264166317.")).isEqualTo(
                "Meine Steueridentifikationsnummer lautet [DE_TAX_ID_1].");
        assertThat(redact("IdNr 51264166317")).isEqualTo("IdNr [DE_TAX_ID_1]");
        assertThat(redact("Auftrag 51264166317 storniert.")).isEqualTo("Auftrag 51264166317 storniert.");
        assertThat(redact("Steuer-ID 51264166318")).as("check digit fails").isEqualTo("Steuer-ID 51264166318");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE00 1234 5678 9012 3456 78", "DE01234567890123456789", "DE99 1234 5678 9012 3456 78"})
    void ibansWithUnissuedCheckDigitsAreNoIbans(String iban) {
        assertThat(SCANNER.scan("IBAN " + iban).findings()).extracting(PiiFinding::type)
                .doesNotContain(PiiType.IBAN);
    }

    @Test
    void aNumberPassingIinAndLuhnStaysRedactedWhateverWordStandsBeforeIt() {
        for (String word : List.of("Bestellnummer", "Artikelnummer", "Ticket", "Order ID", "Referenz")) {
            assertThat(redact(word + " 4111 1111 1111 1111")).isEqualTo(word + " [PAYMENT_CARD_1]");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "am 12.03.1985 geboren|12.03.1985",
        "Sie ist am 8. Januar 1971 in Dresden geboren.|8. Januar 1971",
        "1990-04-12 geboren, ledig.|1990-04-12",
        "born on the 12th of March 1985|12th of March 1985",
        "I was born on July 4th, 1976.|July 4th, 1976",
        "geb. 03.09.85|03.09.85",
        "DOB 3/12/85|3/12/85",
        "Geburtsdatum: 23.11.1990|23.11.1990"})
    void findsBirthDatesInEitherOrder(String text, String date) {
        ScanResult r = SCANNER.scan(text);
        assertThat(r.findings()).extracting(PiiFinding::type, f -> text.substring(f.start(), f.end()))
                .containsExactly(tuple(PiiType.DATE_OF_BIRTH, date));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Die Firma wurde am 04.07.1979 gegründet.", "Bestellung vom 12.03.2024. Geboren wurde "
            + "die Idee später.", "Meeting on 1985-03-12, born ready", "Das Kind wurde im Jahr 2019 geboren.",
            "Die Geburtstagskarte kam am 03.04.1990 an.", "Am 03.04.1990 war die Geburtstagsparty."})
    void leavesDatesThatAreNoBirthDates(String text) {
        assertThat(SCANNER.scan(text).findings()).as(text).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Mein Name ist Johannes Bauer, ich rufe an.|Johannes Bauer",
        "Ich heiße Ngozi Okonkwo und brauche Hilfe.|Ngozi Okonkwo",
        "Hello, my name is Oliver Bennett.|Oliver Bennett",
        "Guten Morgen Herr Fischer, Ihr Termin steht.|Fischer",
        "Prof. Dr. Klaus Richter hält den Vortrag.|Klaus Richter",
        "Dear Mrs. Thompson, your refund is done.|Thompson",
        "Hallo Felix, kannst du mir die Datei schicken?|Felix",
        "Viele Grüße\\nLaura Schulz|Laura Schulz",
        "Viele Grüße\\nNgozi|Ngozi",
        "Best regards, Hannah Price|Hannah Price",
        "Name: Schulze, Andreas|Schulze, Andreas",
        "Ursula von der Leyen war Ministerin.|Ursula von der Leyen",
        "Anna-Lena Müller-Lüdenscheidt hat angerufen.|Anna-Lena Müller-Lüdenscheidt",
        "Frau Özdemir hat angerufen.|Özdemir",
        "I'm Grace, the new manager.|Grace",
        "Zuständig ist Mark Weber aus dem Vertrieb.|Mark Weber",
        "John F. Kennedy was president.|John F. Kennedy",
        "ich heiße lena und hab eine frage|lena",
        "mein name ist petra klein|petra klein",
        "MEIN NAME IST PETRA KLEIN|PETRA KLEIN",
        "hallo sebastian, alles klar?|sebastian",
        "Meine Kollegin Gudrun Oberpaul übernimmt.|Gudrun Oberpaul",
        "my wife Oberpaul called|Oberpaul",
        "This is Gudrun Oberpaul from sales.|Gudrun Oberpaul",
        "Hi, this is Sandra again.|Sandra",
        "Hallo Oberpaul, danke!|Oberpaul",
        "Laut Sandra ist alles bezahlt.|Sandra",
        "Please call Tomasz Nowakowski back.|Tomasz Nowakowski",
        "my name's Ben|Ben",
        "Name: OBERPAUL, GUDRUN|OBERPAUL, GUDRUN"})
    void findsNames(String text, String name) {
        String t = text.replace("\\n", "\n");
        ScanResult r = SCANNER.scan(t);
        assertThat(r.findings()).extracting(PiiFinding::type, f -> t.substring(f.start(), f.end()))
                .containsExactly(tuple(PiiType.PERSON, name));
        assertThat(r.redacted()).contains("[PERSON_1]").doesNotContain(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Claude Sonnet 4.6 antwortet schneller als GPT-4o.", "Alexa, spiel Musik.", "Der Porsche Cayenne ist da.",
        "Calvin Klein Unterwäsche ist reduziert.", "Marc O'Polo Pullover, Größe M.", "Hugo Boss Parfum",
        "Dr. Oetker Pizza ist im Tiefkühlregal.", "Wir nutzen Apache Kafka und Cassandra.", "Deploy the Ruby service.",
        "Will you send me the report?", "Mark the ticket as resolved.", "Im August haben wir Betriebsferien.",
        "Hallo Team, bitte prüfen.", "Dear Customer, your order has shipped.", "Kunde ist König.",
        "Sehr geehrte Damen und Herren", "Der Herr der Ringe läuft heute.", "Schmidt ist ein häufiger Nachname.",
        "user.Anna logged in", "MaxRetries=3", "Flights to Sydney are delayed.",
        "Ich heiße euch willkommen.", "thank you for waiting", "timeout in ms on retry", "Hallo Welt!",
        "This is Important: read the docs.", "Name: Rechnungsstellung", "Hallo Verwaltung, bitte prüfen.",
        "BITTE ANNAHME VERWEIGERN", "HALLO IT, DRUCKER DEFEKT", "Ich kaufe bei Otto und Zalando.",
        "Ralph Lauren is on sale.", "Mein Sohn hat Fieber."})
    void leavesWordsThatAreNoNames(String text) {
        assertThat(SCANNER.scan(text).findings()).as(text).extracting(PiiFinding::type)
                .doesNotContain(PiiType.PERSON);
    }

    /** The cues of the third round (role words with a colon, signature lines, "ich bin die …", "… hier"). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Gutachter: Eike Lammersdorf|Eike Lammersdorf",
        "Reviewer: Jorinde Haakmann|Jorinde Haakmann",
        "Liebe Grüße aus Rostock\\nTjorven Albers|Tjorven Albers",
        "ich bin die Femke aus dem Einkauf|Femke",
        "Maike Gründemann hier, ich rufe wegen der Rechnung an|Maike Gründemann",
        "Laut Eilert Brockmann ist die Lieferung raus.|Eilert Brockmann",
        "mein name ist heike tornquist, bitte um rückruf|heike tornquist",
        "Hallo Anke, danke dir!|Anke"})
    void findsNamesAfterTheNewCues(String text, String name) {
        String t = text.replace("\\n", "\n");
        ScanResult r = SCANNER.scan(t);
        assertThat(r.findings()).extracting(f -> t.substring(f.start(), f.end())).containsExactly(name);
    }

    /** Nouns, departments and imperatives after the same cues stay text. */
    @ParameterizedTest
    @ValueSource(strings = {"Browser: Firefox", "Ansprechpartner: Vertrieb", "Kontakt: Kundenservice",
        "Mieter: Wohnungsbaugesellschaft", "ich bin die Neue hier", "Gruß\nBuchhaltung", "Viele Grüße\nIhr Serviceteam",
        "Owner: Backend-Team", "Klick hier, um fortzufahren", "Das Formular hier ist falsch.", "Name: Backup-Server 3"})
    void leavesNounsAfterTheNewCues(String text) {
        assertThat(SCANNER.scan(text).findings()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Bitte an Goethestr. 8, 80336 München liefern.|Goethestr. 8, 80336 München",
        "Die neue Anschrift lautet Am Sandtorkai 41, 20457 Hamburg.|Am Sandtorkai 41, 20457 Hamburg",
        "Ich wohne in der Bahnhofstraße 5a, direkt am Park.|Bahnhofstraße 5a",
        "Lieferung an Berliner Straße 45, 60311 Frankfurt am Main.|Berliner Straße 45, 60311 Frankfurt am Main",
        "Ich komme aus 70597 Stuttgart.|70597 Stuttgart",
        "Please ship it to 742 Evergreen Terrace, Springfield.|742 Evergreen Terrace, Springfield",
        "Our office: 1600 Amphitheatre Parkway, Mountain View, CA 94043.|1600 Amphitheatre Parkway, Mountain View, CA 94043",
        "Send it to 221B Baker Street, London NW1 6XE.|221B Baker Street, London NW1 6XE"})
    void findsPostalAddresses(String text, String address) {
        ScanResult r = SCANNER.scan(text);
        assertThat(r.findings()).extracting(PiiFinding::type, f -> text.substring(f.start(), f.end()))
                .containsExactly(tuple(PiiType.POSTAL_ADDRESS, address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Die Fertigungsstraße 4 steht still.", "Bitte den Parkplatz 12 freihalten.",
        "Wir haben 70173 Datensätze migriert.", "Es sind 10115 Anfragen offen.", "Route 66 is a famous road.",
        "Wir haben 3 Main Street Locations in Ohio.", "Die Hauptstraße ist gesperrt.", "Die Lieferung dauert 5 Tage.",
        "Der Lösungsweg 2 ist einfacher."})
    void leavesStreetLikeWordsAndCounts(String text) {
        assertThat(SCANNER.scan(text).findings()).as(text).isEmpty();
    }

    @Test
    void namesAndAddressesGetStablePseudonymsAcrossSpellings() {
        PiiFinding a = SCANNER.scan("Mein Name ist Anna Schmidt.").findings().get(0);
        PiiFinding b = SCANNER.scan("Hallo ANNA  SCHMIDT, Name: Anna Schmidt").findings().stream()
                .filter(f -> f.detector().equals("person-intro")).findFirst().orElseThrow();
        assertThat(a.pseudonym()).isEqualTo(b.pseudonym());
    }

    /** The seam for a statistical model: its spans are merged, redacted and pseudonymised like the others. */
    @Test
    void anEntityRecognizerAddsItsSpans() {
        EntityRecognizer everyWordZorro = new EntityRecognizer() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public List<Entity> recognise(String text) {
                int at = text.indexOf("Zorro");
                return at < 0 ? List.of() : List.of(new Entity(PiiType.PERSON, at, at + 5),
                        new Entity(PiiType.PERSON, -1, 3), new Entity(PiiType.PERSON, 0, 10_000));
            }
        };
        ScanResult r = SCANNER.withRecognizer(everyWordZorro).scan("es war Zorro, IBAN DE89 3704 0044 0532 0130 00");
        assertThat(r.redacted()).isEqualTo("es war [PERSON_1], IBAN [IBAN_1]");
        assertThat(r.findings()).extracting(PiiFinding::detector).containsExactly("ner-test", "iban");
        assertThat(SCANNER.scan("es war Zorro").findings()).isEmpty();
    }

    /** Fourth round (issue 11): the cues and address forms added for names and addresses on unseen text. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Genau, Rainer, dann machen wir das so.|PERSON|Rainer",
        "Sure, Ciaran, I'll check.|PERSON|Ciaran",
        "Alles klar, Wiltrud!|PERSON|Wiltrud",
        "Herr von Alvensleben bittet um Rückruf.|PERSON|von Alvensleben",
        "Frau von der Heydt hat unterschrieben.|PERSON|von der Heydt",
        "Mr O'Flaherty called about the delivery.|PERSON|O'Flaherty",
        "Mr. D'Souza says the invoice is wrong.|PERSON|D'Souza",
        "Ingo: ich übernehme das Ticket|PERSON|Ingo",
        "danke ronja, passt so|PERSON|ronja",
        "Bitte an Postfach 20 11 48, 44711 Bochum schicken.|POSTAL_ADDRESS|Postfach 20 11 48, 44711 Bochum",
        "Our mailing address is P.O. Box 5512, Tulsa, OK 74101.|POSTAL_ADDRESS|P.O. Box 5512, Tulsa, OK 74101",
        "send it to PO Box 77, Hobart TAS 7001|POSTAL_ADDRESS|PO Box 77, Hobart TAS 7001",
        "Ship it to 45 Mill Lane, Sligo F91 Y2K8.|POSTAL_ADDRESS|45 Mill Lane, Sligo F91 Y2K8",
        "Our office: 8 Grafton Street, Dublin 2|POSTAL_ADDRESS|8 Grafton Street, Dublin 2",
        "Lieferung an Zum Steinbruch 4, 56470 Bad Marienberg bitte|POSTAL_ADDRESS|Zum Steinbruch 4, 56470 Bad Marienberg",
        "Versand: Gewerbepark 12, 96050 Bamberg|POSTAL_ADDRESS|Gewerbepark 12, 96050 Bamberg"})
    void findsTheFourthRoundsNamesAndAddresses(String text, PiiType type, String value) {
        String t = text.replace("\\n", "\n");
        ScanResult r = SCANNER.scan(t);
        assertThat(r.findings()).as(t).extracting(PiiFinding::type, f -> t.substring(f.start(), f.end()))
                .containsExactly(tuple(type, value));
    }

    @Test
    void aSignatureNameMayBeFollowedByABarAndTheDepartment() {
        String t = "Regards,\nRukmini Sharma | Legal";
        assertThat(SCANNER.scan(t).findings()).extracting(f -> t.substring(f.start(), f.end()))
                .containsExactly("Rukmini Sharma");
    }

    @Test
    void findsEveryMemberOfAListOfNames() {
        String t = "Anselm, Britta und Corinna sind im Urlaub.";
        assertThat(SCANNER.scan(t).findings()).extracting(f -> t.substring(f.start(), f.end()))
                .containsExactly("Anselm", "Britta", "Corinna");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Herr Bürgermeister eröffnet das Fest.", "Frau Lehrerin hat heute frei.", // title + German noun, no surname
        "Mr. Clean Magic Eraser is out.", // English title + English words
        "Auf der Konrad-Adenauer-Straße ist Stau.", "Die Friedrich-Ebert-Schule sucht Lehrer.", // named after people
        "Weihnachtsmarkt Rathausplatz 2025 fällt aus.", "Marktplatz 2024 war das Motto.", // years after squares
        "Das Postfach ist voll.", "Postfach 10 01 45 wird nicht mehr geleert.", // a box number without a place
        "Danke Telekom, wieder kein Internet.", // thanks to a company
        "Assignee: Triage Bot", "Name: Default Config", "Owner: Nobody yet",
        "Herr der Ringe ist lang.", "Es geht bis zu Beginn.", "Ja, Montag, passt."})
    void leavesTheFourthRoundsLookAlikes(String text) {
        assertThat(SCANNER.scan(text).findings()).as(text).extracting(PiiFinding::type)
                .doesNotContain(PiiType.PERSON, PiiType.POSTAL_ADDRESS);
    }
}
