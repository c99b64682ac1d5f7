package org.openclaw.oversight.ingestion.pii;

/**
 * Character classes shared by the detectors, from one table over all 65,536 chars: the scan asks for the class of
 * every character, and a single array load with no branch on ASCII/non-ASCII (German text is full of ä, ß and €)
 * is what keeps the per-character cost low. The table costs 64 KiB once per JVM; only the cache lines of the
 * characters that actually occur are ever touched.
 */
final class ScanText {
    static final byte OTHER = 0;
    static final byte LOWER = 1;
    static final byte UPPER = 2;
    static final byte DIGIT = 3;
    static final byte UNDERSCORE = 4;
    /** Letters and digits outside ASCII (ä, ß, é, Arabic digits ...): word characters no detector starts with. */
    static final byte OTHER_LETTER = 5;

    private static final byte[] KIND = new byte[Character.MAX_VALUE + 1];
    /** Character.toLowerCase of the Latin-1 chars, one load instead of a CharacterData lookup (ä, Ö, é). */
    static final char[] LOWER_LATIN1 = new char[256];

    static {
        for (int c = 128; c <= Character.MAX_VALUE; c++) {
            if (Character.isLetterOrDigit((char) c)) {
                KIND[c] = OTHER_LETTER;
            }
        }
        for (char c = 'a'; c <= 'z'; c++) {
            KIND[c] = LOWER;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            KIND[c] = UPPER;
        }
        for (char c = '0'; c <= '9'; c++) {
            KIND[c] = DIGIT;
        }
        KIND['_'] = UNDERSCORE;
        for (char c = 0; c < 256; c++) {
            LOWER_LATIN1[c] = Character.toLowerCase(c);
        }
    }

    private ScanText() {
    }

    static byte kind(char c) {
        return KIND[c];
    }

    /** Letters, digits and underscore, including non-ASCII letters such as ä or ß. */
    static boolean isWordChar(char c) {
        return KIND[c] != OTHER;
    }

    static boolean isAsciiAlnum(char c) {
        byte k = KIND[c];
        return k >= LOWER && k <= DIGIT;
    }

    static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isUpperOrDigit(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** The end of the word starting at {@code i}. */
    static int wordEnd(char[] text, int i) {
        int n = text.length;
        while (i < n) {
            char c = text[i];
            // most word characters are ASCII lower-case letters: one subtraction instead of a table load
            if ((char) (c - 'a') >= 26 && KIND[c] == OTHER) {
                break;
            }
            i++;
        }
        return i;
    }

    static boolean startsWith(char[] text, int at, String prefix) {
        int len = prefix.length();
        if (at < 0 || at + len > text.length) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (text[at + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Case-insensitive prefix test with the rules of {@link String#regionMatches(boolean, int, String, int, int)}
     * (so "bİrthday" still matches "birthday"), but on the char[] and with an ASCII fast path.
     */
    static boolean startsWithIgnoreCase(char[] text, int at, String prefix) {
        int len = prefix.length();
        if (at < 0 || at + len > text.length) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            char a = text[at + k];
            char b = prefix.charAt(k);
            if (a == b) {
                continue;
            }
            if (a < 128 && b < 128) {
                if (KIND[a] == OTHER || KIND[a] == DIGIT || (a | 0x20) != (b | 0x20)) {
                    return false;
                }
                continue;
            }
            char ua = Character.toUpperCase(a);
            char ub = Character.toUpperCase(b);
            if (ua != ub && Character.toLowerCase(ua) != Character.toLowerCase(ub)) {
                return false;
            }
        }
        return true;
    }
}
