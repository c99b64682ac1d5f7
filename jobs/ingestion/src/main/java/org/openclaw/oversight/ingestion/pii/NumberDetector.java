package org.openclaw.oversight.ingestion.pii;

/**
 * The numeric families — payment cards, phone numbers, German tax ids, US SSNs and IPv4 — from one parse of a
 * digit run with its separators. The run is split into groups once; each family then checks prefixes of those
 * groups, so "4111 1111 1111 1111 2024" still yields the card. Everything is bounded: at most
 * {@link #MAX_GROUPS} groups of at most {@link #MAX_GROUP_DIGITS} digits, so a megabyte of digits costs one
 * aborted parse.
 */
final class NumberDetector {
    static final int MAX_GROUPS = 8;
    static final int MAX_GROUP_DIGITS = 20;
    private static final int MAX_DIGITS = MAX_GROUPS * MAX_GROUP_DIGITS;

    // parse state, reused across candidates of one scan
    private final int[] groupStart = new int[MAX_GROUPS];
    private final int[] groupEnd = new int[MAX_GROUPS];
    private final char[] sepBefore = new char[MAX_GROUPS];
    private final boolean[] paren = new boolean[MAX_GROUPS];
    private final char[] digits = new char[MAX_DIGITS];
    private final int[] digitsAfterGroup = new int[MAX_GROUPS];
    private int groups;
    private boolean plus;
    private char[] text;
    private int start;

    /** Keywords that make an 11-digit number with a valid Steuer-IdNr check digit a tax id, in doubt. */
    private static final String[] TAX_ID_KEYWORDS = {"steuer-id", "steuerid", "steuer id", "idnr", "id-nr",
        "steueridentifikationsnummer", "steuer-identifikationsnummer", "identifikationsnummer", "tax id", "tax-id"};

    /**
     * Tries every numeric family at {@code s} (a digit, '+' or '(' at a token start) and records the longest
     * valid match. Returns the end of that match, or -1.
     */
    int detect(char[] text, int s, Candidates out) {
        this.text = text;
        this.start = s;
        try {
            return detectAt(text, s, out);
        } finally {
            this.text = null; // the parser is kept per thread: it must not keep the last text alive
        }
    }

    private int detectAt(char[] text, int s, Candidates out) {
        if (!parse(text, s)) {
            return -1;
        }
        int bestEnd = -1;
        PiiType bestType = null;
        String bestDetector = null;
        for (int k = groups; k >= 1; k--) {
            if (k < groups && sepBefore[k] != ' ') {
                continue; // "-", "." or "/" binds the next group: a prefix would cut a longer number apart
            }
            int end = groupEnd[k - 1] + (paren[k - 1] ? 1 : 0);
            if (!cleanEnd(text, end)) {
                continue;
            }
            String detector;
            if ((detector = card(k)) != null) {
                bestType = PiiType.PAYMENT_CARD;
            } else if ((detector = taxId(k)) != null) {
                bestType = PiiType.DE_TAX_ID;
            } else if ((detector = ssn(k)) != null) {
                bestType = PiiType.US_SSN;
            } else if ((detector = phone(k)) != null) {
                bestType = PiiType.PHONE;
            } else if ((detector = ipv4(text, k)) != null) {
                bestType = PiiType.IP_ADDRESS;
            }
            if (detector != null) {
                bestEnd = end;
                bestDetector = detector;
                break;
            }
        }
        if (bestEnd < 0) {
            return -1;
        }
        out.add(bestType, s, bestEnd, bestDetector);
        return bestEnd;
    }

    /** Splits the run at s into groups; false when it is not a plausible number (too long, glued to letters). */
    private boolean parse(char[] text, int s) {
        int n = text.length;
        int p = s;
        plus = false;
        groups = 0;
        if (text[p] == '+') {
            plus = true;
            p++;
        }
        char sep = 0;
        int digitCount = 0;
        while (groups < MAX_GROUPS) {
            boolean inParen = false;
            if (p < n && text[p] == '(') {
                inParen = true;
                p++;
            }
            int q = p;
            while (q < n && isDigit(text[q])) {
                if (q - p >= MAX_GROUP_DIGITS) {
                    return false;
                }
                q++;
            }
            if (q == p || (inParen && (q >= n || text[q] != ')'))) {
                break; // "(mobile)" or an unclosed parenthesis ends the number before it
            }
            System.arraycopy(text, p, digits, digitCount, q - p);
            digitCount += q - p;
            groupStart[groups] = p;
            groupEnd[groups] = q;
            sepBefore[groups] = sep;
            paren[groups] = inParen;
            digitsAfterGroup[groups] = digitCount;
            groups++;
            int after = inParen ? q + 1 : q;
            if (after >= n) {
                break;
            }
            char c = text[after];
            if (inParen && isDigit(c)) {
                sep = 0; // "(030)1234567"
                p = after;
                continue;
            }
            if (continuesAfter(text, after)) {
                sep = c;
                p = after + 1;
                continue;
            }
            break;
        }
        return groups > 0;
    }

    /**
     * Whether the digit group ending at {@code end} is followed by another one: a separator (space, '-', '.', '/')
     * and a digit or '(' — the rule by which {@link #parse} joins groups.
     */
    static boolean continuesAfter(char[] text, int end) {
        if (end + 1 >= text.length) {
            return false;
        }
        char c = text[end];
        char next = text[end + 1];
        return (c == ' ' || c == '-' || c == '.' || c == '/') && (isDigit(next) || next == '(');
    }

    /** The match must not run into letters, a decimal comma or a longer dotted/dashed number (a ":port" is fine). */
    private static boolean cleanEnd(char[] text, int end) {
        if (end >= text.length) {
            return true;
        }
        char c = text[end];
        if (ScanText.isWordChar(c)) {
            return false;
        }
        if ((c == ',' || c == '.' || c == '-' || c == '/') && end + 1 < text.length
                && isDigit(text[end + 1])) {
            return false;
        }
        return true;
    }

    private int len(int g) {
        return groupEnd[g] - groupStart[g];
    }

    private boolean sameSeparators(int k, char allowedA, char allowedB) {
        if (k == 1) {
            return true;
        }
        char first = sepBefore[1];
        if (first != allowedA && first != allowedB) {
            return false;
        }
        for (int g = 2; g < k; g++) {
            if (sepBefore[g] != first) {
                return false;
            }
        }
        return true;
    }

    private boolean anyParen(int k) {
        for (int g = 0; g < k; g++) {
            if (paren[g]) {
                return true;
            }
        }
        return false;
    }

    private String card(int k) {
        int count = digitsAfterGroup[k - 1];
        if (plus || count < 13 || count > 19 || anyParen(k) || !sameSeparators(k, ' ', '-')) {
            return null;
        }
        for (int g = 0; g < k - 1; g++) {
            if (len(g) < 4) {
                return null;
            }
        }
        if (k > 1 && len(k - 1) < 3) {
            return null;
        }
        String brand = CardBrands.brand(digits, count);
        if (brand == null || !Checksums.luhn(digits, count)) {
            return null;
        }
        return brand;
    }

    private String taxId(int k) {
        if (plus || anyParen(k) || digitsAfterGroup[k - 1] != 11) {
            return null;
        }
        boolean shapeOk = k == 1
                || (k == 4 && len(0) == 2 && len(1) == 3 && len(2) == 3 && len(3) == 3
                && sameSeparators(k, ' ', ' '));
        if (!shapeOk) {
            return null;
        }
        if (Checksums.steuerId(digits, 11)) {
            return "de-steuer-id";
        }
        // the digit-distribution rule may be relaxed for new ids; with the keyword next to it, a valid check digit
        // is enough (in doubt, redact)
        return Checksums.steuerIdCheckDigit(digits, 11)
                && GermanIdDetector.keywordBefore(text, start, TAX_ID_KEYWORDS) ? "de-steuer-id-keyword" : null;
    }

    private String ssn(int k) {
        if (plus || anyParen(k) || k != 3 || len(0) != 3 || len(1) != 2 || len(2) != 4
                || !sameSeparators(k, '-', ' ')) {
            return null;
        }
        int area = num(0, 3);
        int group = num(3, 2);
        int serial = num(5, 4);
        if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
            return null;
        }
        return "us-ssn";
    }

    private int num(int from, int length) {
        int v = 0;
        for (int i = from; i < from + length; i++) {
            v = v * 10 + (digits[i] - '0');
        }
        return v;
    }

    private String phone(int k) {
        int count = digitsAfterGroup[k - 1];
        if (plus) {
            // E.164: country code never starts with 0, at most 15 digits in total
            if (count < 8 || count > 15 || digits[0] == '0') {
                return null;
            }
            for (int g = 1; g < k; g++) {
                if (sepBefore[g] != ' ' && sepBefore[g] != '-' && sepBefore[g] != 0) {
                    return null;
                }
            }
            return "phone-e164";
        }
        if (paren[0]) {
            return parenPhone(k, count);
        }
        if (anyParen(k)) {
            return null;
        }
        if (digits[0] == '0') {
            return nationalPhone(k, count);
        }
        // US without parentheses: 555-123-4567 or 555.123.4567; area code starts 2-9
        if (k == 3 && len(0) == 3 && len(1) == 3 && len(2) == 4 && digits[0] >= '2'
                && sameSeparators(k, '-', '.')) {
            return "phone-us";
        }
        return null;
    }

    private String parenPhone(int k, int count) {
        if (digits[0] == '0') {
            return count >= 9 && count <= 13 && k >= 2 && len(1) >= 3 ? nationalPrefix() : null;
        }
        // (555) 123-4567
        if (k == 3 && len(0) == 3 && len(1) == 3 && len(2) == 4 && digits[0] >= '2'
                && (sepBefore[1] == ' ' || sepBefore[1] == 0) && (sepBefore[2] == '-' || sepBefore[2] == ' ')) {
            return "phone-us";
        }
        return null;
    }

    /** German and UK numbers with the trunk prefix 0: area code first, separated by space, dash or slash. */
    private String nationalPhone(int k, int count) {
        if (digits[1] == '0') {
            // 0049 151 23456789: the international prefix written as 00, at least two groups
            return k >= 2 && count >= 10 && count <= 17 && digits[2] != '0' && len(0) <= 5 && noDots(k)
                    ? "phone-e164" : null;
        }
        if (k == 1) {
            // unseparated only for mobile numbers, whose prefix makes them unmistakable
            if ((count == 11 || count == 12) && digits[1] == '1' && digits[2] >= '5' && digits[2] <= '7') {
                return "phone-de-mobile";
            }
            if (count == 11 && digits[1] == '7') {
                return "phone-uk";
            }
            return null;
        }
        if (count < 9 || count > 13 || len(0) < 3 || len(0) > 5 || len(1) < 3) {
            return null;
        }
        for (int g = 1; g < k; g++) {
            char sep = sepBefore[g];
            if (sep == '.' || (sep == '/' && g > 1) || len(g) < 2) {
                return null;
            }
        }
        if (count == 11 && ukShape(k)) {
            return "phone-uk";
        }
        return nationalPrefix();
    }

    private boolean noDots(int k) {
        for (int g = 1; g < k; g++) {
            if (sepBefore[g] == '.') {
                return false;
            }
        }
        return true;
    }

    private String nationalPrefix() {
        return digits[1] == '1' && digits[2] >= '5' && digits[2] <= '7' ? "phone-de-mobile" : "phone-de";
    }

    private boolean ukShape(int k) {
        char second = digits[1];
        if (second != '1' && second != '2' && second != '3' && second != '7' && second != '8') {
            return false;
        }
        return (k == 3 && len(0) == 3 && len(1) == 4) // 020 7946 0958
                || (k == 2 && len(0) == 5) // 07700 900123, 01632 960001
                || (k == 3 && len(0) == 4 && len(1) == 3) // 0121 496 0000
                || (k == 3 && len(0) == 5 && len(1) == 3); // 07700 900 123
    }

    /** Dotted quad, each octet 0-255 without leading zeros; exactly four dot-joined groups. */
    private String ipv4(char[] text, int k) {
        if (plus || k != 4 || anyParen(k)) {
            return null;
        }
        for (int g = 1; g < 4; g++) {
            if (sepBefore[g] != '.') {
                return null;
            }
        }
        if (k < groups && sepBefore[k] == '.') {
            return null;
        }
        for (int g = 0; g < 4; g++) {
            int l = len(g);
            if (l > 3 || (l > 1 && text[groupStart[g]] == '0')) {
                return null;
            }
            int v = 0;
            for (int i = groupStart[g]; i < groupEnd[g]; i++) {
                v = v * 10 + (text[i] - '0');
            }
            if (v > 255) {
                return null;
            }
        }
        return "ipv4";
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
