package org.openclaw.oversight.ingestion.pii;

/**
 * IPv6 addresses: eight groups of 1-4 hex digits, or fewer with one "::", optionally ending in a dotted IPv4.
 * Times (12:30:45) and MAC addresses have too few groups; a compressed form must contain a digit so that
 * "abc::def"-like code is not taken for an address.
 */
final class Ipv6Detector {
    private Ipv6Detector() {
    }

    static int detect(char[] text, int s, Candidates out) {
        int n = text.length;
        int p = s;
        int groups = 0;
        boolean compressed = false;
        boolean digit = false;
        int end = -1;
        if (p + 1 < n && text[p] == ':' && text[p + 1] == ':') {
            compressed = true;
            p += 2;
            end = p;
        }
        while (p < n && groups < 8) {
            int q = p;
            while (q < n && q - p < 5 && ScanText.isHex(text[q])) {
                if (NumberDetector.isDigit(text[q])) {
                    digit = true;
                }
                q++;
            }
            int h = q - p;
            if (h == 0) {
                break;
            }
            if (h > 4) {
                return -1;
            }
            if (q < n && text[q] == '.' && groups <= 6 && (compressed || groups == 6)) {
                int v4End = dottedQuadEnd(text, p);
                if (v4End < 0) {
                    return -1;
                }
                groups += 2;
                end = v4End;
                p = v4End;
                digit = true;
                break;
            }
            groups++;
            end = q;
            p = q;
            if (p + 1 < n && text[p] == ':') {
                if (text[p + 1] == ':') {
                    if (compressed) {
                        break;
                    }
                    compressed = true;
                    p += 2;
                    end = p;
                    continue;
                }
                if (ScanText.isHex(text[p + 1])) {
                    p++;
                    continue;
                }
            }
            break;
        }
        boolean valid = compressed ? groups >= 1 && groups <= 7 && digit : groups == 8;
        if (!valid || end < 0) {
            return -1;
        }
        if (end < n && (ScanText.isWordChar(text[end]) || text[end] == ':')) {
            return -1;
        }
        out.add(PiiType.IP_ADDRESS, s, end, "ipv6");
        return end;
    }

    private static int dottedQuadEnd(char[] text, int p) {
        int n = text.length;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (p >= n || text[p] != '.') {
                    return -1;
                }
                p++;
            }
            int q = p;
            int v = 0;
            while (q < n && q - p < 3 && NumberDetector.isDigit(text[q])) {
                v = v * 10 + (text[q] - '0');
                q++;
            }
            if (q == p || v > 255) {
                return -1;
            }
            p = q;
        }
        return p;
    }
}
