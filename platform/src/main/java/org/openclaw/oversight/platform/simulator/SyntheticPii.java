package org.openclaw.oversight.platform.simulator;

import java.util.Random;
import java.util.function.Predicate;
import org.openclaw.oversight.ingestion.pii.Checksums;

/**
 * Fake but checksum-valid personal data and secrets. Values are drawn from the simulator's seeded random, so
 * a seed always plants the same values; every number passes the check the scanner applies (IBAN mod-97, Luhn,
 * Steuer-IdNr MOD 11,10 and digit rule, SSN ranges), otherwise a correct scanner would rightly ignore it. The
 * check digits are found with the ingestion job's own {@link Checksums}, so the two cannot drift apart.
 */
final class SyntheticPii {
    private static final String[] FIRST = {"anna", "lukas", "marie", "jonas", "sophie", "felix", "emma", "paul",
        "olivia", "james", "mia", "noah"};
    private static final String[] LAST = {"mueller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner",
        "smith", "johnson", "brown", "becker", "hoffmann"};
    private static final String[] DOMAINS = {"example.de", "mail.example.com", "example.org", "firma-example.de"};
    private static final String[] DE_AREA = {"030", "040", "089", "069", "0221", "0711"};
    private static final String[] DE_MOBILE = {"0151", "0160", "0171", "0176", "0157"};
    private static final String[] US_AREA = {"212", "415", "312", "617", "206"};
    /** Real IIN prefixes: Visa 4, Mastercard 51-55 and 2221-2720, Amex 34/37, Discover 6011. */
    private static final String[] IIN = {"4", "51", "52", "53", "54", "55", "2221", "2720", "34", "37", "6011"};
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String BASE64 = ALNUM + "+/";
    private static final String BASE64URL = ALNUM + "-_";

    private final Random random;

    SyntheticPii(Random random) {
        this.random = random;
    }

    String value(PiiKind kind) {
        return switch (kind) {
            case EMAIL -> pick(FIRST) + "." + pick(LAST) + "@" + pick(DOMAINS);
            case PHONE_E164 -> "+49" + pick(DE_MOBILE).substring(1) + digits(7);
            case PHONE_DE_NATIONAL -> pick(DE_AREA) + " " + nonZeroDigit() + digits(6);
            case PHONE_DE_MOBILE -> pick(DE_MOBILE) + " " + nonZeroDigit() + digits(6);
            case PHONE_US -> "(" + pick(US_AREA) + ") " + (2 + random.nextInt(8)) + digits(2) + "-" + digits(4);
            case PHONE_UK -> "+44 20 7" + digits(3) + " " + digits(4);
            case IBAN -> iban();
            case CREDIT_CARD -> card();
            case IPV4 -> (11 + random.nextInt(180)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                    + (1 + random.nextInt(254));
            case IPV6 -> "2a02:" + hex4() + ":" + hex4() + ":" + hex4() + ":" + hex4() + ":" + hex4() + ":" + hex4()
                    + ":" + hex4();
            case DE_TAX_ID -> steuerId();
            case US_SSN -> ssn();
            case AWS_ACCESS_KEY -> "AKIA" + chars(BASE32, 16);
            case API_KEY -> "sk-" + chars(ALNUM, 48);
            case BEARER_TOKEN -> "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + chars(BASE64URL, 40) + "."
                    + chars(BASE64URL, 43);
            case PRIVATE_KEY -> privateKey();
            case DATE_OF_BIRTH -> String.format("%02d.%02d.%04d", 1 + random.nextInt(28), 1 + random.nextInt(12),
                    1950 + random.nextInt(55));
        };
    }

    private String iban() {
        // German BBAN: 8-digit bank code (Bankleitzahl, never starting with 0) + 10-digit account number
        String bban = nonZeroDigit() + digits(7) + digits(10);
        String iban = withIbanCheckDigits("DE", bban);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < iban.length(); i += 4) {
            grouped.append(i == 0 ? "" : " ").append(iban, i, Math.min(i + 4, iban.length()));
        }
        return grouped.toString();
    }

    private String card() {
        String iin = pick(IIN);
        int length = iin.startsWith("3") ? 15 : 16;
        String payload = iin + digits(length - 1 - iin.length());
        String number = withCheckDigit(payload, d -> Checksums.luhn(d, d.length));
        if (length == 15) {
            return number.substring(0, 4) + " " + number.substring(4, 10) + " " + number.substring(10);
        }
        return number.substring(0, 4) + " " + number.substring(4, 8) + " " + number.substring(8, 12) + " "
                + number.substring(12);
    }

    /** First ten digits: nine distinct digits plus one of them repeated once, first digit not zero. */
    private String steuerId() {
        while (true) {
            int[] pool = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
            for (int i = pool.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
            }
            // nine distinct digits, one of them doubled, placed at a random position
            int[] ten = new int[10];
            System.arraycopy(pool, 0, ten, 0, 9);
            ten[9] = pool[random.nextInt(9)];
            for (int i = ten.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = ten[i];
                ten[i] = ten[j];
                ten[j] = t;
            }
            StringBuilder sb = new StringBuilder();
            for (int d : ten) {
                sb.append(d);
            }
            String first = sb.toString();
            // null when the first ten break the digit rule (or start with 0): draw again
            String id = withCheckDigit(first, d -> Checksums.steuerId(d, d.length));
            if (id != null) {
                return id;
            }
        }
    }

    /** {@code payload} and the one digit after it that {@code rule} accepts, or null if none does. */
    private static String withCheckDigit(String payload, Predicate<char[]> rule) {
        char[] candidate = (payload + "0").toCharArray();
        for (char digit = '0'; digit <= '9'; digit++) {
            candidate[candidate.length - 1] = digit;
            if (rule.test(candidate)) {
                return new String(candidate);
            }
        }
        return null;
    }

    /** The IBAN of {@code bban} with the check digits mod-97 accepts; 02..98 hold exactly one such pair. */
    private static String withIbanCheckDigits(String country, String bban) {
        for (int check = 2; check <= 98; check++) {
            char[] iban = (country + (check < 10 ? "0" : "") + check + bban).toCharArray();
            if (Checksums.ibanMod97(iban, iban.length)) {
                return new String(iban);
            }
        }
        throw new IllegalStateException("no IBAN check digits for " + country + " " + bban);
    }

    private String ssn() {
        int area;
        do {
            area = 1 + random.nextInt(899);
        } while (area == 666);
        return String.format("%03d-%02d-%04d", area, 1 + random.nextInt(99), 1 + random.nextInt(9999));
    }

    private String privateKey() {
        StringBuilder sb = new StringBuilder("-----BEGIN RSA PRIVATE KEY-----\n");
        sb.append("MIIEow").append(chars(BASE64, 58)).append('\n');
        for (int i = 0; i < 3; i++) {
            sb.append(chars(BASE64, 64)).append('\n');
        }
        sb.append(chars(BASE64, 24)).append("=\n");
        return sb.append("-----END RSA PRIVATE KEY-----").toString();
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private String digits(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    private char nonZeroDigit() {
        return (char) ('1' + random.nextInt(9));
    }

    private String hex4() {
        return Integer.toHexString(random.nextInt(0x10000));
    }

    private String chars(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
