package org.openclaw.oversight.ingestion.pii;

/**
 * German identity numbers with their check digits:
 * <ul>
 * <li>Personalausweis and Reisepass document numbers: nine characters from {@code 0-9 C F G H J K L M N P R T V W
 * X Y Z} (no vowels, no B D Q S), the first a letter — L M N P R T V W X Y on identity cards since 2010, C F G H J K
 * on passports — then the ICAO 9303 check digit (7-3-1). With the check digit (ten characters) they are redacted
 * anywhere; the nine characters alone (as printed on the card) only after a keyword such as "Reisepass",
 * "Ausweisnummer" or "passport";
 * <li>Krankenversichertennummer: a letter and nine digits, the last the check digit;
 * <li>Rentenversicherungsnummer: 2-digit area, birth date DDMMYY, initial, 2-digit serial, check digit, compact
 * ({@code 15070649C103}) or spaced ({@code 15 070649 C 103}).
 * </ul>
 * A ten-character number that is both a valid health-insurance number and a valid document number is decided by
 * the keyword before it, a health-insurance number when there is none.
 */
final class GermanIdDetector {
    private static final boolean[] DOCUMENT_CHAR = new boolean[128];
    private static final String ID_CARD_FIRST = "LMNPRTVWXY";
    private static final String PASSPORT_FIRST = "CFGHJK";
    /** Looked for (case-insensitively) in the 48 characters before a document number. */
    private static final String[] DOCUMENT_KEYWORDS = {"ausweis", "reisepass", "pass-nr", "passnummer", "pass nr",
        "passport", "pass:", "pass ", "id card", "id-card", "identity card", "id-karte", "dokumentennummer",
        "document number", "document no", "perso"};
    private static final String[] HEALTH_KEYWORDS = {"versicherten", "kvnr", "krankenversicherung", "krankenkasse",
        "gesundheitskarte", "egk", "health insurance", "insurance number", "insurance no", "kassen"};
    private static final int KEYWORD_WINDOW = 48;

    static {
        for (char c : "0123456789CFGHJKLMNPRTVWXYZ".toCharArray()) {
            DOCUMENT_CHAR[c] = true;
        }
    }

    private GermanIdDetector() {
    }

    /**
     * At an upper-case word {@code [s, e)} of nine or ten characters: a document or health-insurance number.
     * Returns its end, or -1.
     */
    static int atUpperWord(char[] t, int s, int e, Candidates out) {
        int len = e - s;
        if ((len != 9 && len != 10) || (e < t.length && (t[e] == '-' || t[e] == '.') && e + 1 < t.length
                && ScanText.isAsciiAlnum(t[e + 1]))) {
            return -1;
        }
        char first = t[s];
        boolean letterAndDigits = len == 10;
        for (int i = s + 1; i < e && letterAndDigits; i++) {
            letterAndDigits = NumberDetector.isDigit(t[i]);
        }
        if (letterAndDigits) {
            char[] digits = new char[9];
            System.arraycopy(t, s + 1, digits, 0, 9);
            if (Checksums.krankenversichertennummer(first, digits)) {
                boolean document = documentNumber(t, s, e) && keywordBefore(t, s, DOCUMENT_KEYWORDS)
                        && !keywordBefore(t, s, HEALTH_KEYWORDS);
                if (!document) {
                    out.add(PiiType.DE_HEALTH_INSURANCE_NUMBER, s, e, "de-kvnr");
                    return e;
                }
            }
        }
        if (!documentNumber(t, s, e)) {
            return -1;
        }
        boolean passport = PASSPORT_FIRST.indexOf(first) >= 0;
        PiiType type = passport ? PiiType.DE_PASSPORT : PiiType.DE_ID_CARD;
        if (len == 10 && NumberDetector.isDigit(t[e - 1]) && Checksums.icao9303(t, s, e - 1) == t[e - 1] - '0'
                && (hasLetter(t, s + 1, e) || keywordBefore(t, s, DOCUMENT_KEYWORDS))) {
            out.add(type, s, e, passport ? "de-passport-icao" : "de-id-card-icao");
            return e;
        }
        if (len == 9 && hasDigit(t, s, e) && keywordBefore(t, s, DOCUMENT_KEYWORDS)) {
            out.add(type, s, e, passport ? "de-passport-keyword" : "de-id-card-keyword");
            return e;
        }
        return -1;
    }

    /** Nine document characters starting with an identity-card or passport letter, optionally a check digit. */
    private static boolean documentNumber(char[] t, int s, int e) {
        char first = t[s];
        if (ID_CARD_FIRST.indexOf(first) < 0 && PASSPORT_FIRST.indexOf(first) < 0) {
            return false;
        }
        for (int i = s + 1; i < s + 9; i++) {
            char c = t[i];
            if (c >= 128 || !DOCUMENT_CHAR[c]) {
                return false;
            }
        }
        return e - s == 9 || NumberDetector.isDigit(t[e - 1]);
    }

    /** Document numbers with only digits after the letter are rare; such a number needs its keyword. */
    private static boolean hasLetter(char[] t, int s, int e) {
        for (int i = s; i < e; i++) {
            if (t[i] >= 'A' && t[i] <= 'Z') {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDigit(char[] t, int s, int e) {
        for (int i = s; i < e; i++) {
            if (NumberDetector.isDigit(t[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * A Rentenversicherungsnummer starting at the digit {@code s}: {@code 15070649C103}, {@code 15 070649 C 103} or
     * {@code 15 070649 C103}. Returns its end, or -1.
     */
    static int pensionNumber(char[] t, int s, Candidates out) {
        int n = t.length;
        char[] digits8 = new char[8];
        int p = s;
        for (int k = 0; k < 8; k++) {
            if (k == 2 && p < n && t[p] == ' ') {
                p++;
            }
            if (p >= n || !NumberDetector.isDigit(t[p])) {
                return -1;
            }
            digits8[k] = t[p++];
        }
        boolean spaced = p - s == 9;
        if (spaced && p < n && t[p] == ' ') {
            p++;
        }
        if (p >= n || t[p] < 'A' || t[p] > 'Z') {
            return -1;
        }
        char letter = t[p++];
        if (spaced && p < n && t[p] == ' ') {
            p++;
        }
        char[] rest = new char[3];
        for (int k = 0; k < 3; k++) {
            if (p >= n || !NumberDetector.isDigit(t[p])) {
                return -1;
            }
            rest[k] = t[p++];
        }
        if (p < n && ScanText.isWordChar(t[p])) {
            return -1;
        }
        int day = (digits8[2] - '0') * 10 + digits8[3] - '0';
        int month = (digits8[4] - '0') * 10 + digits8[5] - '0';
        int area = (digits8[0] - '0') * 10 + digits8[1] - '0';
        if (area == 0 || day < 1 || day > 31 || month < 1 || month > 12
                || !Checksums.rentenversicherungsnummer(digits8, letter, rest)) {
            return -1;
        }
        out.add(PiiType.DE_PENSION_INSURANCE_NUMBER, s, p, "de-rvnr");
        return p;
    }

    /** Whether one of {@code keywords} occurs in the {@value #KEYWORD_WINDOW} characters before {@code s}. */
    static boolean keywordBefore(char[] t, int s, String[] keywords) {
        int from = Math.max(0, s - KEYWORD_WINDOW);
        for (String k : keywords) {
            int last = s - k.length();
            for (int i = from; i <= last; i++) {
                if (Lexicon.lower(t[i]) == k.charAt(0) && ScanText.startsWithIgnoreCase(t, i, k)) {
                    return true;
                }
            }
        }
        return false;
    }
}
