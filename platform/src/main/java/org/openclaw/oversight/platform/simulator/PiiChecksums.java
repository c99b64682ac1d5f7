package org.openclaw.oversight.platform.simulator;

import java.math.BigInteger;

/**
 * The check-digit rules the PII scanner validates. The simulator computes check digits with them so that its
 * synthetic values are detected (a scanner that checks digits ignores an IBAN with wrong ones).
 */
public final class PiiChecksums {
    private PiiChecksums() {
    }

    /** Two IBAN check digits for a country code and BBAN (ISO 13616: 98 - (BBAN + country + "00") mod 97). */
    public static String ibanCheckDigits(String countryCode, String bban) {
        int mod = mod97(bban + countryCode + "00");
        return String.format("%02d", 98 - mod);
    }

    public static boolean isValidIban(String iban) {
        String compact = iban.replace(" ", "");
        if (compact.length() < 15 || compact.length() > 34) {
            return false;
        }
        return mod97(compact.substring(4) + compact.substring(0, 4)) == 1;
    }

    private static int mod97(String alphanumeric) {
        StringBuilder digits = new StringBuilder();
        for (char c : alphanumeric.toCharArray()) {
            digits.append(Character.isLetter(c) ? String.valueOf(c - 'A' + 10) : String.valueOf(c));
        }
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue();
    }

    /** The Luhn digit that makes {@code payload + digit} valid. */
    public static int luhnCheckDigit(String payload) {
        int sum = 0;
        boolean doubleIt = true; // the check digit will be appended, so the last payload digit is doubled
        for (int i = payload.length() - 1; i >= 0; i--) {
            int d = payload.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (10 - sum % 10) % 10;
    }

    public static boolean isValidLuhn(String number) {
        String digits = number.replaceAll("[ -]", "");
        return digits.length() > 1 && luhnCheckDigit(digits.substring(0, digits.length() - 1))
                == digits.charAt(digits.length() - 1) - '0';
    }

    /** ISO 7064 MOD 11,10 check digit of the German Steuer-Identifikationsnummer over its first ten digits. */
    public static int steuerIdCheckDigit(String firstTen) {
        int product = 10;
        for (char c : firstTen.toCharArray()) {
            int sum = (c - '0' + product) % 10;
            if (sum == 0) {
                sum = 10;
            }
            product = (sum * 2) % 11;
        }
        int check = 11 - product;
        return check == 10 ? 0 : check;
    }

    /**
     * Full Steuer-IdNr rule: 11 digits, first not 0, within the first ten exactly one digit repeats (twice or
     * three times, the latter not adjacent three in a row), and the last digit is the MOD 11,10 check digit.
     */
    public static boolean isValidSteuerId(String id) {
        String digits = id.replace(" ", "");
        if (!digits.matches("[1-9]\\d{10}")) {
            return false;
        }
        int[] counts = new int[10];
        for (int i = 0; i < 10; i++) {
            counts[digits.charAt(i) - '0']++;
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
        if (repeated != 1 || digits.substring(0, 10).matches(".*(\\d)\\1\\1.*")) {
            return false;
        }
        return steuerIdCheckDigit(digits.substring(0, 10)) == digits.charAt(10) - '0';
    }

    /** US SSN rules: area 001-899 except 666, group 01-99, serial 0001-9999. */
    public static boolean isValidSsn(String ssn) {
        if (!ssn.matches("\\d{3}-\\d{2}-\\d{4}")) {
            return false;
        }
        int area = Integer.parseInt(ssn.substring(0, 3));
        int group = Integer.parseInt(ssn.substring(4, 6));
        int serial = Integer.parseInt(ssn.substring(7));
        return area > 0 && area < 900 && area != 666 && group > 0 && serial > 0;
    }
}
