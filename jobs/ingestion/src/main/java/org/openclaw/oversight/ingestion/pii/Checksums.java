package org.openclaw.oversight.ingestion.pii;

/** Check-digit rules used to tell real identifiers from numbers that merely look like them. */
final class Checksums {
    private Checksums() {
    }

    /** Luhn over {@code digits[0..length)} (ASCII digits only). */
    static boolean luhn(char[] digits, int length) {
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
    static boolean ibanMod97(char[] iban, int length) {
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
    static boolean steuerId(char[] d, int length) {
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
}
