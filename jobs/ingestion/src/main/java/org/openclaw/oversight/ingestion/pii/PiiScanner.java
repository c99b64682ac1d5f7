package org.openclaw.oversight.ingestion.pii;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and redacts personal data and secrets in free text in ONE pass: the text is walked once, word by word;
 * only a cheap test on the first character of a word (or on '@', '-', '+', '(' and ':') decides whether a
 * detector looks at the short window there. Every detector is bounded, so a scan is linear in the text length
 * whatever the input. Thread-safe. Deliberately not serialisable: it holds the pseudonym key, which must never
 * travel in a Flink job graph; operators keep a {@link SecretSource} and {@link #open} a scanner where they open,
 * on the TaskManager. The key never appears in {@link #toString()} or in a log line.
 */
public final class PiiScanner {
    private static final Logger LOG = LoggerFactory.getLogger(PiiScanner.class);

    /** Shortest key {@link #create} accepts (tests, benchmarks); keys from a {@link SecretSource} need 32 bytes. */
    static final int MIN_KEY_BYTES = 16;

    private final byte[] key;
    private final EntityRecognizer recognizer;
    private Pseudonyms pseudonyms;

    private PiiScanner(byte[] key) {
        this(key, null);
    }

    private PiiScanner(byte[] key, EntityRecognizer recognizer) {
        this.key = key.clone();
        this.recognizer = recognizer;
        this.pseudonyms = new Pseudonyms(this.key);
    }

    /**
     * This scanner with a statistical entity model added to the rule-based detectors (same key); see
     * {@link EntityRecognizer}.
     */
    public PiiScanner withRecognizer(EntityRecognizer entityRecognizer) {
        return new PiiScanner(key, java.util.Objects.requireNonNull(entityRecognizer, "entityRecognizer"));
    }

    public static PiiScanner create(byte[] hmacKey) {
        if (hmacKey == null || hmacKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("The PII pseudonym key must have at least " + MIN_KEY_BYTES
                    + " bytes; set " + SecretKind.PII_KEY.fileVariable() + " to a key file of 32 random bytes or more");
        }
        return new PiiScanner(hmacKey);
    }

    /**
     * A scanner with the key read now from {@code key} (a key file or variable; at least 32 bytes). What
     * operators call where they open. No key, no scanner: there is no built-in key to fall back to.
     *
     * @throws MissingSecretException naming what to set
     */
    public static PiiScanner open(SecretSource key) {
        byte[] bytes = key.read();
        try {
            return new PiiScanner(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0); // the scanner keeps its own copy
        }
    }

    /**
     * A scanner with the key the environment names ({@code OVERSIGHT_PII_KEY_FILE}, else {@code OVERSIGHT_PII_KEY}).
     *
     * @throws MissingSecretException when neither is set or the key is short or unreadable
     */
    public static PiiScanner fromEnvironment() {
        return open(SecretSource.fromEnvironment(SecretKind.PII_KEY));
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
            char[] chars = text.toCharArray();
            Candidates found = new Candidates();
            walk(text, chars, found);
            if (recognizer != null) {
                addRecognised(text, found);
            }
            if (found.isEmpty()) {
                return ScanResult.clean(text);
            }
            return redact(text, chars, found.resolved());
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("PII scan failed ({}); the text of {} chars is withheld", e.getClass().getSimpleName(),
                    text.length());
            return new ScanResult("[UNSCANNED_TEXT_WITHHELD]", List.of());
        }
    }

    private void addRecognised(String text, Candidates found) {
        String detector = "ner-" + recognizer.name();
        for (EntityRecognizer.Entity e : recognizer.recognise(text)) {
            if (e != null && e.type() != null && e.start() >= 0 && e.end() <= text.length() && e.start() < e.end()) {
                found.add(e.type(), e.start(), e.end(), detector);
            }
        }
    }

    // What may start at a character, decided by one table load (walk's dispatch)
    private static final byte NOTHING = 0; // space and punctuation other than the five below
    private static final byte PLAIN_WORD = 1; // lower-case letters except s, b, g, d; non-ASCII letters
    private static final byte UPPER_WORD = 2; // upper-case letters except A, B, G, D: IBAN, ids, names
    private static final byte KEYWORD_LETTER = 3; // A (AWS), s (sk-), b/B (bearer, born, birth), g/G, d/D
    private static final byte DIGIT = 4;
    private static final byte UNDERSCORE = 5;
    private static final byte PUNCTUATION = 6; // '@', '+', '(', '-', ':'
    private static final byte[] START = new byte[Character.MAX_VALUE + 1];
    private static final Lexicon LEXICON = Lexicon.get();

    static {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            START[c] = switch (ScanText.kind((char) c)) {
                case ScanText.LOWER, ScanText.OTHER_LETTER -> PLAIN_WORD;
                case ScanText.UPPER -> UPPER_WORD;
                case ScanText.DIGIT -> DIGIT;
                case ScanText.UNDERSCORE -> UNDERSCORE;
                default -> NOTHING;
            };
        }
        for (int c = 128; c <= Character.MAX_VALUE; c++) {
            if (Character.isUpperCase((char) c)) {
                START[c] = UPPER_WORD; // Özdemir, Ünal, Çelik: names start here too
            }
        }
        for (char c : "AsbBgGdD".toCharArray()) {
            START[c] = KEYWORD_LETTER;
        }
        for (char c : "@+(-:".toCharArray()) {
            START[c] = PUNCTUATION;
        }
    }

    /**
     * The single pass. Jumps over whole words and over matches, so each character is looked at a few times; an
     * ordinary word costs one table load per character plus one table load and a comparison for its start.
     */
    private static void walk(String text, char[] chars, Candidates found) {
        // The loop and the detectors read a char[] copy: String.charAt on non-Latin-1 text (ä, €) goes through the
        // UTF-16 coder and a bounds check per character, which dominated the profile.
        int n = chars.length;
        NumberDetector numbers = NUMBER_PARSERS.get();
        SecretDetector.PemState pem = new SecretDetector.PemState();
        int i = 0;
        // the word before the current one, for the name cues ("Frau", "heiße", "Grüße"); -1 after a match
        int prevStart = -1;
        int prevEnd = -1;
        // the last date seen: "am 12.03.1985 in Köln geboren" is decided when "geboren" comes, so that the dates
        // of ordinary text (order dates, deadlines) cost nothing beyond noting where they start
        int pendingDate = -1;
        while (i < n) {
            char c = chars[i];
            byte start = START[c];
            if (start == NOTHING) {
                i++;
                continue;
            }
            if (start == PUNCTUATION) {
                int end = atPunctuation(text, chars, i, c, found, numbers, pem);
                i = end > i ? end : i + 1;
                continue;
            }
            if (start == UNDERSCORE) {
                i++; // "_4111 ..." : what follows the underscore may still start a number
                continue;
            }
            int wordEnd = ScanText.wordEnd(chars, i + 1);
            int end = -1;
            if (start == DIGIT) {
                if (wordEnd - i <= 4 && BirthDateDetector.mayStartDate(chars, i, wordEnd)
                        && !continuesNumber(chars, i)) {
                    pendingDate = i;
                }
                end = atDigit(text, chars, i, wordEnd, found, numbers);
            } else if (start == PLAIN_WORD) {
                if (wordEnd < n && chars[wordEnd] == ':') {
                    end = atLetterWord(text, chars, i, wordEnd, c, found); // maybe the first group of an IPv6 address
                }
                if (end < 0 && prevStart >= 0 && wordEnd - i >= 3
                        && (chars[prevEnd] == ':' || LEXICON.mayBeCueShape(chars, prevStart, prevEnd))) {
                    end = NameDetector.detectLowerCase(chars, i, wordEnd, prevStart, prevEnd, found);
                }
            } else {
                // KEYWORD_LETTER holds the lower-case s, b, g, d too; everything else here starts upper-case
                boolean upper = start == UPPER_WORD || c <= 'Z';
                int len = wordEnd - i;
                if (upper && (len == 9 || len == 10) && c <= 'Z' && ScanText.isUpperOrDigit(chars[i + 1])) {
                    // before the IBAN check: "FK61YC9278" is a passport number, not a cut-off Falkland IBAN
                    end = GermanIdDetector.atUpperWord(chars, i, wordEnd, found);
                }
                if (end < 0) {
                    if (start == KEYWORD_LETTER && keywordPrefix(chars, i)) {
                        if (pendingDate >= 0 && (c | 0x20) == 'g'
                                && i - pendingDate < BirthDateDetector.AFTER_REACH) {
                            BirthDateDetector.dateThenKeyword(text, chars, pendingDate, found);
                            pendingDate = -1;
                        }
                        end = atLetterWord(text, chars, i, wordEnd, c, found);
                    } else if ((wordEnd < n && chars[wordEnd] == ':') || (c <= 'Z' && ibanShaped(chars, i, wordEnd))) {
                        end = atLetterWord(text, chars, i, wordEnd, c, found);
                    }
                }
                if (end < 0 && upper) {
                    end = atCapitalWord(chars, i, wordEnd, prevStart, prevEnd, found);
                } else if (end < 0 && prevStart >= 0 && wordEnd - i >= 3
                        && (chars[prevEnd] == ':' || LEXICON.mayBeCueShape(chars, prevStart, prevEnd))) {
                    end = NameDetector.detectLowerCase(chars, i, wordEnd, prevStart, prevEnd, found);
                }
            }
            if (end > i) {
                i = end;
                prevStart = -1;
            } else {
                prevStart = i;
                prevEnd = wordEnd;
                i = wordEnd;
            }
        }
    }

    /** 29^3 entries: (first, second, third char) of the words that start a keyword detector. */
    private static final boolean[] KEYWORD_PREFIXES = new boolean[29 * 29 * 29];

    static {
        // AKIA/ASIA (AWS), sk- (API keys), bearer, and the birth keywords geb/bor/bir/dob/d.o/dat
        for (String p : new String[] {"aki", "asi", "sk-", "bea", "geb", "bor", "bir", "dob", "d.o", "dat"}) {
            KEYWORD_PREFIXES[(prefixCode(p.charAt(0)) * 29 + prefixCode(p.charAt(1))) * 29 + prefixCode(p.charAt(2))]
                    = true;
        }
    }

    private static int prefixCode(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 1;
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 1;
        }
        return c == '.' ? 27 : c == '-' ? 28 : 0;
    }

    /**
     * Whether the word at {@code i} may start a keyword detector: one table load for the first three characters, so
     * that "die", "das", "bitte", "gibt" — a third of German words start with one of the keyword letters — end here.
     */
    private static boolean keywordPrefix(char[] chars, int i) {
        int n = chars.length;
        if (i + 2 >= n) {
            return false;
        }
        int a = prefixCode(chars[i]);
        int b = prefixCode(chars[i + 1]);
        int c = prefixCode(chars[i + 2]);
        return a != 0 && b != 0 && c != 0 && KEYWORD_PREFIXES[(a * 29 + b) * 29 + c];
    }

    /** A capitalised word that no other detector took: maybe a name. Returns the end of a match or -1. */
    private static int atCapitalWord(char[] chars, int i, int wordEnd, int prevStart, int prevEnd,
            Candidates found) {
        return NameDetector.detect(chars, i, wordEnd, prevStart, prevEnd, found);
    }

    /** Two upper-case letters and a digit (a word character, so the word is at least three long). */
    private static boolean ibanShaped(char[] chars, int i, int wordEnd) {
        return wordEnd - i >= 3 && ScanText.kind(chars[i + 1]) == ScanText.UPPER
                && ScanText.kind(chars[i + 2]) == ScanText.DIGIT;
    }

    /**
     * Numbers and IPv6 addresses starting with a digit. A lone group of fewer than 11 digits not followed by a
     * separator and another digit is no card, tax id, SSN, phone or IPv4 address: prices, counts and years end
     * here without a parse.
     */
    private static int atDigit(String text, char[] chars, int i, int wordEnd, Candidates found,
            NumberDetector numbers) {
        if (continuesNumber(chars, i)) {
            return -1;
        }
        if (ipv6Start(chars, i, wordEnd)) {
            int end = Ipv6Detector.detect(chars, i, found);
            if (end >= 0) {
                return end;
            }
        }
        int n = chars.length;
        int len = wordEnd - i;
        if (len <= 5) {
            // a house number after a street word, before capitalised words, or a postal code
            if (len == 5 || (i >= 3 && chars[i - 1] == ' ' && (Character.isLetter(chars[i - 2]) || chars[i - 2] == '.'))
                    || (wordEnd + 1 < n && chars[wordEnd] == ' ' && Character.isUpperCase(chars[wordEnd + 1]))) {
                int end = AddressDetector.atNumber(chars, i, wordEnd, found);
                if (end >= 0) {
                    return end;
                }
            }
        }
        if ((len == 2 && wordEnd + 1 < n && chars[wordEnd] == ' ') || (len == 12 && Character.isLetter(chars[i + 8]))) {
            int end = GermanIdDetector.pensionNumber(chars, i, found); // 15 070649 C 103, 15070649C103
            if (end >= 0) {
                return end;
            }
        }
        if (wordEnd - i < 11 && !NumberDetector.continuesAfter(chars, wordEnd)) {
            return -1;
        }
        return numbers.detect(chars, i, found);
    }

    /**
     * The number parser's buffers (about 600 bytes) are kept per thread instead of being allocated and zeroed for
     * every text; a parse resets everything it reads, and a thread runs one scan at a time, so reuse is safe.
     */
    private static final ThreadLocal<NumberDetector> NUMBER_PARSERS = ThreadLocal.withInitial(NumberDetector::new);

    /** Detectors that start at a punctuation character; returns the end of a match or -1. */
    private static int atPunctuation(String text, char[] chars, int i, char c, Candidates found,
            NumberDetector numbers, SecretDetector.PemState pem) {
        int n = chars.length;
        switch (c) {
            case '@':
                return EmailDetector.detect(chars, i, found);
            case '+':
            case '(':
                if (i + 1 < n && NumberDetector.isDigit(chars[i + 1])
                        && (i == 0 || !ScanText.isWordChar(chars[i - 1]))) {
                    return numbers.detect(chars, i, found);
                }
                return -1;
            case '-':
                if (i + 11 < n && chars[i + 1] == '-' && ScanText.startsWith(chars, i, "-----BEGIN ")) {
                    return SecretDetector.pemPrivateKey(text, chars, i, found, pem);
                }
                return -1;
            case ':':
                if (i + 2 < n && chars[i + 1] == ':' && ScanText.isHex(chars[i + 2])
                        && (i == 0 || !(ScanText.isWordChar(chars[i - 1]) || chars[i - 1] == ':'))) {
                    return Ipv6Detector.detect(chars, i, found);
                }
                return -1;
            default:
                return -1;
        }
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
            if (IbanDetector.looksLikeStart(chars, i)) {
                end = IbanDetector.detect(chars, i, found);
                if (end < -1) {
                    return ~end; // IBAN-shaped but invalid: none of its digit groups is a phone or card number
                }
            }
        }
        if (end < 0 && c == 'A' && (c1 == 'K' || c1 == 'S') && i + 20 <= n) {
            end = SecretDetector.awsAccessKey(chars, i, found);
        }
        if (end < 0 && c == 's' && c1 == 'k' && chars[i + 2] == '-') {
            end = SecretDetector.skApiKey(chars, i, found);
        }
        if (end < 0 && (c == 'B' || c == 'b') && (c1 | 0x20) == 'e') {
            end = SecretDetector.bearerToken(chars, i, found);
        }
        if (end < 0 && BirthDateDetector.mayStartKeyword(c)) {
            end = BirthDateDetector.detect(text, chars, i, found);
        }
        if (end < 0 && ipv6Start(chars, i, wordEnd)) {
            end = Ipv6Detector.detect(chars, i, found);
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

    /** Placeholders "[EMAIL_1]" ... for the first few values of each type, so that common texts build none. */
    private static final String[][] PLACEHOLDERS = new String[PiiType.values().length][16];

    static {
        for (PiiType type : PiiType.values()) {
            for (int k = 1; k < 16; k++) {
                PLACEHOLDERS[type.ordinal()][k] = placeholder(type, k);
            }
        }
    }

    private static String placeholder(PiiType type, int number) {
        return "[" + type.name() + "_" + number + "]";
    }

    /**
     * Placeholders and pseudonyms of the matches, and the redacted text.
     */
    private ScanResult redact(String text, char[] chars, List<Candidates.Match> matches) {
        int count = matches.size();
        String[] placeholders = new String[count];
        PiiFinding[] findings = new PiiFinding[count];
        int[] counters = new int[PiiType.values().length];
        // pseudonym -> placeholder. The pseudonym is the HMAC of "TYPE:normalised", so equal pseudonyms are equal
        // values of one type (equal digits of two types differ), and it is known without building that key String
        // when the value was seen recently.
        Map<String, String> seen = new HashMap<>();
        Pseudonyms hmac = pseudonyms();
        int length = chars.length;
        for (int k = 0; k < count; k++) {
            Candidates.Match m = matches.get(k);
            String pseudonym = hmac.of(m.type(), chars, m.start(), m.end(), m.normalised());
            String placeholder = seen.get(pseudonym);
            if (placeholder == null) {
                int number = ++counters[m.type().ordinal()];
                placeholder = number < 16 ? PLACEHOLDERS[m.type().ordinal()][number] : placeholder(m.type(), number);
                seen.put(pseudonym, placeholder);
            }
            placeholders[k] = placeholder;
            length += placeholder.length() - (m.end() - m.start());
            findings[k] = new PiiFinding(m.type(), m.start(), m.end(), m.detector(), pseudonym);
        }
        // Built from the original String, not from the char[]: appending a range of a String of the same coder is
        // one array copy, whereas new String(char[]) of German text with a '€' first tries to compress every char to
        // Latin-1 and then converts them one by one (12 % of the scan time on dense text in the profile). A new
        // builder is Latin-1, though, and copies a UTF-16 String char by char until its first non-Latin-1 char and
        // then inflates (about 8 % of the dense profile); so it is made UTF-16 up front. toString() still returns
        // a Latin-1 String when every char fits.
        StringBuilder out = new StringBuilder(length + 1);
        out.append('\u0100').setLength(0);
        int copied = 0;
        for (int k = 0; k < count; k++) {
            Candidates.Match m = matches.get(k);
            out.append(text, copied, m.start()).append(placeholders[k]);
            copied = m.end();
        }
        out.append(text, copied, text.length());
        return new ScanResult(out.toString(), List.of(findings));
    }

    private Pseudonyms pseudonyms() {
        Pseudonyms p = pseudonyms;
        if (p == null) {
            p = new Pseudonyms(key);
            pseudonyms = p;
        }
        return p;
    }

    @Override
    public String toString() {
        return "PiiScanner[key=<hidden>]";
    }
}
