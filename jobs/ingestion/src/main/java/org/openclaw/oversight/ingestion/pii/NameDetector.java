package org.openclaw.oversight.ingestion.pii;

/**
 * Person names in German and English chat text, from capitalisation, the name lists of {@link Lexicon} and the
 * words before the name:
 * <ul>
 * <li>{@code person-intro}: after "ich heiße", "mein Name ist", "my name is", "Name:", "Kunde:", "gez." — the
 * next one to four capitalised words, known or not ("Ich heiße Ngozi Okonkwo");
 * <li>{@code person-title}: after Herr, Frau, Dr., Prof., Mr., Mrs., Ms. — the surname, or first name and surname;
 * <li>{@code person-salutation}: after a greeting or sign-off ("Hallo", "Dear", "Viele Grüße", "Best regards") a
 * known first name or surname; after a sign-off also an unknown name that ends the line;
 * <li>{@code person-name-list}: without a cue, a known first name (not also a common word, month, place or brand)
 * and the capitalised name words after it ("Anna Schmidt hat angerufen"), or an ambiguous first name followed by
 * a known surname ("Mark Weber").
 * </ul>
 * Called by the scanner at capitalised words only; the common case — a capitalised noun with no cue before it —
 * ends after one bit-set load and one flag lookup of the word before.
 */
final class NameDetector {
    private static final int MAX_TOKENS = 4;
    private static final int NO_CUE = 0;
    private static final int STRONG = 1;
    private static final int TITLE = 2;
    private static final int GREETING = 3;
    private static final int SIGN_OFF = 4;
    private static final int WEAK = 5;

    private NameDetector() {
    }

    /**
     * At the capitalised word {@code [s, wordEnd)}; {@code [prevStart, prevEnd)} is the word before it in the walk
     * (or -1). Returns the end of a recorded name, or -1.
     */
    static int detect(char[] t, int s, int wordEnd, int prevStart, int prevEnd, Candidates out) {
        if (wordEnd - s < 2) {
            return -1;
        }
        Lexicon lexicon = Lexicon.get();
        // the common case, a capitalised noun after an article: two bit-set loads and out
        boolean nearPrev = prevStart >= 0 && prevEnd <= s && s - prevEnd <= 4;
        boolean maybeCue = nearPrev && lexicon.mayBeCue(t, prevStart, prevEnd);
        int n = t.length;
        boolean compound = wordEnd + 1 < n && (t[wordEnd] == '-' || t[wordEnd] == '\'');
        boolean maybeName = lexicon.mayBeName(t, s, wordEnd);
        if (!maybeCue && !compound && !maybeName) {
            return -1;
        }
        maybeCue |= nearPrev && maybeName; // a listed first name: the weak cues ("bin", "mit") count too
        if (!nameShaped(t, s, wordEnd) || !cleanStart(t, s)) {
            return -1;
        }
        int tokenEnd = compoundEnd(t, s, wordEnd);
        boolean listed = lexicon.mayBeName(t, s, tokenEnd);
        int cue = maybeCue ? cue(t, prevStart, prevEnd, s, lexicon) : NO_CUE;
        // a weak cue ("und", "mit", "bin") only helps a listed first name: no lookup for the nouns after it
        boolean lookUp = listed || (cue != NO_CUE && cue != WEAK);
        int first = lookUp ? lexicon.flags(t, s, tokenEnd) : 0;
        if (first == 0 && tokenEnd > wordEnd && lexicon.mayBeName(t, s, wordEnd)) {
            first = lexicon.flags(t, s, wordEnd); // "Anna-Lena", "Müller-Lüdenscheidt": the first part is listed
            listed = true;
        }
        if ((cue == NO_CUE || cue == WEAK) && !listed) {
            return -1;
        }
        if ((first & Lexicon.STOP) != 0) {
            return -1;
        }
        boolean known = (first & (Lexicon.FIRST_NAME | Lexicon.SURNAME)) != 0;
        boolean notName = (first & Lexicon.NOT_A_NAME) != 0;
        boolean firstName = (first & Lexicon.FIRST_NAME) != 0;
        boolean unambiguousFirst = firstName && (first & (Lexicon.AMBIGUOUS | Lexicon.NOT_A_NAME)) == 0;
        // what the first word needs, by cue
        boolean accept = switch (cue) {
            case STRONG, TITLE -> true;
            case GREETING -> known && !notName;
            case SIGN_OFF -> (known && !notName) || (!notName && endsLine(t, spanEnd(t, tokenEnd, cue, firstName,
                    lexicon)));
            case WEAK -> firstName && !notName;
            default -> unambiguousFirst;
        };
        int end = spanEnd(t, tokenEnd, cue, firstName, lexicon);
        String detector;
        if (accept) {
            detector = switch (cue) {
                case STRONG -> "person-intro";
                case TITLE -> "person-title";
                case GREETING, SIGN_OFF -> "person-salutation";
                default -> "person-name-list";
            };
        } else if (firstName && !notName && end > tokenEnd && surnameIn(t, tokenEnd, end, lexicon)) {
            detector = "person-name-list"; // "Mark Weber": an ambiguous first name, but a known surname after it
        } else {
            return -1;
        }
        if (brand(t, s, end, lexicon) || (cue == TITLE && (lexicon.flags(t, prevStart, end) & Lexicon.BRAND) != 0)) {
            return -1;
        }
        out.add(PiiType.PERSON, s, end, detector);
        return end;
    }

    /** "Calvin Klein", "Marc O'Polo", "Tommy Hilfiger": the span, or the span and the word after it, is a brand. */
    private static boolean brand(char[] t, int s, int end, Lexicon lexicon) {
        if ((lexicon.flags(t, s, end) & Lexicon.BRAND) != 0) {
            return true;
        }
        if (end + 2 < t.length && t[end] == ' ' && isUpper(t[end + 1])) {
            int next = compoundEnd(t, end + 1, ScanText.wordEnd(t, end + 1));
            return (lexicon.flags(t, s, next) & Lexicon.BRAND) != 0;
        }
        return false;
    }

    /** The cue that the word before the name gives, looking one more word back for "Name ist" / "Name is". */
    private static int cue(char[] t, int ps, int pe, int s, Lexicon lexicon) {
        int f = lexicon.flags(t, ps, pe);
        if (f == 0) {
            return NO_CUE;
        }
        boolean colon = false;
        for (int i = pe; i < s; i++) {
            char c = t[i];
            if (c == ':') {
                colon = true;
            } else if (c != ' ' && c != '.' && c != ',' && c != '\n' && c != '\r' && c != '\t' && c != '-') {
                return NO_CUE; // "Frau (Kundin) Müller", quotes, brackets: not a cue we trust
            }
        }
        if ((f & Lexicon.CUE_TITLE) != 0 && !colon) {
            return TITLE;
        }
        if ((f & Lexicon.CUE_INTRO_VERB) != 0) {
            return STRONG;
        }
        if ((f & Lexicon.CUE_LABEL) != 0 && colon) {
            return STRONG;
        }
        if ((f & Lexicon.CUE_COPULA) != 0) {
            int[] before = wordBefore(t, ps);
            if (before != null && (lexicon.flags(t, before[0], before[1]) & Lexicon.CUE_NAME_WORD) != 0) {
                return STRONG; // "mein Name ist", "my name is", "Ansprechpartnerin ist"
            }
        }
        if ((f & Lexicon.CUE_GREETING) != 0) {
            return GREETING;
        }
        if ((f & Lexicon.CUE_SIGN_OFF) != 0) {
            return SIGN_OFF;
        }
        if ((f & Lexicon.CUE_WEAK_INTRO) != 0) {
            return WEAK;
        }
        return NO_CUE;
    }

    /** The word ending before {@code at} (skipping up to three spaces), as {start, end}, or null. */
    private static int[] wordBefore(char[] t, int at) {
        int e = at;
        int skipped = 0;
        while (e > 0 && t[e - 1] == ' ' && skipped < 3) {
            e--;
            skipped++;
        }
        if (e == 0 || !ScanText.isWordChar(t[e - 1])) {
            return null;
        }
        int b = e;
        while (b > 0 && e - b < 24 && ScanText.isWordChar(t[b - 1])) {
            b--;
        }
        return new int[] {b, e};
    }

    /**
     * Where the name that starts with the word ending at {@code tokenEnd} ends: further capitalised name words,
     * particles ("von", "van der") and initials ("F.") after single spaces; "Müller, Petra" after a strong cue.
     */
    private static int spanEnd(char[] t, int tokenEnd, int cue, boolean firstIsFirstName, Lexicon lexicon) {
        int end = tokenEnd;
        int tokens = 1;
        int n = t.length;
        while (tokens < MAX_TOKENS && end + 2 < n) {
            int p = end;
            boolean comma = false;
            if (t[p] == ',' && cue == STRONG && tokens == 1 && p + 2 < n && t[p + 1] == ' ') {
                comma = true;
                p++;
            }
            if (t[p] != ' ') {
                break;
            }
            int q = p + 1;
            // an initial: "John F. Kennedy"
            if (!comma && q + 2 < n && isUpper(t[q]) && t[q + 1] == '.' && t[q + 2] == ' ' && q + 3 < n
                    && isUpper(t[q + 3])) {
                int we = ScanText.wordEnd(t, q + 3);
                if (nameShaped(t, q + 3, we)) {
                    end = compoundEnd(t, q + 3, we);
                    tokens += 2;
                    continue;
                }
            }
            int we = ScanText.wordEnd(t, q);
            if (we == q) {
                break;
            }
            if (!comma && Character.isLowerCase(t[q])) {
                // a particle between name words: "Ursula von der Leyen", "Vincent van Gogh"
                if ((lexicon.flags(t, q, we) & Lexicon.NAME_PARTICLE) == 0 || we + 2 >= n || t[we] != ' ') {
                    break;
                }
                int q2 = we + 1;
                int we2 = ScanText.wordEnd(t, q2);
                if (we2 > q2 && Character.isLowerCase(t[q2])
                        && (lexicon.flags(t, q2, we2) & Lexicon.NAME_PARTICLE) != 0 && we2 + 2 < n && t[we2] == ' ') {
                    q2 = we2 + 1; // "van der", "von der"
                    we2 = ScanText.wordEnd(t, q2);
                }
                if (we2 - q2 < 2 || !nameShaped(t, q2, we2)) {
                    break;
                }
                int f2 = lexicon.flags(t, q2, compoundEnd(t, q2, we2));
                if ((f2 & (Lexicon.STOP | Lexicon.NOT_A_NAME)) != 0) {
                    break;
                }
                end = compoundEnd(t, q2, we2);
                tokens++;
                continue;
            }
            if (we - q < 2 || !nameShaped(t, q, we)) {
                break;
            }
            int ce = compoundEnd(t, q, we);
            int f = lexicon.flags(t, q, ce);
            if ((f & (Lexicon.STOP | Lexicon.NOT_A_NAME)) != 0) {
                break;
            }
            boolean knownName = (f & (Lexicon.FIRST_NAME | Lexicon.SURNAME)) != 0;
            boolean take = comma ? (f & Lexicon.FIRST_NAME) != 0
                    : knownName || (tokens == 1 && (cue == STRONG || firstIsFirstName));
            if (!take) {
                break;
            }
            end = ce;
            tokens++;
        }
        return end;
    }

    /** Whether one of the capitalised words in {@code [from, end)} is a known surname. */
    private static boolean surnameIn(char[] t, int from, int end, Lexicon lexicon) {
        int q = from;
        while (q < end) {
            while (q < end && !ScanText.isWordChar(t[q])) {
                q++;
            }
            int we = ScanText.wordEnd(t, q);
            if (we > q && nameShaped(t, q, we) && (lexicon.flags(t, q, we) & Lexicon.SURNAME) != 0) {
                return true;
            }
            q = Math.max(we, q + 1);
        }
        return false;
    }

    /** Upper-case letter, then only lower-case letters (Mc/Mac/O' names may have a second capital). */
    static boolean nameShaped(char[] t, int s, int e) {
        if (!isUpper(t[s]) || e - s < 2 || !Character.isLowerCase(t[s + 1])) {
            return false;
        }
        for (int i = s + 2; i < e; i++) {
            char c = t[i];
            if (c >= 'a' && c <= 'z') {
                continue; // the common case, without the Unicode tables
            }
            if (c < 128 && !(c >= 'A' && c <= 'Z')) {
                return false;
            }
            if (!Character.isLetter(c)) {
                return false;
            }
            if (!Character.isLowerCase(c) && !(i >= s + 2 && (ScanText.startsWith(t, s, "Mc")
                    || (i == s + 3 && ScanText.startsWith(t, s, "Mac"))))) {
                return false; // "MaxRetries", "iPhone": code and products, not names
            }
        }
        return true;
    }

    /** "Anna-Lena", "Müller-Lüdenscheidt", "O'Brien": joins the parts; the end of the last one. */
    private static int compoundEnd(char[] t, int s, int e) {
        int n = t.length;
        // at most four parts: a megabyte of "Ab-Cd-Ef-..." must not be walked again from every part
        for (int parts = 1; parts < 4 && e + 2 < n && (t[e] == '-' || t[e] == '\'') && isUpper(t[e + 1]); parts++) {
            int we = ScanText.wordEnd(t, e + 1);
            if (!nameShaped(t, e + 1, we)) {
                break;
            }
            e = we;
        }
        if (e - s == 1 && e + 2 < n && t[e] == '\'' && isUpper(t[e + 1])) { // O'Brien, D'Angelo
            int we = ScanText.wordEnd(t, e + 1);
            if (nameShaped(t, e + 1, we)) {
                e = we;
            }
        }
        return e;
    }

    /** Not glued to an identifier: "user.Anna", "/Anna", "#Anna", "@Anna" are handles or paths. */
    private static boolean cleanStart(char[] t, int s) {
        if (s == 0) {
            return true;
        }
        char c = t[s - 1];
        return !(ScanText.isWordChar(c) || c == '.' || c == '/' || c == '_' || c == '@' || c == '#' || c == '$'
                || c == '=' || c == '\\' || c == '-' || c == '&' || c == '+');
    }

    /** The name ends the line or the text (sign-offs: "Viele Grüße\nNgozi"). */
    private static boolean endsLine(char[] t, int end) {
        int n = t.length;
        int p = end;
        while (p < n && (t[p] == ' ' || t[p] == '.' || t[p] == '!' || t[p] == '\t')) {
            p++;
        }
        return p == n || t[p] == '\n' || t[p] == '\r';
    }

    private static boolean isUpper(char c) {
        return c < 128 ? c >= 'A' && c <= 'Z' : Character.isUpperCase(c);
    }
}
