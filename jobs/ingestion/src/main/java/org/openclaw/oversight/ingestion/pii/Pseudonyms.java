package org.openclaw.oversight.ingestion.pii;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
     * SHA-256 blocks) costs more than the whole scan of a short message. Bounded, so memory stays flat.
     */
    static final int CACHE_SIZE = 1024;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    private final ThreadLocal<Map<String, String>> recent;

    Pseudonyms(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
        this.recent = ThreadLocal.withInitial(() -> new LinkedHashMap<>(CACHE_SIZE * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > CACHE_SIZE;
            }
        });
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

    /** Pseudonym of {@code input}: type name + ':' + normalised value, so equal digits of two types differ. */
    String of(String input) {
        Map<String, String> cache = recent.get();
        String cached = cache.get(input);
        if (cached == null) {
            cached = hmacHex(input);
            cache.put(input, cached);
        }
        return cached;
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
     * "TYPE:normalised" for the value at {@code [start, end)}, built in one go from the scan's char[] (no substring,
     * no intermediate normalised String); {@code normalised} wins when the detector set it (dates).
     */
    static String valueKey(PiiType type, char[] text, int start, int end, String normalised) {
        String name = type.name();
        if (normalised != null) {
            return name + ':' + normalised;
        }
        char[] key = new char[name.length() + 1 + end - start];
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
                        return name + ':' + normalise(type, new String(text, start, end - start));
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
                return name + ':' + normalise(type, new String(text, start, end - start));
            }
        }
        return new String(key, 0, k);
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
