package org.openclaw.oversight.bench.pii;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic German/English corpus of agent messages (~2 KiB each), with or without personal data, plus
 * the look-alikes that make scanners slow or wrong: order numbers, dates, prices, versions, times.
 */
final class MixedCorpus {
    private static final String[] PROSE = {
        "Vielen Dank für Ihre Nachricht, wir kümmern uns so schnell wie möglich um Ihr Anliegen.",
        "The agent retrieved three documents from the knowledge base and summarised the refund policy.",
        "Ihre Bestellung 4711-2023-889 vom 12.03.2024 wurde versendet und kostet 1.299,00 €.",
        "Please upgrade the client from v2.10.3 to 2.11.0 before 12:30:45 tomorrow.",
        "Der Tarif umfasst 20 GB Datenvolumen, Laufzeit 24 Monate, Grundgebühr 29,99 € im Monat.",
        "I checked the tracking code 1Z999AA10123456784 and the parcel is in the Berlin hub.",
        "Könnten Sie mir bitte erklären, warum die Rechnung höher ist als im letzten Quartal?",
        "The model answered in 1.2 seconds with 512 output tokens and no tool calls.",
        "Laut ISBN 978-3-16-148410-0 handelt es sich um die dritte Auflage des Handbuchs.",
        "Sure, I can help you reset your password; a link has been sent to the registered address.",
        "Wir haben Ihren Vertrag zum 01.07.2025 gekündigt, die Bestätigung folgt per Post.",
        "Escalating to a human agent because the customer asked three times for a manager.",
        "Der Kunde möchte die Lieferung an die Filiale umleiten, weil die Packstation voll ist.",
        "Claude Sonnet 4.6 hat die Anfrage zusammengefasst; Kafka und Flink liefen ohne Fehler.",
        "Die Bosch Waschmaschine zeigt Fehler E18, der Techniker kommt am Dienstag um 15 Uhr.",
        "Bitte den Parkplatz 12 freihalten, die Fertigungsstraße 4 steht still.",
        "Ticket T123456789 und Artikel L01X00T472 wurden am 01.07.2025 geschlossen.",
        "Wir haben 70173 Datensätze migriert und 20 Mitarbeiter geschult.",
        "Hallo zusammen, das Update ist live; Dear Customer, your order has shipped.",
    };
    private static final String[] PII = {
        "Meine E-Mail ist anna.mueller@example.de, bitte melden Sie sich.",
        "Call me at +49 151 23456789 or (555) 123-4567 after five.",
        "Meine IBAN lautet DE89 3704 0044 0532 0130 00.",
        "Card number: 4111 1111 1111 1111, expiry 12/27.",
        "My IP address is 192.168.17.4 and the gateway 2001:db8::1.",
        "Steuer-ID: 12345678995, SSN 123-45-6789.",
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE and Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc123DEF456ghi",
        "Ich bin geboren am 12.03.1985 in Köln, Festnetz 030 1234567.",
        "OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLmNoPqRsTuVwXyZ012345",
        "Ich heiße Anna Schmidt und bin am 12.03.1985 geboren.",
        "Meine Adresse ist Hauptstraße 12, 70173 Stuttgart.",
        "Reisepass C01X00T47, Personalausweis L01X00T471, Versichertennummer A123456780.",
        "Viele Grüße\nJonas Hartmann, Rentenversicherungsnummer 15 070649 C 103",
        "Dear Mrs. Thompson, please ship it to 742 Evergreen Terrace, Springfield.",
    };

    private MixedCorpus() {
    }

    /** The corpora, by the name used as the benchmark parameter. */
    static final List<String> NAMES = List.of("with-pii", "sparse-pii", "without-pii");

    /**
     * Messages of about 2 KiB (~25 sentences) until {@code totalBytes} of UTF-8 are reached.
     * <ul>
     * <li>{@code with-pii}: every 4th sentence carries personal data — about 6 PII sentences, 9 findings per
     * message. Deliberately dense (a worst case for redaction and pseudonyms), far above real support traffic.
     * <li>{@code sparse-pii}: every 20th sentence — about one PII sentence per message, closer to real traffic,
     * where most messages hold no or one personal value.
     * <li>{@code without-pii}: prose and look-alikes only (order numbers, dates, prices, versions).
     * </ul>
     */
    static List<String> messages(String corpus, int totalBytes) {
        int every = switch (corpus) {
            case "with-pii" -> 4;
            case "sparse-pii" -> 20;
            case "without-pii" -> 0;
            default -> throw new IllegalArgumentException("Unknown corpus '" + corpus + "'; use one of " + NAMES);
        };
        Random random = new Random(42);
        List<String> out = new ArrayList<>();
        int bytes = 0;
        while (bytes < totalBytes) {
            StringBuilder sb = new StringBuilder(2200);
            int sentences = 0;
            while (sb.length() < 2048) {
                boolean pii = every > 0 && sentences % every == every - 1;
                String[] pool = pii ? PII : PROSE;
                sb.append(pool[random.nextInt(pool.length)]).append(random.nextInt(5) == 0 ? "\n" : " ");
                sentences++;
            }
            String message = sb.toString();
            out.add(message);
            bytes += message.getBytes(StandardCharsets.UTF_8).length;
        }
        return out;
    }

    static long utf8Bytes(List<String> messages) {
        long total = 0;
        for (String m : messages) {
            total += m.getBytes(StandardCharsets.UTF_8).length;
        }
        return total;
    }
}
