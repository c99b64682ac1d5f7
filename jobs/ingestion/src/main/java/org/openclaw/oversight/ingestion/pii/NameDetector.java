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
    /** "this is", "hier ist", "it's": a name if one of its words is listed or "from …" follows. */
    private static final int INTRO_FRAME = 6;
    /** "I'm", "I am", "ich bin": a listed first name follows, even one that is also a word ("I'm Grace"). */
    private static final int SELF = 7;
    /**
     * A word of a role ending in a colon that is no listed label ("Sachbearbeiterin:", "Reviewer:"): a listed name,
     * or two name words that are no nouns, follow.
     */
    private static final int AGENT_LABEL = 8;
    /** "ich bin die Jördis", "ich bin der Ole": after the article a name word that is no noun. */
    private static final int SELF_ARTICLE = 9;
    /** "Gesa Poppinga hier", "Rangi here", "Malte am Apparat": the name before a self-introduction. */
    private static final int HERE = 10;
    /**
     * A vocative between commas after an interjection at a clause start: "Sure, Ciaran, no problem", "Ja, Marlene
     * Obermüller, das passt": a name word that is no noun, place or cue word.
     */
    private static final int COMMA_VOCATIVE = 11;
    /**
     * A member of a list of names: next to a listed first name with a comma or "und"/"and"/"oder"/"or" between
     * ("Anselm, Britta und Corinna", "Egon und Fenja"): a world-list first name, or a word in no list that is no noun.
     */
    private static final int NAME_LIST = 12;
    /** A nobiliary particle after a title: "Herr von Alvensleben", "Frau zu Putlitz"; the name starts at the particle. */
    private static final int TITLE_PARTICLE = 13;
    /** {@link #specialCue} not asked yet. */
    private static final int UNKNOWN = -1;

    private NameDetector() {
    }

    /** How the words of a name are written: "Anna Schmidt", "ANNA SCHMIDT", "anna schmidt". */
    static final int TITLE_CASE = 0;
    static final int ALL_CAPS = 1;
    static final int LOWER_CASE = 2;

    /**
     * At the capitalised word {@code [s, wordEnd)}; {@code [prevStart, prevEnd)} is the word before it in the walk
     * (or -1). Returns the end of a recorded name, or -1.
     */
    static int detect(char[] t, int s, int wordEnd, int prevStart, int prevEnd, Candidates out) {
        // "O'Flaherty", "D'Souza": the walk sees the single capital before the apostrophe as a word of its own
        boolean apostropheName = wordEnd - s == 1 && wordEnd + 2 < t.length && t[wordEnd] == '\''
                && isUpper(t[s]) && isUpper(t[wordEnd + 1]);
        if (wordEnd - s < 2 && !apostropheName) {
            return -1;
        }
        Lexicon lexicon = Lexicon.get();
        // the common case, a capitalised noun after an article: one key of the word before, two bit-set loads, out
        boolean nearPrev = prevStart >= 0 && prevEnd <= s && s - prevEnd <= 4;
        int cueKind = nearPrev ? lexicon.cueKind(t, prevStart, prevEnd) : 0;
        boolean maybeCue = (cueKind & Lexicon.MAYBE_CUE) != 0;
        int n = t.length;
        boolean compound = wordEnd + 1 < n && (t[wordEnd] == '-' || t[wordEnd] == '\'');
        boolean maybeName = lexicon.mayBeName(t, s, wordEnd);
        // after a weak cue ("und", "mit", "laut") only a word of a name list, or one before a listed name, counts
        boolean weakCueName = !maybeCue && !maybeName && (cueKind & Lexicon.MAYBE_WEAK_CUE) != 0
                && (lexicon.mayBeAnyName(t, s, wordEnd) || nameWordAfter(t, wordEnd, lexicon));
        int special = UNKNOWN;
        if (!maybeCue && !compound && !maybeName && !weakCueName) {
            special = specialCue(t, s, wordEnd, prevStart, prevEnd, nearPrev, cueKind, lexicon);
            if (special == NO_CUE) {
                return -1;
            }
        }
        maybeCue |= nearPrev && (maybeName || weakCueName);
        if (!cleanStart(t, s)) {
            return -1;
        }
        int mode;
        if (apostropheName || nameShaped(t, s, wordEnd)) {
            mode = TITLE_CASE;
        } else if (capsShaped(t, s, wordEnd) && maybeCue) {
            mode = ALL_CAPS; // "MEIN NAME IST DETLEF", "NAME: KOWALCZYK": only after a cue, never alone
        } else {
            return -1;
        }
        return detect(t, s, wordEnd, prevStart, prevEnd, maybeCue, mode, lexicon, out, special);
    }

    /**
     * The cues that the prefilters of {@link #detect} do not see, checked only for capitalised words that they
     * rejected, each after a comparison or two: a name alone on the line after a sign-off line, a role word with a
     * colon, "ich bin die …", a name before "hier"/"here", and two name words after a weak cue ("laut Sönke
     * Ahlers"). {@link #NO_CUE} when none applies.
     */
    private static int specialCue(char[] t, int s, int wordEnd, int prevStart, int prevEnd, boolean nearPrev,
            int cueKind, Lexicon lexicon) {
        int n = t.length;
        if (nearPrev && prevEnd < n && t[prevEnd] == ':' && agentNoun(t, prevStart, prevEnd)) {
            return AGENT_LABEL;
        }

        if (nearPrev && prevEnd - prevStart == 3 && prevStart >= 4 && t[prevStart - 1] == ' '
                && (t[prevStart - 4] | 0x20) == 'b' && isArticle(t, prevStart)
                && ScanText.startsWithIgnoreCase(t, prevStart - 4, "bin")
                && (prevStart == 4 || !ScanText.isWordChar(t[prevStart - 5]))) {
            return SELF_ARTICLE; // "ich bin die Jördis"
        }
        if (s > 0 && (t[s - 1] == '\n' || (t[s - 1] == ' ' && s > 1 && (t[s - 2] == '\n' || t[s - 2] == ' ')))
                && nameEndsLine(t, wordEnd) && signatureLine(t, s, lexicon)) {
            return SIGN_OFF;
        }
        if ((cueKind & Lexicon.MAYBE_WEAK_CUE) != 0 && wordEnd + 2 < n && t[wordEnd] == ' ' && isUpper(t[wordEnd + 1])
                && (lexicon.flags(t, prevStart, prevEnd) & (Lexicon.CUE_WEAK_INTRO | Lexicon.CUE_LABEL)) != 0
                && !oneOf(t, prevStart, prevEnd, "bin", "am", "m", "s", "is", "ist", "im")) {
            int q = wordEnd + 1;
            int we = ScanText.wordEnd(t, q);
            if (surnameShaped(t, q, we)) {
                return WEAK; // "laut Sönke Dierksmann", "mit Hinnerk Kowalczyk"
            }
        }
        if (wordEnd + 4 < n && t[wordEnd] == ' ' && clauseStart(t, s) && hereFollows(t, wordEnd)) {
            return HERE;
        }
        return fourthRoundCue(t, s, wordEnd, prevStart, prevEnd, nearPrev, lexicon);
    }

    /**
     * The cues of the fourth round, in a method of their own so that {@link #specialCue} stays small enough to be
     * inlined: a vocative between commas, a particle after a title, a member of a list of names.
     */
    private static int fourthRoundCue(char[] t, int s, int wordEnd, int prevStart, int prevEnd, boolean nearPrev,
            Lexicon lexicon) {
        int n = t.length;
        if (nearPrev && prevEnd < n && t[prevEnd] == ',' && s - prevEnd == 2 && interjection(t, prevStart, prevEnd)) {
            return COMMA_VOCATIVE;
        }
        if (nearPrev && s - prevEnd == 1 && prevEnd - prevStart <= 5 && mayBeParticle(t, prevStart, prevEnd)
                && particleAfterTitle(t, prevStart, prevEnd, lexicon) >= 0) {
            return TITLE_PARTICLE;
        }
        if (listMember(t, s, wordEnd, lexicon)) {
            return NAME_LIST;
        }
        return NO_CUE;
    }

    /** Interjections that open a clause before a vocative: "Sure, Ciaran,", "Genau, Rainer,", "Alles klar, Bärbel!". */
    private static boolean interjection(char[] t, int ps, int pe) {
        int len = pe - ps;
        if (len < 2 || len > 8) {
            return false;
        }
        // the interjection starts the clause ("Sure, …"), or follows "alles"/"na" ("Alles klar, …", "Na gut, …")
        if (clauseStart(t, ps)) {
            return oneOf(t, ps, pe, INTERJECTIONS);
        }
        if (!oneOf(t, ps, pe, "klar", "gut", "right", "recht", "schön", "good")) {
            return false;
        }
        int[] before = wordBefore(t, ps);
        return before != null && oneOf(t, before[0], before[1], "alles", "na", "schon", "ganz", "sehr", "all", "oh",
                "alright", "very") && clauseStart(t, before[0]);
    }

    /** Thanks and apologies: vocatives of listed names only (lower case "danke hendrik", "sorry anna"). */
    private static final String[] THANKS = {"danke", "thanks", "thx", "sorry", "ok", "okay", "merci"};

    private static final String[] INTERJECTIONS = {"ja", "jo", "nein", "ok", "okay", "sure", "genau", "gut", "klar",
        "danke", "thanks", "thx", "sorry", "yes", "no", "yeah", "yep", "prima", "super", "perfekt", "perfect", "great",
        "alright", "right", "fine", "also", "tja", "ach", "oh", "bitte", "please", "cool", "top", "stimmt", "richtig",
        "well", "hm", "hmm", "ah", "verstanden", "understood", "noted", "sicher", "natürlich", "gerne", "gern"};

    /**
     * The particle(s) before the word follow a title ("Herr von Alvensleben", "Frau von der Schulenburg", "Mr de
     * Vries"): the start of the particles, or -1. A bare article is no particle here ("Herr der Ringe").
     */
    private static int particleAfterTitle(char[] t, int ps, int pe, Lexicon lexicon) {
        if (ps < 3 || t[ps - 1] != ' ') {
            return -1;
        }
        int start = ps;
        int[] before;
        if (oneOf(t, ps, pe, TITLE_PARTICLES)) {
            if (!capitalisedWordEndsAt(t, ps - 1)) {
                return -1; // "Grüße von Anna", "bis zu Beginn": no title before the particle
            }
            before = wordBefore(t, ps);
        } else if (ps >= 3 && (t[ps - 2] == 'n' || t[ps - 2] == 'e' || t[ps - 2] == 'u')
                && oneOf(t, ps, pe, "der", "den", "la", "le", "ten", "ter")) {
            before = wordBefore(t, ps);
            if (before == null || !oneOf(t, before[0], before[1], "von", "van", "de", "zu")) {
                return -1;
            }
            start = before[0]; // "von der", "van den", "de la"
            before = wordBefore(t, before[0]);
        } else {
            return -1;
        }
        if (before == null && start >= 2 && t[start - 1] == ' ' && t[start - 2] == '.') {
            before = wordBefore(t, start - 1); // "Dr. von Trotha"
        }
        if (before == null || (lexicon.flags(t, before[0], before[1]) & Lexicon.CUE_TITLE) == 0
                || !isUpper(t[before[0]])) {
            return -1;
        }
        return start;
    }

    /**
     * Whether {@code [s, e)} may be a particle of {@link #particleAfterTitle}, by its first two letters and length:
     * "die", "das", "dem", "ein", "und", "mit" — the words before most capitalised nouns — end here.
     */
    private static boolean mayBeParticle(char[] t, int s, int e) {
        int len = e - s;
        char c = t[s];
        char c1 = t[s + 1];
        return switch (c) {
            case 'v' -> len == 3 && (c1 == 'o' || c1 == 'a'); // von, vom, van
            case 'z' -> c1 == 'u' && len <= 3; // zu, zur
            case 'd' -> len == 2 ? c1 == 'e' || c1 == 'a' || c1 == 'i' || c1 == 'u' // de, da, di, du
                    : (c1 == 'e' && (len == 3 || len == 5) && t[s + 2] != 'm') || (c1 == 'o' && len == 3); // der, den, del, della, dos
            case 'a' -> len == 2 && (c1 == 'f' || c1 == 'v');
            case 'l' -> len == 2 && (c1 == 'a' || c1 == 'e');
            case 't' -> len == 3 && c1 == 'e';
            default -> false;
        };
    }

    /** A capitalised word of at most nine letters ends at {@code e}, maybe with a dot ("Herr", "Dr."). */
    private static boolean capitalisedWordEndsAt(char[] t, int e) {
        int p = e > 0 && t[e - 1] == '.' ? e - 1 : e;
        int b = p;
        while (b > 0 && p - b < 9 && Character.isLetter(t[b - 1])) {
            b--;
        }
        return b < p && isUpper(t[b]);
    }

    private static final String[] TITLE_PARTICLES = {"von", "zu", "vom", "zur", "van", "de", "da", "di", "du", "del",
        "della", "dos", "af", "av"};

    /**
     * The word stands in a list with a listed first name: "Anselm, Britta" (a first name after a comma), "Britta,
     * Anselm" (before a comma), "Egon und Fenja" / "Fenja und Egon". Starts with character comparisons: most
     * capitalised words have neither a comma nor "und" next to them.
     */
    private static boolean listMember(char[] t, int s, int wordEnd, Lexicon lexicon) {
        int n = t.length;
        // the next list member: ", Britta" or " und Britta"
        if (wordEnd + 3 < n) {
            int q = -1;
            if (t[wordEnd] == ',' && t[wordEnd + 1] == ' ' && isUpper(t[wordEnd + 2])) {
                q = wordEnd + 2;
            } else if (t[wordEnd] == ' ') {
                int ce = conjunctionAfter(t, wordEnd + 1);
                if (ce > 0 && ce + 2 < n && t[ce] == ' ' && isUpper(t[ce + 1])) {
                    q = ce + 1;
                }
            }
            if (q > 0 && listedFirstName(t, q, lexicon)) {
                return true;
            }
        }
        // the member before: "Britta, Anselm" or "Britta und Anselm" (the walk's previous word is unset after a
        // name it took, so the text is read here)
        if (s >= 4 && t[s - 1] == ' ' && t[s - 2] == ',' && ScanText.isWordChar(t[s - 3])) {
            int b = s - 2;
            while (b > 0 && s - 2 - b < 24 && ScanText.isWordChar(t[b - 1])) {
                b--;
            }
            return isUpper(t[b]) && listedFirstName(t, b, lexicon);
        }
        if (s >= 6 && t[s - 1] == ' ' && (t[s - 2] == 'd' || t[s - 2] == 'r')) {
            int conj = conjunctionBefore(t, s - 1);
            if (conj > 0) {
                int[] before = wordBefore(t, conj);
                return before != null && before[1] == conj - 1 && isUpper(t[before[0]])
                        && listedFirstName(t, before[0], lexicon);
            }
        }
        return false;
    }

    /** "und", "and", "oder", "or", "&" starts at {@code p}: its end, or -1 (character comparisons only). */
    private static int conjunctionAfter(char[] t, int p) {
        int n = t.length;
        if (p + 4 >= n) {
            return -1;
        }
        char c = t[p];
        if (c == '&') {
            return p + 1;
        }
        if ((c == 'u' || c == 'a') && t[p + 1] == 'n' && t[p + 2] == 'd' && t[p + 3] == ' ') {
            return p + 3;
        }
        if (c == 'o' && t[p + 1] == 'r' && t[p + 2] == ' ') {
            return p + 2;
        }
        if (c == 'o' && t[p + 1] == 'd' && t[p + 2] == 'e' && t[p + 3] == 'r' && t[p + 4] == ' ') {
            return p + 4;
        }
        return -1;
    }

    /** "und", "and", "oder", "or" ends at {@code e} as a word after a space: its start, or -1 (no allocation). */
    private static int conjunctionBefore(char[] t, int e) {
        char last = t[e - 1];
        if (last == 'd' && e >= 5 && t[e - 4] == ' ' && t[e - 2] == 'n' && (t[e - 3] == 'u' || t[e - 3] == 'a')) {
            return e - 3; // "und", "and"
        }
        if (last == 'r' && e >= 4 && t[e - 2] == 'o' && t[e - 3] == ' ') {
            return e - 2; // "or"
        }
        if (last == 'r' && e >= 6 && t[e - 5] == ' ' && t[e - 4] == 'o' && t[e - 3] == 'd' && t[e - 2] == 'e') {
            return e - 4; // "oder"
        }
        return -1;
    }

    /** A first name of a core or world list that is no common word starts at {@code q}. */
    private static boolean listedFirstName(char[] t, int q, Lexicon lexicon) {
        int we = ScanText.wordEnd(t, q);
        if (we - q < 2 || !nameShaped(t, q, we) || !(lexicon.mayBeName(t, q, we) || lexicon.mayBeAnyName(t, q, we))) {
            return false;
        }
        int f = lexicon.flags(t, q, we);
        return (f & (Lexicon.FIRST_NAME | Lexicon.FIRST_NAME_WORLD)) != 0
                && (f & (Lexicon.AMBIGUOUS | Lexicon.NOT_A_NAME | Lexicon.STOP | Lexicon.CITY_DE | Lexicon.BRAND)) == 0;
    }

    /** German, Slavic, Romanian, Greek, Turkish and Armenian surname endings: "-mann", "-ski", "-ić", "-escu". */
    private static boolean surnameShaped(char[] t, int s, int e) {
        if (e - s < 5 || !nameShaped(t, s, e)) {
            return false;
        }
        for (String suffix : SURNAME_SUFFIXES) {
            if (e - s > suffix.length() + 1 && ScanText.startsWithIgnoreCase(t, e - suffix.length(), suffix)) {
                return true;
            }
        }
        return false;
    }

    private static final String[] SURNAME_SUFFIXES = {"mann", "ski", "sky", "ska", "ová", "ić", "enko", "czyk",
        "meier", "maier", "mayr", "meyer", "huber", "hofer", "bauer", "berger", "inger", "brunner", "kamp", "escu",
        "poulos", "akis", "oglu", "oğlu", "yan", "sen", "ssen"};

    private static boolean isArticle(char[] t, int s) {
        return (t[s] | 0x20) == 'd' && (t[s + 1] | 0x20) == 'e' && ((t[s + 2] | 0x20) == 'r' || (t[s + 2] | 0x20) == 'n')
                || (t[s] | 0x20) == 'd' && (t[s + 1] | 0x20) == 'i' && (t[s + 2] | 0x20) == 'e';
    }

    /**
     * German and English words for a person in a role, by their suffix: -er/-erin ("Sachbearbeiter"), -in, -ee
     * ("Assignee"), -or, -ent, -ant, -te/-ter ("Versicherte"). Only with a colon, and {@link #AGENT_LABEL} needs a
     * listed name or two name words after it, so "Browser: Firefox" stays text.
     */
    private static boolean agentNoun(char[] t, int s, int e) {
        if (e - s < 5 || !isUpper(t[s])) {
            return false;
        }
        for (String suffix : AGENT_SUFFIXES) {
            if (ScanText.startsWithIgnoreCase(t, e - suffix.length(), suffix)) {
                return true;
            }
        }
        return false;
    }

    private static final String[] AGENT_SUFFIXES = {"er", "erin", "in", "ee", "or", "ent", "entin", "ant", "antin",
        "te", "ter", "ten"};

    /**
     * A name alone at the start of a line whose line before holds a sign-off ("Schöne Grüße aus Kiel,\nTamme",
     * "Thanks a lot!\n-- \nSiobhan Doherty").
     */
    private static boolean signatureLine(char[] t, int s, Lexicon lexicon) {
        int p = s - 1;
        while (p >= 0 && (t[p] == ' ' || t[p] == '\t')) {
            p--;
        }
        if (p < 0 || t[p] != '\n') {
            return false;
        }
        int lineEnd = p;
        if (lineEnd > 0 && t[lineEnd - 1] == '\r') {
            lineEnd--;
        }
        int from = Math.max(0, lineEnd - 80);
        int q = lineEnd;
        while (q > from && t[q - 1] != '\n') {
            q--;
        }
        if (lineEnd - q >= 2 && t[q] == '-' && t[q + 1] == '-') {
            return true; // the signature delimiter "-- "
        }
        for (int i = q; i < lineEnd; ) {
            if (!ScanText.isWordChar(t[i])) {
                i++;
                continue;
            }
            int we = ScanText.wordEnd(t, i);
            int f = lexicon.flags(t, i, we);
            if ((f & Lexicon.CUE_SIGN_OFF) != 0 || oneOf(t, i, we, "danke", "thanks", "thank", "dank")) {
                return true;
            }
            i = we;
        }
        return false;
    }

    /** The word starts the text, a line or a clause ("Hallo, Gesa hier"): where a self-introduction stands. */
    private static boolean clauseStart(char[] t, int s) {
        if (s == 0 || t[s - 1] == '\n') {
            return true;
        }
        return s >= 2 && t[s - 1] == ' ' && (t[s - 2] == ',' || t[s - 2] == '.' || t[s - 2] == '!' || t[s - 2] == ':'
                || t[s - 2] == '\n');
    }

    /** At most three capitalised words after the word, then the end of the line: what a signature line holds. */
    private static boolean nameEndsLine(char[] t, int wordEnd) {
        int n = t.length;
        int p = wordEnd;
        for (int k = 0; k < 3; k++) {
            if (endsLine(t, p)) {
                return true;
            }
            if (p + 2 >= n || (t[p] != ' ' && t[p] != '-') || !isUpper(t[p + 1])) {
                return false;
            }
            p = ScanText.wordEnd(t, p + 1);
        }
        return endsLine(t, p);
    }

    /** After the word (and maybe one more name word): "hier", "here" or "speaking" and punctuation, or "am Apparat". */
    private static boolean hereFollows(char[] t, int wordEnd) {
        int n = t.length;
        int p = wordEnd;
        for (int k = 0; k < 2 && p + 1 < n && t[p] == ' '; k++) {
            int q = p + 1;
            char c = t[q];
            char c1 = t[q + 1];
            if (!((c == 'h' && (c1 == 'i' || c1 == 'e')) || (c == 's' && c1 == 'p') || (c == 'a' && c1 == 'm')
                    || (c >= 'A' && c <= 'Z') || (c >= 128 && Character.isUpperCase(c)))) {
                return false; // the common case: two comparisons
            }
            int we = ScanText.wordEnd(t, q);
            if (we == q) {
                return false;
            }
            boolean punct = we == n || t[we] == ',' || t[we] == '.' || t[we] == '!' || t[we] == '\n';
            if ((oneOf(t, q, we, "hier", "here", "speaking") && punct)
                    || (oneOf(t, q, we, "am") && we + 8 <= n && ScanText.startsWith(t, we, " Apparat"))) {
                return true;
            }
            if (!isUpper(t[q])) {
                return false;
            }
            p = we;
        }
        return false;
    }

    /**
     * At a lower-case word after a word that may be a cue ("ich heiße anna", "hallo tjark"): without capitals only a
     * listed name counts, after a strong cue, title, greeting or sign-off. Returns the end of a name, or -1.
     */
    static int detectLowerCase(char[] t, int s, int wordEnd, int prevStart, int prevEnd, Candidates out) {
        if (wordEnd - s < 2 || prevEnd > s || s - prevEnd > 4 || !lowerShaped(t, s, wordEnd) || !cleanStart(t, s)) {
            return -1;
        }
        Lexicon lexicon = Lexicon.get();
        if ((lexicon.cueKind(t, prevStart, prevEnd) & Lexicon.MAYBE_CUE) == 0) {
            return -1;
        }
        // the labels ("name", "kunde") only count with a colon; the other cues need one of their own flags
        int f = lexicon.flags(t, prevStart, prevEnd);
        if ((f & (Lexicon.CUE_INTRO_VERB | Lexicon.CUE_SIGN_OFF | Lexicon.CUE_VOCATIVE | Lexicon.CUE_TITLE
                | Lexicon.CUE_COPULA)) == 0 && !((f & Lexicon.CUE_LABEL) != 0 && colonBetween(t, prevEnd, s))) {
            return -1;
        }
        return detect(t, s, wordEnd, prevStart, prevEnd, true, LOWER_CASE, lexicon, out, UNKNOWN);
    }

    private static int detect(char[] t, int s, int wordEnd, int prevStart, int prevEnd, boolean maybeCue, int mode,
            Lexicon lexicon, Candidates out, int special) {
        int tokenEnd = compoundEnd(t, s, wordEnd, mode);
        int cue = maybeCue ? cue(t, prevStart, prevEnd, s, lexicon) : NO_CUE;
        if (cue == NO_CUE && special == UNKNOWN && mode == TITLE_CASE) {
            special = specialCue(t, s, wordEnd, prevStart, prevEnd, prevStart >= 0 && prevEnd <= s && s - prevEnd <= 4,
                    prevStart >= 0 && prevEnd <= s && s - prevEnd <= 4 ? lexicon.cueKind(t, prevStart, prevEnd) : 0,
                    lexicon);
        }
        boolean specialCue = false;
        if (cue == NO_CUE && special != NO_CUE && special != UNKNOWN) {
            if (mode != TITLE_CASE) {
                return -1;
            }
            cue = special;
            specialCue = true;
        }
        int nameStart = s;
        if ((cue == WEAK || cue == NO_CUE || cue == TITLE_PARTICLE) && mode == TITLE_CASE && prevStart >= 0
                && s - prevEnd == 1 && prevEnd - prevStart <= 5 && mayBeParticle(t, prevStart, prevEnd)) {
            int particles = particleAfterTitle(t, prevStart, prevEnd, lexicon);
            if (particles >= 0) {
                cue = TITLE_PARTICLE; // "Herr von Bredow": the particle belongs to the surname
                nameStart = particles;
            } else if (cue == TITLE_PARTICLE) {
                return -1;
            }
        }
        if (mode == ALL_CAPS && !(isCaps(t, prevStart, prevEnd) || colonBetween(t, prevEnd, s))) {
            return -1; // an all-caps word after a cue in ordinary writing is an acronym: "Hallo IT", "Dear HR"
        }
        if (mode == LOWER_CASE && !(cue == STRONG || cue == SIGN_OFF
                || (cue == TITLE && prevEnd - prevStart >= 4) // "herr", "frau"; not "ms on", "dr no"
                || (cue == GREETING && (lexicon.flags(t, prevStart, prevEnd) & Lexicon.CUE_VOCATIVE) != 0))) {
            return -1; // "thank you", "danke sehr": no one is addressed
        }
        boolean listed = lexicon.mayBeName(t, s, tokenEnd);
        // a weak cue ("und", "mit", "laut") only helps a listed name: the nouns after it are not looked up further
        int first = listed || cue != NO_CUE ? lexicon.flags(t, s, tokenEnd) : 0;
        if (first == 0 && tokenEnd > wordEnd) {
            first = lexicon.flags(t, s, wordEnd); // "Anna-Lena", "Müller-Lüdenscheidt": the first part is listed
        }
        if (cue == NO_CUE && !listed && (first & Lexicon.FIRST_NAME) == 0) {
            return -1;
        }
        if ((first & Lexicon.STOP) != 0) {
            return -1;
        }
        boolean known = (first & Lexicon.ANY_NAME) != 0;
        boolean notName = (first & Lexicon.NOT_A_NAME) != 0;
        boolean firstName = (first & (Lexicon.FIRST_NAME | Lexicon.FIRST_NAME_WORLD)) != 0;
        boolean coreFirstName = (first & Lexicon.FIRST_NAME) != 0;
        boolean ambiguous = (first & (Lexicon.AMBIGUOUS | Lexicon.NOT_A_NAME)) != 0;
        boolean unambiguousFirst = coreFirstName && !ambiguous;
        if (mode == LOWER_CASE && (ambiguous || tokenEnd - s < 3 || !(firstName || (cue == TITLE && (known
                || (first == 0 && lexicon.nounFlags(t, s, tokenEnd) == 0)))))) {
            return -1; // "ich heiße sie willkommen", "mein name ist will": lower-case words need a first name
        }
        // an unlisted word is taken after a strong cue only if it is not shaped like a noun ("Name: Buchhaltung");
        // in capitals only after a strong cue or title: "HALLO IT", "GRÜSSE VOM TEAM" are acronyms and nouns
        // nor, after a label or an introduction, if it is an English word ("Owner: Unassigned", "this is Fine");
        // a greeting that addresses one word is let through ("Hi Yaw!": short names are often words too)
        boolean nameLike = known || (!nounSuffix(t, s, tokenEnd) && !nounLike(t, s, tokenEnd, first, lexicon, true)
                && (mode == TITLE_CASE || cue == STRONG || cue == TITLE)
                && (cue == GREETING || cue == SIGN_OFF || cue == TITLE || !lexicon.englishWord(t, s, tokenEnd)));
        // the cues found by specialCue count only for name words that are no noun, place or brand
        boolean plainName = !notName && (first & (Lexicon.STOP | Lexicon.CITY_DE)) == 0 && nameLike;
        int end = spanEnd(t, tokenEnd, cue, firstName, mode, lexicon);
        boolean pair = end > tokenEnd;
        boolean accept = switch (cue) {
            case STRONG -> nameLike;
            // after Herr/Frau a German noun is a surname only when a surname list has it: "Herr Ober", "Frau
            // Lehrerin", "Herr Bürgermeister" address a role; "Frau Wolf", "Herr Koch" are people
            // after Mr/Mrs/Dr an English word in no name list is a nickname or a product: "Mr. Clean", "Mr. Potato
            // Head", "Mr. Robot"
            case TITLE -> !(mode == TITLE_CASE && (first & (Lexicon.SURNAME | Lexicon.SURNAME_WORLD
                    | Lexicon.FIRST_NAME | Lexicon.FIRST_NAME_WORLD)) == 0
                    && ((germanTitle(t, prevStart, prevEnd) && tokenEnd == end
                    && lexicon.nounFlags(t, s, tokenEnd) != 0)
                    || (englishTitle(t, prevStart, prevEnd) && allEnglishWords(t, s, end, lexicon))));
            case TITLE_PARTICLE -> !notName && (known || lexicon.nounFlags(t, s, tokenEnd) == 0);
            case COMMA_VOCATIVE -> !notName && nameLike && (first & ~Lexicon.ANY_NAME & ~Lexicon.NOUN_DE
                    & ~Lexicon.SURNAME_HEAD) == 0 && (first & (Lexicon.STOP | Lexicon.CITY_DE)) == 0
                    && commaVocativeEnds(t, end);
            case NAME_LIST -> listMemberWord(first, plainName, ambiguous) && end == tokenEnd;
            case GREETING -> (known && !notName) || (!notName && nameLike && vocative(t, prevStart, prevEnd, end,
                    lexicon));
            case SIGN_OFF -> specialCue ? plainName && endsLine(t, end)
                    : (known && !notName) || (!notName && nameLike && endsLine(t, end));
            case AGENT_LABEL -> plainName && (known || pair);
            case SELF_ARTICLE -> plainName;
            // one unlisted word before "hier" is as often an imperative ("Klick hier", "Schau hier")
            case HERE -> plainName && (firstName || pair) && hereFollows(t, end);
            case SELF -> mode == TITLE_CASE && !notName && (firstName || (end > tokenEnd
                    && surnameIn(t, tokenEnd, end, lexicon)));
            case INTRO_FRAME -> mode == TITLE_CASE && !ambiguous && nameLike
                    && (firstName || surnameIn(t, tokenEnd, end, lexicon) || introducedFrom(t, end));
            // a weak cue and a listed first name that is no common word, or a name word and a listed surname after it
            case WEAK -> mode == TITLE_CASE && !ambiguous && (firstName || (end > tokenEnd
                    && surnameIn(t, tokenEnd, end, lexicon)) || (specialCue && plainName && pair));
            default -> mode == TITLE_CASE && ((unambiguousFirst && lexicon.nounFlags(t, s, tokenEnd) == 0)
                    || (coreFirstName && !notName && speakerLabel(t, s, end)));
        };
        if (!accept && (cue == WEAK || cue == NO_CUE) && mode == TITLE_CASE && end == tokenEnd
                && listMemberWord(first, plainName, ambiguous)
                && listMember(t, s, wordEnd, lexicon)) {
            accept = true; // "Irmgard und Jost": a listed surname or world-list name next to a listed first name
            cue = NAME_LIST;
        }
        if (!accept && hyphenNounHead(t, s, end, lexicon)) {
            return end;
        }
        if (accept && hyphenNounHead(t, s, end, lexicon)) {
            // "Konrad-Adenauer-Straße", "Friedrich-Ebert-Schule", "Robert Koch-Institut": named after a person, a
            // street or an institution, not the person
            return end;
        }
        String detector;
        if (accept) {
            detector = switch (cue) {
                case STRONG, INTRO_FRAME, AGENT_LABEL, SELF_ARTICLE, HERE -> "person-intro";
                case TITLE, TITLE_PARTICLE -> "person-title";
                case GREETING, SIGN_OFF, COMMA_VOCATIVE -> "person-salutation";
                default -> "person-name-list";
            };
        } else if (firstName && !notName && mode == TITLE_CASE && end > tokenEnd
                && surnameIn(t, tokenEnd, end, lexicon)) {
            detector = "person-name-list"; // "Mark Weber": an ambiguous first name, but a known surname after it
        } else {
            return -1;
        }
        if (brand(t, s, end, lexicon) || (cue == TITLE && ((lexicon.flags(t, prevStart, end) & Lexicon.BRAND) != 0
                || (lexicon.flags(t, prevStart, tokenEnd) & Lexicon.BRAND) != 0))) {
            return end; // the brand is consumed whole: "Ralph Lauren" must not leave "Lauren" to be a name
        }
        out.add(PiiType.PERSON, nameStart, end, detector);
        return end;
    }

    /** A list member: a name word that is no common word, or a word in no list at all that is no noun. */
    private static boolean listMemberWord(int first, boolean plainName, boolean ambiguous) {
        return plainName && !ambiguous && (first & ~Lexicon.ANY_NAME & ~Lexicon.NOUN_DE & ~Lexicon.SURNAME_HEAD) == 0;
    }

    /** The last hyphenated part of the span (or of the word joined to it by a hyphen) is a noun that is no name. */
    private static boolean hyphenNounHead(char[] t, int s, int end, Lexicon lexicon) {
        int n = t.length;
        int e = end;
        if (e + 2 < n && t[e] == '-' && isUpper(t[e + 1])) {
            e = ScanText.wordEnd(t, e + 1); // "Robert Koch-Institut" when the span stopped at "Koch"
        }
        for (int k = e - 1; k > s; k--) {
            if (t[k] == '-') {
                return k + 1 < e && nounPart(t, k + 1, e, lexicon);
            }
            if (t[k] == ' ') {
                break;
            }
        }
        return false;
    }

    /** Every word of the span is an English word in no name list: "Clean Magic", "Potato Head"; not "Verity Langley-Moore". */
    private static boolean allEnglishWords(char[] t, int s, int end, Lexicon lexicon) {
        int q = s;
        while (q < end) {
            int we = ScanText.wordEnd(t, q);
            if (we == q) {
                q++;
                continue;
            }
            if (!lexicon.englishWord(t, q, we) || (lexicon.flags(t, q, we) & Lexicon.ANY_NAME) != 0
                    || (we < end && t[we] == '-')) {
                return false;
            }
            q = we;
        }
        return true;
    }

    /** Mr, Mrs, Ms, Miss, Mx, Sir, Dr: English titles (with or without the dot). */
    private static boolean englishTitle(char[] t, int ps, int pe) {
        return ps >= 0 && oneOf(t, ps, pe, "mr", "mrs", "ms", "miss", "mx", "sir", "dr", "lady", "lord");
    }

    /** Herr, Herrn, Frau, Fräulein: German titles, after which German nouns may address a role. */
    private static boolean germanTitle(char[] t, int ps, int pe) {
        return ps >= 0 && oneOf(t, ps, pe, "herr", "herrn", "frau", "fräulein");
    }

    /** The vocative ends with a comma, "!", "?", "." or the line: "Sure, Ciaran, no problem", "Alles klar, Bärbel!". */
    private static boolean commaVocativeEnds(char[] t, int end) {
        int n = t.length;
        return end == n || t[end] == ',' || t[end] == '!' || t[end] == '?' || t[end] == '.' || t[end] == '\n'
                || t[end] == '\r';
    }

    /** A capitalised word of a name list follows after one space: "Haruto Nguyen". */
    private static boolean nameWordAfter(char[] t, int wordEnd, Lexicon lexicon) {
        int q = wordEnd + 1;
        if (q + 1 >= t.length || t[wordEnd] != ' ' || !isUpper(t[q])) {
            return false;
        }
        int we = ScanText.wordEnd(t, q);
        return we - q >= 2 && lexicon.mayBeAnyName(t, q, we);
    }

    /**
     * A chat speaker: a listed first name, even one that is also a word ("Ingo", "Rosa"), at the start of a line
     * and followed by a colon and text that is no number ("Ingo: ich übernehme"; not "Max: 5 Teilnehmer").
     */
    private static boolean speakerLabel(char[] t, int s, int end) {
        int n = t.length;
        return (s == 0 || t[s - 1] == '\n') && end + 2 < n && t[end] == ':' && t[end + 1] == ' '
                && Character.isLetter(t[end + 2]);
    }

    /** A greeting that addresses the single word after it: "Hallo Gesa,", "Dear Tadhg,", "Hi Yaw!". */
    private static boolean vocative(char[] t, int ps, int pe, int end, Lexicon lexicon) {
        if ((lexicon.flags(t, ps, pe) & Lexicon.CUE_VOCATIVE) == 0) {
            return false;
        }
        if (oneOf(t, ps, pe, THANKS)) {
            return false; // "Danke Telekom,", "Thanks Google!": thanks go to companies too; only listed names count
        }
        int n = t.length;
        return end == n || t[end] == ',' || t[end] == '!' || t[end] == '\n' || t[end] == '\r'
                || (t[end] == ' ' && end + 1 < n && (t[end + 1] == ',' || t[end + 1] == '!'));
    }

    /**
     * German and English derivational noun suffixes (-ung, -heit, -keit, -schaft, -tion, -tät, -ismus, -ment,
     * -ness, -ity, -ship): such a word is a noun, not a name, even right after "Name:" or a greeting.
     */
    private static boolean nounSuffix(char[] t, int s, int e) {
        if (e - s < 5) {
            return false;
        }
        for (String suffix : NOUN_SUFFIXES) {
            int from = e - suffix.length();
            if (from > s + 1 && ScanText.startsWithIgnoreCase(t, from, suffix)) {
                return true;
            }
        }
        return false;
    }

    private static final String[] NOUN_SUFFIXES = {"ung", "heit", "keit", "schaft", "tion", "sion", "tät",
        "ismus", "ment", "ness", "ity", "ship", "ungen", "ierung"};

    /** "This is Gunhild Kötter from accounting", "hier ist Silke vom Vertrieb", "this is Paavo again". */
    private static boolean introducedFrom(char[] t, int end) {
        if (end + 3 >= t.length || t[end] != ' ') {
            return false;
        }
        int we = ScanText.wordEnd(t, end + 1);
        return oneOf(t, end + 1, we, "from", "von", "vom", "aus", "here", "hier", "again", "speaking");
    }

    /** The word {@code [s, e)} is one of the lower-case {@code words}, compared ignoring case. */
    private static boolean oneOf(char[] t, int s, int e, String... words) {
        int len = e - s;
        for (String w : words) {
            if (w.length() == len && equalsLower(t, s, w)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code text[at, at + w.length())} equals the lower-case word {@code w} ignoring case: ASCII by one OR, Latin-1
     * by {@link Lexicon#lower}'s table (the general case mapping only above it). The cue checks compare many words
     * that start with "ü", "ä" or end in "für", where a Unicode case mapping per character cost a tenth of the scan.
     */
    private static boolean equalsLower(char[] text, int at, String w) {
        int len = w.length();
        if (at < 0 || at + len > text.length) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            char a = text[at + k];
            char b = w.charAt(k);
            if (a == b) {
                continue;
            }
            if (a < 128) {
                if (a < 'A' || a > 'Z' || (a | 0x20) != b) {
                    return false;
                }
            } else if (Lexicon.lower(a) != b) {
                return false;
            }
        }
        return true;
    }

    private static boolean colonBetween(char[] t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (t[i] == ':') {
                return true;
            }
        }
        return false;
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
        if ((f & Lexicon.CUE_COPULA) != 0 || (pe - ps == 1 && (t[ps] | 0x20) == 's')) {
            int[] before = wordBefore(t, pe - ps == 1 && ps >= 1 && t[ps - 1] == '\'' ? ps - 1 : ps);
            if (before != null && oneOf(t, before[0], before[1], "this", "hier", "it", "here")) {
                return INTRO_FRAME;
            }
        }
        if (pe - ps == 1 && (t[ps] | 0x20) == 's' && ps >= 2 && (t[ps - 1] == '\'' || t[ps - 1] == '\u2019')) {
            int[] before = wordBefore(t, ps - 1);
            if (before != null && before[1] == ps - 1
                    && (lexicon.flags(t, before[0], before[1]) & Lexicon.CUE_NAME_WORD) != 0) {
                return STRONG; // "my name's Niamh"
            }
        }
        if ((f & Lexicon.CUE_RELATION) != 0 && !colon) {
            int[] before = wordBefore(t, ps);
            if (before != null && (lexicon.flags(t, before[0], before[1]) & Lexicon.POSSESSIVE) != 0) {
                return TITLE; // "mein Sohn Lukas", "meine Kollegin Jördis Wendtland", "my wife Priya"
            }
        }
        if ((f & Lexicon.CUE_GREETING) != 0) {
            return GREETING;
        }
        if ((f & Lexicon.CUE_SIGN_OFF) != 0) {
            return SIGN_OFF;
        }
        if ((f & (Lexicon.CUE_WEAK_INTRO | Lexicon.CUE_RELATION | Lexicon.CUE_LABEL)) != 0) {
            if (pe - ps == 1 && (t[ps] | 0x20) == 's') {
                return NO_CUE; // "Peter's", "it's" without a name word before: no cue
            }
            return oneOf(t, ps, pe, "bin", "am", "m") ? SELF : WEAK; // "laut Wiebke", "Kollegin Dragana", "Kunde Enno Wübbena": a listed first name follows
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
     * Where the name that starts with the word ending at {@code tokenEnd} ends: further name words written like the
     * first ({@code mode}), particles ("von", "van der") and initials ("F.") after single spaces; "Müller, Petra"
     * after a strong cue (the second part listed, or ending the line).
     */
    private static int spanEnd(char[] t, int tokenEnd, int cue, boolean firstIsFirstName, int mode,
            Lexicon lexicon) {
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
            if (!comma && mode == TITLE_CASE && q + 2 < n && isUpper(t[q]) && t[q + 1] == '.' && t[q + 2] == ' '
                    && q + 3 < n && isUpper(t[q + 3])) {
                int we = ScanText.wordEnd(t, q + 3);
                if (nameShaped(t, q + 3, we)) {
                    end = compoundEnd(t, q + 3, we, mode);
                    tokens += 2;
                    continue;
                }
            }
            int we = ScanText.wordEnd(t, q);
            if (we == q) {
                break;
            }
            if (!comma && mode != LOWER_CASE && Character.isLowerCase(t[q])) {
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
                if (we2 - q2 < 2 || !shaped(t, q2, we2, mode)) {
                    break;
                }
                int f2 = lexicon.flags(t, q2, compoundEnd(t, q2, we2, mode));
                if ((f2 & (Lexicon.STOP | Lexicon.NOT_A_NAME)) != 0) {
                    break;
                }
                end = compoundEnd(t, q2, we2, mode);
                tokens++;
                continue;
            }
            boolean apostrophe = we - q == 1 && mode == TITLE_CASE && isUpper(t[q]) && we + 2 < n && t[we] == '\''
                    && isUpper(t[we + 1]); // "Tadhg O'Sullivan"
            if (!apostrophe && (we - q < 2 || !shaped(t, q, we, mode))) {
                break;
            }
            int ce = compoundEnd(t, q, we, mode);
            int f = lexicon.flags(t, q, ce);
            if ((f & (Lexicon.STOP | Lexicon.NOT_A_NAME)) != 0) {
                break;
            }
            boolean knownName = (f & Lexicon.ANY_NAME) != 0;
            boolean take;
            if (mode == LOWER_CASE) {
                // "mein name ist chidi adeyemi,": after a strong cue or sign-off an unlisted word that is in no list
                // at all, when the name ends there
                take = (knownName && (f & Lexicon.AMBIGUOUS) == 0) || (tokens == 1 && firstIsFirstName && f == 0
                        && lexicon.nounFlags(t, q, ce) == 0
                        && (cue == STRONG || cue == SIGN_OFF) && ce - q >= 3 && lowerNameEnds(t, ce, lexicon));
            } else if (comma) {
                take = (f & (Lexicon.FIRST_NAME | Lexicon.FIRST_NAME_WORLD)) != 0 || endsLine(t, ce);
            } else {
                take = knownName || (tokens == 1 && (cue == STRONG || cue == TITLE || cue == INTRO_FRAME
                        || cue == AGENT_LABEL || cue == HERE || cue == SIGN_OFF || cue == WEAK || firstIsFirstName)
                        && !nounSuffix(t, q, ce) && !nounLike(t, q, ce, f, lexicon, false));
            }
            if (!take) {
                break;
            }
            end = ce;
            tokens++;
        }
        return end;
    }

    /** After a lower-case name: the end of the text or line, punctuation, or a word that is never part of a name. */
    private static boolean lowerNameEnds(char[] t, int e, Lexicon lexicon) {
        int n = t.length;
        if (e == n || t[e] == ',' || t[e] == '.' || t[e] == '!' || t[e] == '?' || t[e] == ';' || t[e] == '\n') {
            return true;
        }
        if (t[e] != ' ' || e + 1 >= n) {
            return false;
        }
        int we = ScanText.wordEnd(t, e + 1);
        return we > e + 1 && (lexicon.flags(t, e + 1, we) & Lexicon.STOP) != 0;
    }

    /**
     * A German noun that is in no name list ("Vertrieb", "Hunde"), a hyphenated word whose last or first part is one
     * ("Platform-Team", "Backup-Server"), or, with {@code compounds}, a compound whose head of four or more letters is a noun that
     * no listed surname ends with ("Standardtarif", "Rechnungsadresse"; not "-mann", "-berg", "-horst").
     */
    private static boolean nounLike(char[] t, int s, int e, int flags, Lexicon lexicon, boolean compounds) {
        if ((flags & Lexicon.ANY_NAME) != 0) {
            return false;
        }
        if (lexicon.nounFlags(t, s, e) != 0) {
            return true;
        }
        for (int k = e - 2; k > s; k--) {
            if (t[k] == '-') {
                // "Platform-Team", "Backup-Server": the head or the first part is a noun
                int firstPart = s + 1;
                while (firstPart < k && t[firstPart] != '-') {
                    firstPart++;
                }
                return nounPart(t, k + 1, e, lexicon) || nounPart(t, s, firstPart, lexicon);
            }
        }
        if (compounds && e - s >= 8) {
            for (int k = s + 3; k <= e - 4; k++) {
                int head = lexicon.nounFlags(t, k, e);
                if ((head & (Lexicon.NOUN_DE | Lexicon.SURNAME_HEAD)) == Lexicon.NOUN_DE) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A part of a hyphenated word that is a noun and no listed name ("Server", not "Müller"). */
    private static boolean nounPart(char[] t, int s, int e, Lexicon lexicon) {
        return lexicon.nounFlags(t, s, e) != 0 && (lexicon.flags(t, s, e) & Lexicon.ANY_NAME) == 0;
    }

    private static boolean shaped(char[] t, int s, int e, int mode) {
        return switch (mode) {
            case ALL_CAPS -> capsShaped(t, s, e);
            case LOWER_CASE -> lowerShaped(t, s, e);
            default -> nameShaped(t, s, e);
        };
    }

    /** Two or more letters, all upper-case: "DETLEF", "GRÜNEWALD". */
    static boolean capsShaped(char[] t, int s, int e) {
        if (e - s < 2) {
            return false;
        }
        for (int i = s; i < e; i++) {
            char c = t[i];
            if (!(c >= 'A' && c <= 'Z') && !(c >= 128 && Character.isUpperCase(c))) {
                return false;
            }
        }
        return true;
    }

    /** Two or more letters, all lower-case: "anna", "lüttjohann". */
    static boolean lowerShaped(char[] t, int s, int e) {
        if (e - s < 2) {
            return false;
        }
        for (int i = s; i < e; i++) {
            char c = t[i];
            if (!(c >= 'a' && c <= 'z') && !(c >= 128 && Character.isLowerCase(c))) {
                return false;
            }
        }
        return true;
    }

    /** The word {@code [s, e)} has letters and all of them are upper-case ("NAME", "GRÜSSEN"). */
    private static boolean isCaps(char[] t, int s, int e) {
        if (s < 0 || e - s < 2) {
            return false;
        }
        for (int i = s; i < e; i++) {
            char c = t[i];
            if (Character.isLetter(c) && !Character.isUpperCase(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether one of the capitalised words in {@code [from, end)} is a known surname. */
    private static boolean surnameIn(char[] t, int from, int end, Lexicon lexicon) {
        int q = from;
        while (q < end) {
            while (q < end && !ScanText.isWordChar(t[q])) {
                q++;
            }
            int we = ScanText.wordEnd(t, q);
            if (we > q && nameShaped(t, q, we)
                    && (lexicon.flags(t, q, we) & (Lexicon.SURNAME | Lexicon.SURNAME_WORLD)) != 0) {
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
        return compoundEnd(t, s, e, TITLE_CASE);
    }

    private static int compoundEnd(char[] t, int s, int e, int mode) {
        int n = t.length;
        // at most four parts: a megabyte of "Ab-Cd-Ef-..." must not be walked again from every part
        for (int parts = 1; parts < 4 && e + 2 < n && (t[e] == '-' || t[e] == '\'')
                && (mode == LOWER_CASE || isUpper(t[e + 1])); parts++) {
            int we = ScanText.wordEnd(t, e + 1);
            if (!shaped(t, e + 1, we, mode)) {
                break;
            }
            e = we;
        }
        if (e - s == 1 && e + 2 < n && t[e] == '\'' && isUpper(t[e + 1])) { // O'Brien, D'Angelo
            int we = ScanText.wordEnd(t, e + 1);
            if (shaped(t, e + 1, we, mode == LOWER_CASE ? TITLE_CASE : mode)) {
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
        return p == n || t[p] == '\n' || t[p] == '\r' || t[p] == '|'; // "Rukmini Sharma | Legal"
    }

    private static boolean isUpper(char c) {
        return c < 128 ? c >= 'A' && c <= 'Z' : Character.isUpperCase(c);
    }
}
