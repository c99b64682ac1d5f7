package org.openclaw.oversight.ingestion.pii;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 pseudonyms of normalised values: the same e-mail, IBAN or phone number yields the same pseudonym in
 * every event, so analysts can count distinct people, while without the key the value cannot be recovered or
 * confirmed by guessing. {@link Mac} is neither thread-safe nor serialisable, hence one per thread, built lazily.
 */
final class Pseudonyms {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * Recently seen values per thread: the same customer shows up in event after event, and the HMAC (four
     * SHA-256 blocks) costs more than the whole scan of a short message. Bounded (direct-mapped, a newer value
     * replaces an older one in its slot), so memory stays flat.
     */
    static final int CACHE_SIZE = 1024;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    private final ThreadLocal<RecentKeys> recent;

    Pseudonyms(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
        this.recent = ThreadLocal.withInitial(RecentKeys::new);
    }

    /**
     * A thread's value-key buffer and its recently pseudonymised values. A value of the scanned text is looked up
     * by its type and its chars as written (plus the detector's normalised form, when it set one), so a value seen
     * before costs one hash and one comparison of its chars: no key String, no lower-cased copy, no map entry (on
     * dense text these were most of the redaction's cost). Two spellings of one value ("Anna  Schmidt", "anna
     * schmidt") are two entries with the same pseudonym, computed from the normalised key on a miss.
     */
    private static final class RecentKeys {
        char[] buffer = new char[128];
        final long[] hashes = new long[CACHE_SIZE];
        final char[][] values = new char[CACHE_SIZE][];
        final int[] types = new int[CACHE_SIZE];
        final String[] normalised = new String[CACHE_SIZE];
        final String[] pseudonyms = new String[CACHE_SIZE];

        /** Room for {@code length} chars; the buffer only ever grows to the longest key seen. */
        char[] buffer(int length) {
            if (buffer.length < length) {
                buffer = new char[Math.max(length, buffer.length * 2)];
            }
            return buffer;
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM; the PII scanner needs it", e);
        }
    }

    /**
     * Pseudonym of the value at {@code [start, end)} of the scanned text: the HMAC of "TYPE:normalised" (see
     * {@link #writeValueKey}), so equal digits of two types differ; without building that key when the value was
     * seen recently.
     */
    String of(PiiType type, char[] text, int start, int end, String normalised) {
        RecentKeys r = recent.get();
        long h = (type.ordinal() + 1) * 0x9E3779B97F4A7C15L;
        int i = start;
        for (; i + 1 < end; i += 2) { // two chars per multiply: the dependent chain is half as long
            h = (h ^ (text[i] | (long) text[i + 1] << 16)) * 0x100000001b3L;
        }
        if (i < end) {
            h = (h ^ text[i]) * 0x100000001b3L;
        }
        if (normalised != null) {
            h = (h ^ normalised.hashCode()) * 0x100000001b3L;
        }
        h ^= h >>> 29;
        int slot = (int) h & (CACHE_SIZE - 1);
        char[] known = r.values[slot];
        if (known != null && r.hashes[slot] == h && r.types[slot] == type.ordinal()
                && java.util.Arrays.equals(known, 0, known.length, text, start, end)
                && java.util.Objects.equals(r.normalised[slot], normalised)) {
            return r.pseudonyms[slot];
        }
        int length = writeValueKey(r, type, text, start, end, normalised);
        String pseudonym = hmacHex(new String(r.buffer, 0, length));
        r.hashes[slot] = h;
        r.values[slot] = java.util.Arrays.copyOfRange(text, start, end);
        r.types[slot] = type.ordinal();
        r.normalised[slot] = normalised;
        r.pseudonyms[slot] = pseudonym;
        return pseudonym;
    }

    private String hmacHex(String normalised) {
        byte[] digest = macs.get().doFinal(normalised.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * Writes the value key "TYPE:normalised" ({@code normalised} wins when the detector set it: dates) into
     * {@code r}'s buffer, straight from the scan's char[] (no substring, no intermediate
     * normalised String) for ASCII and Latin-1 values; anything else takes the String path of {@link #normalise}.
     * Returns its length.
     */
    private static int writeValueKey(RecentKeys r, PiiType type, char[] text, int start, int end, String normalised) {
        String name = type.name();
        if (normalised != null) {
            return copy(r, name, normalised);
        }
        char[] key = r.buffer(name.length() + 1 + end - start);
        name.getChars(0, name.length(), key, 0);
        int k = name.length();
        key[k++] = ':';
        switch (type) {
            case PHONE, PAYMENT_CARD, DE_TAX_ID, US_SSN -> {
                for (int i = start; i < end; i++) {
                    char c = text[i];
                    if (c >= '0' && c <= '9') {
                        key[k++] = c;
                    }
                }
            }
            case EMAIL, IP_ADDRESS, IBAN -> {
                for (int i = start; i < end; i++) {
                    char c = text[i];
                    if (c >= 128) { // the detectors only match ASCII; anything else takes the general path
                        return copy(r, name, normalise(type, new String(text, start, end - start)));
                    }
                    if (type == PiiType.IBAN) {
                        if (c != ' ') {
                            key[k++] = c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
                        }
                    } else {
                        key[k++] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
                    }
                }
            }
            case SECRET, DATE_OF_BIRTH -> {
                System.arraycopy(text, start, key, k, end - start);
                k += end - start;
            }
            case DE_ID_CARD, DE_PASSPORT, DE_HEALTH_INSURANCE_NUMBER, DE_PENSION_INSURANCE_NUMBER -> {
                for (int i = start; i < end; i++) {
                    char c = text[i];
                    if (c != ' ') {
                        key[k++] = c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
                    }
                }
            }
            case PERSON, POSTAL_ADDRESS -> {
                // collapsed(value.toLowerCase(Locale.ROOT)) char by char; for Latin-1 that is Character.toLowerCase
                // and Character.isWhitespace of each char. Beyond Latin-1, String.toLowerCase has context rules
                // (final sigma, dotted I), so that takes the String path.
                int first = k;
                boolean gap = false;
                for (int i = start; i < end; i++) {
                    char c = text[i];
                    if (c >= 256) {
                        return copy(r, name, normalise(type, new String(text, start, end - start)));
                    }
                    if (Character.isWhitespace(c) || c == '.' || c == ',') {
                        gap = k > first;
                    } else {
                        if (gap) {
                            key[k++] = ' ';
                            gap = false;
                        }
                        key[k++] = ScanText.LOWER_LATIN1[c];
                    }
                }
            }
        }
        return k;
    }

    /** "name:value" into the buffer. */
    private static int copy(RecentKeys r, String name, String value) {
        int length = name.length() + 1 + value.length();
        char[] key = r.buffer(length);
        name.getChars(0, name.length(), key, 0);
        key[name.length()] = ':';
        value.getChars(0, value.length(), key, name.length() + 1);
        return length;
    }

    /**
     * The form that is pseudonymised: e-mail lower-case; phone, card, tax id and SSN digits only; IBAN without
     * spaces in upper case; IP addresses lower-case; secrets as written.
     */
    static String normalise(PiiType type, String value) {
        return switch (type) {
            case EMAIL, IP_ADDRESS -> value.toLowerCase(Locale.ROOT);
            case PHONE, PAYMENT_CARD, DE_TAX_ID, US_SSN -> digitsOnly(value);
            case IBAN -> value.replace(" ", "").toUpperCase(Locale.ROOT);
            case SECRET, DATE_OF_BIRTH -> value;
            case DE_ID_CARD, DE_PASSPORT, DE_HEALTH_INSURANCE_NUMBER, DE_PENSION_INSURANCE_NUMBER ->
                    value.replace(" ", "").toUpperCase(Locale.ROOT);
            // "Anna  Schmidt" and "anna schmidt", "Hauptstr. 12" and "Hauptstr 12," are the same person or place
            case PERSON, POSTAL_ADDRESS -> collapsed(value.toLowerCase(Locale.ROOT));
        };
    }

    /** Runs of whitespace, dots and commas become one space; none at the ends. */
    private static String collapsed(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        boolean gap = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || c == '.' || c == ',') {
                gap = sb.length() > 0;
            } else {
                if (gap) {
                    sb.append(' ');
                    gap = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String digitsOnly(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
