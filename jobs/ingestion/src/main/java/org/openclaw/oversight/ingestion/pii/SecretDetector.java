package org.openclaw.oversight.ingestion.pii;

/**
 * Credentials: AWS access key ids, "sk-" style API keys, bearer tokens and PEM private-key blocks. Each is
 * anchored on a literal prefix, so the scanner only calls in here when that prefix is at a word start.
 */
final class SecretDetector {
    private static final String PEM_BEGIN = "-----BEGIN ";
    private static final String PEM_END = "-----END ";
    private static final int MAX_TOKEN = 4096;

    private SecretDetector() {
    }

    /** AKIA/ASIA + 16 upper-case letters or digits. */
    static int awsAccessKey(char[] text, int s, Candidates out) {
        if (!(ScanText.startsWith(text, s, "AKIA") || ScanText.startsWith(text, s, "ASIA"))) {
            return -1;
        }
        int end = s + 20;
        if (end > text.length) {
            return -1;
        }
        for (int i = s + 4; i < end; i++) {
            if (!ScanText.isUpperOrDigit(text[i])) {
                return -1;
            }
        }
        if (end < text.length && ScanText.isWordChar(text[end])) {
            return -1;
        }
        out.add(PiiType.SECRET, s, end, "aws-access-key-id");
        return end;
    }

    /**
     * sk-, sk-proj-, sk-ant-api03- ... keys: at least 20 characters after "sk-", with a digit and a random-looking
     * run of 16+ letters/digits, so that prose like "sk-learn-compatible-estimators" is not taken for a key.
     */
    static int skApiKey(char[] text, int s, Candidates out) {
        if (!ScanText.startsWith(text, s, "sk-")) {
            return -1;
        }
        int n = text.length;
        int p = s + 3;
        boolean digit = false;
        int run = 0;
        int longestRun = 0;
        while (p < n && p - s < MAX_TOKEN) {
            char c = text[p];
            if (ScanText.isAsciiAlnum(c)) {
                run++;
                longestRun = Math.max(longestRun, run);
                digit |= NumberDetector.isDigit(c);
            } else if (c == '-' || c == '_') {
                run = 0;
            } else {
                break;
            }
            p++;
        }
        if (p - (s + 3) < 20 || !digit || longestRun < 16) {
            return -1;
        }
        String detector = ScanText.startsWith(text, s, "sk-ant-") ? "api-key-anthropic" : "api-key-sk";
        out.add(PiiType.SECRET, s, p, detector);
        return p;
    }

    /** "Bearer <token>" with a token of 16+ characters; only the token is the finding, "Bearer" stays readable. */
    static int bearerToken(char[] text, int s, Candidates out) {
        if (!ScanText.startsWithIgnoreCase(text, s, "bearer")) {
            return -1;
        }
        int n = text.length;
        int p = s + 6;
        int spaces = 0;
        while (p < n && text[p] == ' ' && spaces < 4) {
            p++;
            spaces++;
        }
        if (spaces == 0) {
            return -1;
        }
        int tokenStart = p;
        boolean digit = false;
        boolean upper = false;
        boolean lower = false;
        while (p < n && p - tokenStart < MAX_TOKEN && isTokenChar(text[p])) {
            char c = text[p];
            digit |= c >= '0' && c <= '9';
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            p++;
        }
        if (p - tokenStart < 16 || !(digit || (upper && lower))) {
            return -1;
        }
        out.add(PiiType.SECRET, tokenStart, p, "bearer-token");
        return p;
    }

    private static boolean isTokenChar(char c) {
        return ScanText.isAsciiAlnum(c) || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '='
                || c == '-';
    }

    /**
     * Remembers where the next "-----END " is, so that many BEGIN lines in one text search the rest of it once,
     * not once each (keeps the scan linear).
     */
    static final class PemState {
        private int searchedFrom = -1;
        private int nextEnd = -1;

        int endMarkerFrom(String text, int from) {
            if (searchedFrom >= 0 && from >= searchedFrom && (nextEnd < 0 || nextEnd >= from)) {
                return nextEnd;
            }
            searchedFrom = from;
            nextEnd = text.indexOf(PEM_END, from);
            return nextEnd;
        }
    }

    /**
     * A PEM private-key block, BEGIN line to END line, as one finding. A block without its END line (truncated
     * paste) is still a secret: it runs to the end of the base64 body.
     */
    static int pemPrivateKey(String string, char[] text, int s, Candidates out, PemState state) {
        if (!ScanText.startsWith(text, s, PEM_BEGIN)) {
            return -1;
        }
        int n = text.length;
        int labelStart = s + PEM_BEGIN.length();
        int labelEnd = labelStart;
        while (labelEnd < n && labelEnd - labelStart < 40 && text[labelEnd] != '-'
                && text[labelEnd] != '\n') {
            labelEnd++;
        }
        if (!ScanText.startsWith(text, labelEnd - "PRIVATE KEY".length(), "PRIVATE KEY-----")
                || labelEnd - labelStart < "PRIVATE KEY".length()) {
            return -1;
        }
        int bodyStart = labelEnd + 5;
        int endMarker = state.endMarkerFrom(string, bodyStart);
        int end;
        if (endMarker >= 0) {
            int close = endMarker + PEM_END.length();
            while (close < n && close - endMarker < 64 && text[close] != '\n'
                    && !ScanText.startsWith(text, close, "-----")) {
                close++;
            }
            end = ScanText.startsWith(text, close, "-----") ? close + 5 : close;
        } else {
            end = bodyStart;
            int p = bodyStart;
            while (p < n) {
                char c = text[p];
                if (c == '\n' || c == '\r') {
                    p++;
                    continue;
                }
                int q = p;
                while (q < n && isBase64(text[q])) {
                    q++;
                }
                if (q > p) {
                    end = q;
                }
                if (q == p || (q < n && text[q] != '\n' && text[q] != '\r')) {
                    break; // prose after the body
                }
                p = q;
            }
        }
        out.add(PiiType.SECRET, s, end, "pem-private-key");
        return end;
    }

    private static boolean isBase64(char c) {
        return ScanText.isAsciiAlnum(c) || c == '+' || c == '/' || c == '=';
    }
}
