package org.openclaw.oversight.ingestion.pii;

/**
 * IBANs, compact ({@code DE89370400440532013000}) or printed in groups of four ({@code DE89 3704 0044 0532 0130
 * 00}): the country's registered length (SWIFT IBAN registry) and the ISO 13616 mod-97 check must both hold.
 */
final class IbanDetector {
    /** Registered IBAN length per country, indexed by (first letter - 'A') * 26 + (second letter - 'A'); 0 = none. */
    private static final byte[] LENGTHS = new byte[26 * 26];

    static {
        String registry = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27"
                + " DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23"
                + " IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27"
                + " MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19"
                + " SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
        for (String entry : registry.split(" ")) {
            LENGTHS[(entry.charAt(0) - 'A') * 26 + entry.charAt(1) - 'A'] = Byte.parseByte(entry.substring(2));
        }
    }

    private IbanDetector() {
    }

    /** ISO 13616 check digits 00, 01 and 99 are never issued: mod-97 can never yield them for a real IBAN. */
    private static boolean unissuedCheckDigits(char[] iban) {
        return (iban[2] == '0' && (iban[3] == '0' || iban[3] == '1')) || (iban[2] == '9' && iban[3] == '9');
    }

    /** Cheap pre-check at a word start: two upper-case letters then two digits. */
    static boolean looksLikeStart(char[] text, int s) {
        return s + 4 <= text.length
                && text[s] >= 'A' && text[s] <= 'Z'
                && text[s + 1] >= 'A' && text[s + 1] <= 'Z'
                && NumberDetector.isDigit(text[s + 2]) && NumberDetector.isDigit(text[s + 3]);
    }

    /**
     * Returns the end of a valid IBAN; -1 when the text there is not IBAN-shaped; or {@code ~skipTo} (below -1)
     * when it is IBAN-shaped but invalid, so that the caller skips it whole instead of letting the phone or
     * card detectors read its digit groups ("DE88 3704 0044 0532 0130 00" must not become a phone number).
     */
    static int detect(char[] text, int s, Candidates out) {
        int length = LENGTHS[(text[s] - 'A') * 26 + text[s + 1] - 'A']; // looksLikeStart: both are A-Z
        if (length == 0) {
            return -1;
        }
        char[] iban = new char[length];
        int n = text.length;
        int p = s;
        int taken = 0;
        while (taken < length) {
            if (p >= n) {
                return ~p;
            }
            char c = text[p];
            if (c == ' ' && taken % 4 == 0 && taken > 0 && p + 1 < n && text[p - 1] != ' ') {
                p++;
                continue;
            }
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - 32);
            }
            if (!ScanText.isUpperOrDigit(c)) {
                return taken > 4 ? ~p : -1;
            }
            iban[taken++] = c;
            p++;
        }
        if (p < n && ScanText.isWordChar(text[p])) {
            return ~ScanText.wordEnd(text, p);
        }
        if (!Checksums.ibanMod97(iban, length) || unissuedCheckDigits(iban)) {
            return ~p;
        }
        out.add(PiiType.IBAN, s, p, "iban");
        return p;
    }
}
