package org.openclaw.oversight.ingestion.pii;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and redacts personal data and secrets in free text in ONE pass: the text is walked once, word by word;
 * only a cheap test on the first character of a word (or on '@', '-', '+', '(' and ':') decides whether a
 * detector looks at the short window there. Every detector is bounded, so a scan is linear in the text length
 * whatever the input. Thread-safe and serialisable (it travels inside Flink operators); the key never appears in
 * {@link #toString()} or in a log line.
 */
public final class PiiScanner implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PiiScanner.class);

    /** Environment variable holding the pseudonym key: "base64:..." or raw text, at least 16 bytes. */
    public static final String KEY_ENV = "OVERSIGHT_PII_KEY";
    static final int MIN_KEY_BYTES = 16;
    private static final AtomicBoolean DEV_KEY_WARNED = new AtomicBoolean();
    private static final byte[] DEV_KEY = "oversight-dev-pseudonym-key-not-secret".getBytes(StandardCharsets.UTF_8);

    private final byte[] key;
    private transient Pseudonyms pseudonyms;

    private PiiScanner(byte[] key) {
        this.key = key.clone();
        this.pseudonyms = new Pseudonyms(this.key);
    }

    public static PiiScanner create(byte[] hmacKey) {
        if (hmacKey == null || hmacKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("The PII pseudonym key must have at least " + MIN_KEY_BYTES
                    + " bytes; set " + KEY_ENV + " to a longer secret (e.g. base64:<32 random bytes>)");
        }
        return new PiiScanner(hmacKey);
    }

    /**
     * Key from {@value #KEY_ENV}; without it a fixed development key is used and one WARN line says so, since
     * pseudonyms made with a public key can be reversed by anyone who guesses the value.
     */
    public static PiiScanner fromEnvironment() {
        return fromKeySetting(System.getenv(KEY_ENV));
    }

    static PiiScanner fromKeySetting(String setting) {
        if (setting == null || setting.isBlank()) {
            if (DEV_KEY_WARNED.compareAndSet(false, true)) { // once per JVM, not once per operator instance
                LOG.warn("{} is not set: using the built-in development key; PII pseudonyms are NOT secret "
                        + "(anyone can recompute them). Set {} in production.", KEY_ENV, KEY_ENV);
            }
            return new PiiScanner(DEV_KEY);
        }
        byte[] bytes;
        if (setting.startsWith("base64:")) {
            try {
                bytes = Base64.getDecoder().decode(setting.substring("base64:".length()).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(KEY_ENV + " starts with 'base64:' but the rest is not valid "
                        + "base64; encode the key with `base64` or give it as raw text without the prefix");
            }
        } else {
            bytes = setting.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(KEY_ENV + " holds " + bytes.length + " bytes, at least "
                    + MIN_KEY_BYTES + " are needed; use e.g. base64:$(head -c 32 /dev/urandom | base64)");
        }
        return new PiiScanner(bytes);
    }

    /**
     * Scans and redacts. Null or empty text gives an empty result (redacted text "" for null). Never throws: if
     * a detector ever failed unexpectedly the whole text is withheld rather than passed on unscanned.
     */
    public ScanResult scan(String text) {
        if (text == null || text.isEmpty()) {
            return ScanResult.clean(text == null ? "" : text);
        }
        try {
            Candidates found = new Candidates();
            walk(text, found);
            if (found.isEmpty()) {
                return ScanResult.clean(text);
            }
            return redact(text, found.resolved());
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("PII scan failed ({}); the text of {} chars is withheld", e.getClass().getSimpleName(),
                    text.length());
            return new ScanResult("[UNSCANNED_TEXT_WITHHELD]", List.of());
        }
    }

    /** The single pass. Jumps over whole words and over matches, so each character is looked at a few times. */
    private static void walk(String text, Candidates found) {
        // The loop itself reads a char[] copy: String.charAt on non-Latin-1 text (ä, €) goes through the UTF-16
        // coder and a bounds check per character, which dominated the profile. Detectors get the String.
        char[] chars = text.toCharArray();
        int n = chars.length;
        NumberDetector numbers = null;
        SecretDetector.PemState pem = null;
        int i = 0;
        while (i < n) {
            char c = chars[i];
            byte kind = ScanText.kind(c);
            if (kind == ScanText.LOWER || kind == ScanText.UPPER) {
                int wordEnd = wordEnd(chars, i);
                int end = atLetterWord(text, chars, i, wordEnd, c, found);
                i = end > i ? end : wordEnd;
                continue;
            }
            if (kind == ScanText.DIGIT) {
                int wordEnd = wordEnd(chars, i);
                int end = -1;
                if (!continuesNumber(chars, i)) {
                    if (ipv6Start(chars, i, wordEnd)) {
                        end = Ipv6Detector.detect(text, i, found);
                    }
                    if (end < 0) {
                        numbers = numbers != null ? numbers : new NumberDetector();
                        end = numbers.detect(text, i, found);
                    }
                }
                i = end > i ? end : wordEnd;
                continue;
            }
            if (kind != ScanText.OTHER) { // '_'
                i++;
                continue;
            }
            int end = -1;
            switch (c) {
                case '@' -> end = EmailDetector.detect(text, i, found);
                case '+', '(' -> {
                    if (i + 1 < n && NumberDetector.isDigit(chars[i + 1])
                            && (i == 0 || !ScanText.isWordChar(chars[i - 1]))) {
                        numbers = numbers != null ? numbers : new NumberDetector();
                        end = numbers.detect(text, i, found);
                    }
                }
                case '-' -> {
                    if (i + 11 < n && chars[i + 1] == '-' && text.startsWith("-----BEGIN ", i)) {
                        pem = pem != null ? pem : new SecretDetector.PemState();
                        end = SecretDetector.pemPrivateKey(text, i, found, pem);
                    }
                }
                case ':' -> {
                    if (i + 2 < n && chars[i + 1] == ':' && ScanText.isHex(chars[i + 2])
                            && (i == 0 || !(ScanText.isWordChar(chars[i - 1]) || chars[i - 1] == ':'))) {
                        end = Ipv6Detector.detect(text, i, found);
                    }
                }
                default -> {
                    if (c >= 128 && Character.isLetterOrDigit(c)) {
                        end = wordEnd(chars, i); // non-ASCII word: no detector starts with it
                    }
                }
            }
            i = end > i ? end : i + 1;
        }
    }

    private static int wordEnd(char[] chars, int i) {
        int n = chars.length;
        while (i < n && ScanText.isWordChar(chars[i])) {
            i++;
        }
        return i;
    }

    /**
     * Dispatch on the first letters of a word; returns the end of a match, or -1. The checks read the char[]
     * copy and reject ordinary words after one or two comparisons; only then does a detector run.
     */
    private static int atLetterWord(String text, char[] chars, int i, int wordEnd, char c, Candidates found) {
        int n = chars.length;
        if (i + 2 >= n) {
            return -1;
        }
        char c1 = chars[i + 1];
        int end = -1;
        if (c <= 'Z' && c1 >= 'A' && c1 <= 'Z' && NumberDetector.isDigit(chars[i + 2])) {
            if (IbanDetector.looksLikeStart(text, i)) {
                end = IbanDetector.detect(text, i, found);
                if (end < -1) {
                    return ~end; // IBAN-shaped but invalid: none of its digit groups is a phone or card number
                }
            }
        }
        if (end < 0 && c == 'A' && (c1 == 'K' || c1 == 'S') && i + 20 <= n) {
            end = SecretDetector.awsAccessKey(text, i, found);
        }
        if (end < 0 && c == 's' && c1 == 'k' && chars[i + 2] == '-') {
            end = SecretDetector.skApiKey(text, i, found);
        }
        if (end < 0 && (c == 'B' || c == 'b') && (c1 | 0x20) == 'e') {
            end = SecretDetector.bearerToken(text, i, found);
        }
        if (end < 0 && BirthDateDetector.mayStartKeyword(c)) {
            end = BirthDateDetector.detect(text, i, found);
        }
        if (end < 0 && ipv6Start(chars, i, wordEnd)) {
            end = Ipv6Detector.detect(text, i, found);
        }
        return end;
    }

    /**
     * A word of 1-4 hex digits followed by ':' and a hex digit or ':' — the only way an IPv6 address can start.
     * Known from the word's length before any character is classified, so ordinary words cost nothing here.
     */
    private static boolean ipv6Start(char[] chars, int i, int wordEnd) {
        int n = chars.length;
        if (wordEnd - i > 4 || wordEnd + 1 >= n || chars[wordEnd] != ':'
                || !(ScanText.isHex(chars[wordEnd + 1]) || chars[wordEnd + 1] == ':')
                || (i > 0 && chars[i - 1] == ':')) {
            return false;
        }
        for (int j = i; j < wordEnd; j++) {
            if (!ScanText.isHex(chars[j])) {
                return false;
            }
        }
        return true;
    }

    /** A digit right after "1." / "4711-" / "12:" belongs to the number before it and starts nothing new. */
    private static boolean continuesNumber(char[] chars, int i) {
        if (i < 2) {
            return false;
        }
        char prev = chars[i - 1];
        return (prev == '.' || prev == '-' || prev == '/' || prev == ':' || prev == ',')
                && ScanText.isWordChar(chars[i - 2]);
    }

    private ScanResult redact(String text, List<Candidates.Match> matches) {
        StringBuilder out = new StringBuilder(text.length() + 16 * matches.size());
        List<PiiFinding> findings = new ArrayList<>(matches.size());
        int[] counters = new int[PiiType.values().length];
        // "TYPE:normalised" -> {placeholder, pseudonym}; also the HMAC input, so equal digits of two types differ
        Map<String, String[]> seen = new HashMap<>();
        Pseudonyms hmac = pseudonyms();
        int copied = 0;
        for (Candidates.Match m : matches) {
            String normalised = m.normalised() != null ? m.normalised()
                    : Pseudonyms.normalise(m.type(), text.substring(m.start(), m.end()));
            String valueKey = m.type().name() + ':' + normalised;
            String[] names = seen.get(valueKey);
            if (names == null) {
                int number = ++counters[m.type().ordinal()];
                names = new String[] {"[" + m.type().name() + "_" + number + "]", hmac.of(valueKey)};
                seen.put(valueKey, names);
            }
            out.append(text, copied, m.start()).append(names[0]);
            copied = m.end();
            findings.add(new PiiFinding(m.type(), m.start(), m.end(), m.detector(), names[1]));
        }
        out.append(text, copied, text.length());
        return new ScanResult(out.toString(), findings);
    }

    private Pseudonyms pseudonyms() {
        Pseudonyms p = pseudonyms;
        if (p == null) {
            p = new Pseudonyms(key);
            pseudonyms = p;
        }
        return p;
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        pseudonyms = new Pseudonyms(key);
    }

    @Override
    public String toString() {
        return "PiiScanner[key=<hidden>]";
    }
}
