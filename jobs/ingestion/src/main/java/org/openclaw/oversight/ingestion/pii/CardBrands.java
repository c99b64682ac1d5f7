package org.openclaw.oversight.ingestion.pii;

/** Issuer identification number (IIN) ranges and lengths of the card networks; null means no known network. */
final class CardBrands {
    private CardBrands() {
    }

    static String brand(char[] d, int length) {
        int p1 = d[0] - '0';
        int p2 = p1 * 10 + (d[1] - '0');
        int p3 = p2 * 10 + (d[2] - '0');
        int p4 = p3 * 10 + (d[3] - '0');
        int p6 = p4 * 100 + (d[4] - '0') * 10 + (d[5] - '0');
        if (p1 == 4) {
            return length == 13 || length == 16 || length == 19 ? "card-visa" : null;
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return length == 16 ? "card-mastercard" : null;
        }
        if (p2 == 34 || p2 == 37) {
            return length == 15 ? "card-amex" : null;
        }
        if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) {
            return length >= 16 ? "card-discover" : null;
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return length >= 16 ? "card-jcb" : null;
        }
        if (p2 == 36 || (p3 >= 300 && p3 <= 305) || p2 == 38 || p2 == 39) {
            return length >= 14 ? "card-diners" : null;
        }
        if (p2 == 62) {
            return length >= 16 ? "card-unionpay" : null;
        }
        if (p4 == 5018 || p4 == 5020 || p4 == 5038 || p4 == 5893 || p4 == 6304 || p4 == 6759
                || (p4 >= 6761 && p4 <= 6763)) {
            return "card-maestro";
        }
        return null;
    }
}
