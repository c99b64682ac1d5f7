package org.openclaw.oversight.ingestion.pii;

import java.util.HashMap;
import java.util.Map;

/**
 * IBANs, compact ({@code DE89370400440532013000}) or printed in groups of four ({@code DE89 3704 0044 0532 0130
 * 00}): the country's registered length (SWIFT IBAN registry) and the ISO 13616 mod-97 check must both hold.
 */
final class IbanDetector {
    private static final Map<String, Integer> LENGTHS = new HashMap<>();

    static {
        String registry = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27"
                + " DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23"
                + " IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27"
                + " MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19"
                + " SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
        for (String entry : registry.split(" ")) {
            LENGTHS.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
        }
    }

    private IbanDetector() {
    }

    /** Cheap pre-check at a word start: two upper-case letters then two digits. */
    static boolean looksLikeStart(String text, int s) {
        return s + 4 <= text.length()
                && text.charAt(s) >= 'A' && text.charAt(s) <= 'Z'
                && text.charAt(s + 1) >= 'A' && text.charAt(s + 1) <= 'Z'
                && NumberDetector.isDigit(text.charAt(s + 2)) && NumberDetector.isDigit(text.charAt(s + 3));
    }

    /**
     * Returns the end of a valid IBAN; -1 when the text there is not IBAN-shaped; or {@code ~skipTo} (below -1)
     * when it is IBAN-shaped but invalid, so that the caller skips it whole instead of letting the phone or
     * card detectors read its digit groups ("DE88 3704 0044 0532 0130 00" must not become a phone number).
     */
    static int detect(String text, int s, Candidates out) {
        Integer expected = LENGTHS.get(text.substring(s, s + 2));
        if (expected == null) {
            return -1;
        }
        int length = expected;
        char[] iban = new char[length];
        int n = text.length();
        int p = s;
        int taken = 0;
        while (taken < length) {
            if (p >= n) {
                return ~p;
            }
            char c = text.charAt(p);
            if (c == ' ' && taken % 4 == 0 && taken > 0 && p + 1 < n && text.charAt(p - 1) != ' ') {
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
        if (p < n && ScanText.isWordChar(text.charAt(p))) {
            return ~ScanText.wordEnd(text, p);
        }
        if (!Checksums.ibanMod97(iban, length)) {
            return ~p;
        }
        out.add(PiiType.IBAN, s, p, "iban");
        return p;
    }
}
