package org.openclaw.oversight.ingestion.pii;

/**
 * Check-digit rules used to tell real identifiers from numbers that merely look like them. Public so that the
 * simulator ({@code oversight simulate}) makes its synthetic values with the very rules the scanner applies.
 */
public final class Checksums {
    private Checksums() {
    }

    /** Luhn over {@code digits[0..length)} (ASCII digits only). */
    public static boolean luhn(char[] digits, int length) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = length - 1; i >= 0; i--) {
            int d = digits[i] - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616 check: move the first four characters to the end, letters to 10..35, result mod 97 == 1. */
    public static boolean ibanMod97(char[] iban, int length) {
        int mod = 0;
        for (int k = 0; k < length; k++) {
            char c = iban[(k + 4) % length];
            if (c >= '0' && c <= '9') {
                mod = (mod * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                mod = (mod * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return mod == 1;
    }

    /**
     * German Steuer-IdNr: 11 digits, first not 0; among the first ten exactly one digit occurs twice or three
     * times (three times never as three adjacent equal digits) and every other digit at most once; the last
     * digit is the ISO 7064 MOD 11,10 check digit over the first ten.
     */
    public static boolean steuerId(char[] d, int length) {
        if (length != 11 || d[0] == '0') {
            return false;
        }
        int[] counts = new int[10];
        for (int i = 0; i < 10; i++) {
            counts[d[i] - '0']++;
        }
        int repeated = 0;
        for (int c : counts) {
            if (c > 3) {
                return false;
            }
            if (c >= 2) {
                repeated++;
            }
        }
        if (repeated != 1) {
            return false;
        }
        for (int i = 2; i < 10; i++) {
            if (d[i] == d[i - 1] && d[i] == d[i - 2]) {
                return false;
            }
        }
        int product = 10;
        for (int i = 0; i < 10; i++) {
            int sum = (d[i] - '0' + product) % 10;
            if (sum == 0) {
                sum = 10;
            }
            product = (sum * 2) % 11;
        }
        int check = 11 - product;
        if (check == 10) {
            check = 0;
        }
        return check == d[10] - '0';
    }

    /** Only the ISO 7064 MOD 11,10 check digit of a Steuer-IdNr, without the digit-distribution rule. */
    static boolean steuerIdCheckDigit(char[] d, int length) {
        if (length != 11 || d[0] == '0') {
            return false;
        }
        int product = 10;
        for (int i = 0; i < 10; i++) {
            int sum = (d[i] - '0' + product) % 10;
            if (sum == 0) {
                sum = 10;
            }
            product = (sum * 2) % 11;
        }
        int check = 11 - product;
        if (check == 10) {
            check = 0;
        }
        return check == d[10] - '0';
    }

    /**
     * ICAO 9303 check digit over {@code text[start, end)}: weights 7, 3, 1 repeating; digits count as their value,
     * letters A=10 .. Z=35, the filler '<' as 0; the sum mod 10. -1 for any other character.
     */
    static int icao9303(char[] text, int start, int end) {
        int sum = 0;
        for (int i = start; i < end; i++) {
            char c = text[i];
            int v;
            if (c >= '0' && c <= '9') {
                v = c - '0';
            } else if (c >= 'A' && c <= 'Z') {
                v = c - 'A' + 10;
            } else if (c == '<') {
                v = 0;
            } else {
                return -1;
            }
            int w = (i - start) % 3;
            sum += v * (w == 0 ? 7 : w == 1 ? 3 : 1);
        }
        return sum % 10;
    }

    /**
     * Krankenversichertennummer (unveränderbarer Teil, 10 characters): a letter and nine digits, the last a check
     * digit. The letter becomes its two-digit position in the alphabet (A=01 .. Z=26); the resulting ten digits
     * before the check digit are weighted 1, 2, 1, 2 ...; products above 9 count by their cross sum; sum mod 10.
     */
    static boolean krankenversichertennummer(char letter, char[] digits9) {
        if (letter < 'A' || letter > 'Z') {
            return false;
        }
        int position = letter - 'A' + 1;
        int[] d = new int[10];
        d[0] = position / 10;
        d[1] = position % 10;
        for (int i = 0; i < 8; i++) {
            d[2 + i] = digits9[i] - '0';
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            int p = d[i] * (i % 2 == 0 ? 1 : 2);
            sum += p > 9 ? p - 9 : p;
        }
        return sum % 10 == digits9[8] - '0';
    }

    private static final int[] RVNR_WEIGHTS = {2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1};

    /**
     * Rentenversicherungsnummer (Versicherungsnummer): area (2 digits), birth date DDMMYY, the birth surname's
     * initial, serial (2 digits), check digit. The initial becomes its two-digit position (A=01 .. Z=26), giving 12
     * digits; weights 2,1,2,5,7,1,2,1,2,1,2,1; the cross sums of the products are added; the sum mod 10 is the
     * check digit. {@code digits8} are area + date, {@code serialAndCheck} the last three digits.
     */
    static boolean rentenversicherungsnummer(char[] digits8, char letter, char[] serialAndCheck) {
        if (letter < 'A' || letter > 'Z') {
            return false;
        }
        int position = letter - 'A' + 1;
        int[] d = new int[12];
        for (int i = 0; i < 8; i++) {
            d[i] = digits8[i] - '0';
        }
        d[8] = position / 10;
        d[9] = position % 10;
        d[10] = serialAndCheck[0] - '0';
        d[11] = serialAndCheck[1] - '0';
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            int p = d[i] * RVNR_WEIGHTS[i];
            sum += p / 10 + p % 10;
        }
        return sum % 10 == serialAndCheck[2] - '0';
    }
}
