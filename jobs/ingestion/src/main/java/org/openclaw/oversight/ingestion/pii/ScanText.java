package org.openclaw.oversight.ingestion.pii;

/** Character classes shared by the detectors; ASCII via a table, the rest via {@link Character}. */
final class ScanText {
    static final byte OTHER = 0;
    static final byte LOWER = 1;
    static final byte UPPER = 2;
    static final byte DIGIT = 3;
    static final byte UNDERSCORE = 4;

    private static final byte[] ASCII = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII[c] = LOWER;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ASCII[c] = UPPER;
        }
        for (char c = '0'; c <= '9'; c++) {
            ASCII[c] = DIGIT;
        }
        ASCII['_'] = UNDERSCORE;
    }

    private ScanText() {
    }

    static byte kind(char c) {
        return c < 128 ? ASCII[c] : OTHER;
    }

    /** Letters, digits and underscore, including non-ASCII letters such as ä or ß. */
    static boolean isWordChar(char c) {
        if (c < 128) {
            return ASCII[c] != OTHER;
        }
        return Character.isLetterOrDigit(c);
    }

    static boolean isAsciiAlnum(char c) {
        return c < 128 && ASCII[c] != OTHER && ASCII[c] != UNDERSCORE;
    }

    static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isUpperOrDigit(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static boolean startsWithIgnoreCase(String text, int at, String prefix) {
        return text.regionMatches(true, at, prefix, 0, prefix.length());
    }

    /** The end of the word starting at {@code i}. */
    static int wordEnd(String text, int i) {
        int n = text.length();
        while (i < n && isWordChar(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
