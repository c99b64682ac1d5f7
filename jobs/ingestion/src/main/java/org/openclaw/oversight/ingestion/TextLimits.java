package org.openclaw.oversight.ingestion;

/** Measures text the way the validation rules count it, without copying it. */
final class TextLimits {

    private TextLimits() {}

    /** Whether the UTF-8 encoding of {@code text} is longer than {@code limitBytes}; counts only when it has to. */
    static boolean exceeds(CharSequence text, long limitBytes) {
        if (text == null) {
            return false;
        }
        long length = text.length();
        if (length > limitBytes) {
            return true;       // every char is at least one byte
        }
        if (length * 3 <= limitBytes) {
            return false;      // every char is at most three bytes (a surrogate pair: four for two chars)
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
            if (bytes > limitBytes) {
                return true;
            }
        }
        return false;
    }

    static boolean containsNul(CharSequence text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\u0000') {
                return true;
            }
        }
        return false;
    }

    /** {@code text} without U+0000, or the same instance when it has none. */
    static String withoutNul(String text) {
        return containsNul(text) ? text.replace("\u0000", "") : text;
    }
}
