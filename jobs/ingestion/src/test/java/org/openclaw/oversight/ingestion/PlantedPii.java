package org.openclaw.oversight.ingestion;

import org.openclaw.oversight.ingestion.pii.PiiType;

import java.util.List;

/**
 * Known personal data, one valid value per PII type (checksums right), inside German and English
 * sentences, so tests can look for the exact values afterwards in tables, topics and logs.
 */
final class PlantedPii {

    record Plant(PiiType type, String value, String sentence) {}

    static final List<Plant> ALL = List.of(
            new Plant(PiiType.EMAIL, "lena.hoffmann@example.org",
                    "Bitte schicken Sie die Rechnung an lena.hoffmann@example.org, danke."),
            new Plant(PiiType.PHONE, "+49 151 23456789",
                    "You can reach me at +49 151 23456789 after five."),
            new Plant(PiiType.IBAN, "DE89 3704 0044 0532 0130 00",
                    "Meine IBAN lautet DE89 3704 0044 0532 0130 00 für die Erstattung."),
            new Plant(PiiType.PAYMENT_CARD, "4111 1111 1111 1111",
                    "Charge my card 4111 1111 1111 1111 for order 20231115."),
            new Plant(PiiType.IP_ADDRESS, "203.0.113.42",
                    "The login came from 203.0.113.42 yesterday."),
            new Plant(PiiType.DE_TAX_ID, "86095742719",
                    "Meine Steuer-ID ist 86095742719, bitte vermerken."),
            new Plant(PiiType.US_SSN, "536-22-1234",
                    "SSN on file: 536-22-1234 please verify."),
            new Plant(PiiType.SECRET, "AKIAQ3EGRXT7LMPA5KZD",
                    "deploy with aws key AKIAQ3EGRXT7LMPA5KZD in the pipeline"),
            new Plant(PiiType.DATE_OF_BIRTH, "14.03.1985",
                    "Der Kunde ist geboren am 14.03.1985 in Köln."));

    private PlantedPii() {}

    static Plant forIndex(int i) {
        return ALL.get(Math.floorMod(i, ALL.size()));
    }
}
