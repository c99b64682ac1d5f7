package org.openclaw.oversight.ingestion.pii;

/**
 * E-mail addresses, found from their '@': the local part is read backwards (at most 64 characters, RFC 5321),
 * the domain forwards (labels of letters, digits and inner hyphens, at least two labels, an alphabetic top-level
 * label of two or more letters).
 */
final class EmailDetector {
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;

    private EmailDetector() {
    }

    /** Returns the end of the address whose '@' is at {@code at}, or -1. */
    static int detect(char[] text, int at, Candidates out) {
        int start = at;
        while (start > 0 && isLocalChar(text[start - 1])) {
            start--;
            if (at - start > MAX_LOCAL) {
                return -1;
            }
        }
        while (start < at && text[start] == '.') {
            start++;
        }
        if (start == at || text[at - 1] == '.') {
            return -1;
        }
        int n = text.length;
        int p = at + 1;
        int labels = 0;
        int lastLabelStart = p;
        int end = -1;
        boolean lastLabelAlpha = false;
        while (p < n && p - at <= MAX_DOMAIN) {
            int labelStart = p;
            boolean alpha = true;
            while (p < n && p - labelStart < 64 && (ScanText.isAsciiAlnum(text[p]) || text[p] == '-')) {
                char c = text[p];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                    alpha = false;
                }
                p++;
            }
            if (p == labelStart || text[labelStart] == '-' || text[p - 1] == '-') {
                break;
            }
            labels++;
            lastLabelStart = labelStart;
            lastLabelAlpha = alpha;
            end = p;
            if (p + 1 < n && text[p] == '.' && ScanText.isAsciiAlnum(text[p + 1])) {
                p++;
                continue;
            }
            break;
        }
        if (labels < 2 || !lastLabelAlpha || end - lastLabelStart < 2) {
            return -1;
        }
        if (end < n && (ScanText.isWordChar(text[end]) || text[end] == '@')) {
            return -1;
        }
        out.add(PiiType.EMAIL, start, end, "email");
        return end;
    }

    private static boolean isLocalChar(char c) {
        return ScanText.isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }
}
