package org.openclaw.oversight.ingestion.pii;

/**
 * Postal addresses, found from their house number or postal code (the scanner calls in at short numbers only):
 * <ul>
 * <li>{@code address-de}: a German street — a capitalised word ending in -straße, -str., -weg, -platz, -allee,
 * -gasse, -ring, -damm, -ufer ... or such a word after an adjective ("Berliner Straße"), or "Am/An der/Im ..."
 * followed by a postal code or after an address cue — then the house number ("12", "5a", "12-14"), optionally
 * followed by a postal code and city: {@code Hauptstraße 12, 70173 Stuttgart};
 * <li>{@code address-de-postal-code}: a real German postal code (all 8,210 of them) and a capitalised place name
 * after it, when the place is one of the 200 largest cities or a word like "in", "aus", "PLZ" stands before it
 * ({@code 70173 Stuttgart}, {@code aus 83471 Berchtesgaden});
 * <li>{@code address-en}: house number, one to four capitalised words and a street type (Street, St., Avenue,
 * Road, Lane, Drive, Terrace ...), optionally a unit, city, state and ZIP or UK postcode:
 * {@code 1600 Amphitheatre Parkway, Mountain View, CA 94043}, {@code 221B Baker Street, London NW1 6XE}.
 * </ul>
 * Compound nouns with a street suffix that name no street (Parkplatz 12, Fertigungsstraße 4, Lösungsweg 2) are
 * listed and refused.
 */
final class AddressDetector {
    private static final String[] STREET_SUFFIXES = {"straße", "strasse", "str", "weg", "platz", "allee", "gasse",
        "ring", "damm", "ufer", "chaussee", "pfad", "steig", "stieg", "markt", "kamp", "twiete", "wall", "graben",
        "promenade", "zeile", "kai", "gässle", "gäßchen", "steige", "stiege", "anger", "weiler"};
    private static final String[] PREPOSITION_STREETS = {"am", "an", "im", "in", "auf", "zum", "zur", "unter",
        "hinter", "vor", "bei", "alte", "alter", "altes", "neue", "neuer", "neues", "große", "großer", "kleine",
        "kleiner", "lange", "langer", "obere", "oberer", "untere", "unterer", "hohe", "hoher"};
    private static final String[] UNITS_AFTER = {"km", "m", "min", "h", "kg", "mm", "cm", "x", "mal", "stück", "st",
        "%", "prozent", "euro", "eur", "minuten", "meter", "tage", "jahre", "uhr", "mio", "sekunden"};
    private static final int MAX_CITY_WORDS = 4;

    private AddressDetector() {
    }

    /**
     * At the number word {@code [s, e)} (digits, maybe one letter: "12", "12a", "221B", "70173"). Returns the end of
     * a recorded address, or -1.
     */
    static int atNumber(char[] t, int s, int e, Candidates out) {
        int len = e - s;
        int digits = leadingDigits(t, s, e);
        if (digits == 0 || digits > 5 || len - digits > 1 || (len > digits && !Character.isLetter(t[e - 1]))) {
            return -1;
        }
        Lexicon lexicon = Lexicon.get();
        if (digits <= 4 && s >= 3 && t[s - 1] == ' ') {
            int end = germanStreet(t, s, e, lexicon, out);
            if (end >= 0) {
                return end;
            }
        }
        if (digits <= 5 && e + 2 < t.length && t[e] == ' ' && isUpper(t[e + 1])) {
            int end = englishStreet(t, s, e, lexicon, out);
            if (end >= 0) {
                return end;
            }
        }
        if (digits == 5 && len == 5) {
            return postalCodeAndCity(t, s, e, lexicon, out);
        }
        return -1;
    }

    private static int germanStreet(char[] t, int s, int e, Lexicon lexicon, Candidates out) {
        // the word before the number: "Hauptstraße", "Str.", "Adalbert-Stifter-Str."
        int we = s - 1;
        int wordEnd = t[we - 1] == '.' ? we - 1 : we;
        int ws = wordEnd;
        while (ws > 0 && wordEnd - ws < 48 && (ScanText.isWordChar(t[ws - 1]) || (t[ws - 1] == '-' && ws > 1
                && ScanText.isWordChar(t[ws - 2])))) {
            ws--;
        }
        if (ws == wordEnd || !isUpper(t[ws])) {
            return -1;
        }
        if (wordEnd - ws == 8 && ScanText.startsWithIgnoreCase(t, ws, "postfach")) {
            return postBox(t, ws, s, e, lexicon, out);
        }
        if (wordEnd - ws == 3 && ScanText.startsWithIgnoreCase(t, ws, "box") && poBefore(t, ws)) {
            return poBox(t, ws, e, lexicon, out);
        }
        int numberEnd = houseNumberEnd(t, e);
        if (numberEnd < 0) {
            return -1;
        }
        int streetStart = -1;
        boolean needsMore = false;
        int lastPart = lastHyphenPart(t, ws, wordEnd);
        if (endsWithStreetSuffix(t, lastPart, wordEnd)) {
            if ((lexicon.flags(t, ws, wordEnd) & Lexicon.NON_STREET) != 0) {
                return -1;
            }
            streetStart = ws;
            if (isStreetWord(t, lastPart, wordEnd)) {
                // "Berliner Straße 5", "Alte Landstr. 3", "Unter den Linden"-like: take the adjective before it
                int[] prev = capitalisedWordBefore(t, ws);
                if (prev != null) {
                    streetStart = prev[0];
                } else if (wordEnd - lastPart == wordEnd - ws) {
                    needsMore = true; // "Straße 5" alone says nothing
                }
            }
        } else if (wordEnd - lastPart > 6 && ScanText.startsWithIgnoreCase(t, wordEnd - 4, "park")
                && (lexicon.flags(t, ws, wordEnd) & Lexicon.NON_STREET) == 0) {
            // "Gewerbepark 12", "Technologiepark 3": streets of business parks, but also amusement and car parks,
            // so only with a postal code after them or an address cue before them
            streetStart = ws;
            needsMore = true;
        } else {
            // "Am Sandtorkai 41", "An der Alster 5": only with a postal code after it or an address cue before it
            int[] prev = wordBeforeAt(t, ws);
            if (prev != null && (t[prev[0]] >= 'a' && t[prev[0]] <= 'z') && prev[1] - prev[0] <= 3) {
                prev = wordBeforeAt(t, prev[0]); // "An der", "In den"
            }
            if (prev == null || !isUpper(t[prev[0]]) || !oneOf(t, prev[0], prev[1], PREPOSITION_STREETS)) {
                return -1;
            }
            streetStart = prev[0];
            needsMore = true;
        }
        int[] before = wordBeforeAt(t, streetStart);
        if (before != null && !needsMore && Character.isLowerCase(t[before[0]]) && before[1] - before[0] <= 3) {
            int[] article = before; // "An der Alster", "In den Gärten"
            before = wordBeforeAt(t, before[0]);
            if (before == null || !oneOf(t, article[0], article[1], ARTICLES_DATIVE)) {
                before = null;
            }
        }
        if (before != null && !needsMore && isUpper(t[before[0]]) && oneOf(t, before[0], before[1], PREPOSITION_STREETS)) {
            streetStart = before[0]; // "Am Kupfergraben 6"
        }
        int end = numberEnd;
        int withCity = postalCodeAfter(t, numberEnd, lexicon);
        if (withCity > 0) {
            end = withCity;
        } else if (needsMore && !cueBefore(t, streetStart, lexicon)) {
            return -1;
        } else if (!acceptableAfterNumber(t, numberEnd)) {
            return -1;
        } else if (e - s == 4 && yearLike(t, s) && !cueBefore(t, streetStart, lexicon)) {
            return -1; // "Sommerfest Marktplatz 2026", "Bahnhofsvorplatz 2024": a year after a square is an event
        }
        out.add(PiiType.POSTAL_ADDRESS, streetStart, end, "address-de");
        return end;
    }

    /** 1900-2099: a house number this high is rare in German streets, a year after a street word is not. */
    private static boolean yearLike(char[] t, int s) {
        return (t[s] == '1' && t[s + 1] == '9') || (t[s] == '2' && t[s + 1] == '0');
    }

    /**
     * "Postfach 11 02 33, 70078 Stuttgart", "Postfach 1247, 32005 Herford": the box number in groups of up to four
     * digits (eight at most), then a postal code and place. A box number alone is no address ("Postfach 10 01 45 wird
     * nicht mehr geleert" names the company's box, and the mailbox "Postfach 2" is an e-mail folder).
     */
    private static int postBox(char[] t, int ws, int s, int e, Lexicon lexicon, Candidates out) {
        int n = t.length;
        int p = e;
        int digits = e - s;
        for (int groups = 1; groups < 4 && p + 1 < n && t[p] == ' ' && NumberDetector.isDigit(t[p + 1]); groups++) {
            int q = p + 1;
            int r = q;
            while (r < n && NumberDetector.isDigit(t[r])) {
                r++;
            }
            if (r - q > 4 || (r < n && ScanText.isWordChar(t[r]))) {
                break;
            }
            if (r - q == 5) {
                break; // the postal code without a comma: left to postalCodeAfter
            }
            digits += r - q;
            p = r;
        }
        if (digits > 8) {
            return -1;
        }
        int end = postBoxCodeAfter(t, p, lexicon);
        if (end < 0) {
            return -1;
        }
        out.add(PiiType.POSTAL_ADDRESS, ws, end, "address-de-postbox");
        return end;
    }

    /**
     * ", 70078 Stuttgart" after a box number. Post boxes have postal codes of their own (not in the list of delivery
     * codes), so any five digits of a valid region (01-99) count here, where "Postfach" already says what it is.
     */
    private static int postBoxCodeAfter(char[] t, int p, Lexicon lexicon) {
        int n = t.length;
        if (p < n && t[p] == ',') {
            p++;
        }
        if (p >= n || t[p] != ' ') {
            return -1;
        }
        p++;
        int q = p;
        while (q < n && NumberDetector.isDigit(t[q])) {
            q++;
        }
        if (q - p != 5 || (t[p] == '0' && t[p + 1] == '0')) {
            return -1;
        }
        return cityEnd(t, q, lexicon, false);
    }

    /** "PO Box", "P.O. Box", "POB": the word before "Box" at {@code ws}. */
    private static boolean poBefore(char[] t, int ws) {
        return (ws >= 3 && t[ws - 1] == ' ' && t[ws - 2] == 'O' && t[ws - 3] == 'P')
                || (ws >= 5 && t[ws - 1] == ' ' && t[ws - 2] == '.' && t[ws - 3] == 'O' && t[ws - 4] == '.'
                && t[ws - 5] == 'P');
    }

    /**
     * "PO Box 4471, Wellington 6140", "P.O. Box 318, Burlington, VT 05402": the box number, then a place (the same
     * tail as an English street address). Without a place it is no address.
     */
    private static int poBox(char[] t, int ws, int e, Lexicon lexicon, Candidates out) {
        int start = t[ws - 2] == '.' ? ws - 5 : ws - 3;
        if (start > 0 && ScanText.isWordChar(t[start - 1])) {
            return -1;
        }
        int end = englishTail(t, e, lexicon);
        if (end == e) {
            return -1;
        }
        out.add(PiiType.POSTAL_ADDRESS, start, end, "address-en-po-box");
        return end;
    }

    /** "12", "12a", "12-14", "12/1": the end of the house number starting at the number word's end, or -1. */
    private static int houseNumberEnd(char[] t, int e) {
        int n = t.length;
        int p = e;
        if (p + 1 < n && (t[p] == '-' || t[p] == '/') && NumberDetector.isDigit(t[p + 1])) {
            p++;
            while (p < n && NumberDetector.isDigit(t[p]) && p - e < 5) {
                p++;
            }
            if (p < n && t[p] >= 'a' && t[p] <= 'z' && (p + 1 >= n || !ScanText.isWordChar(t[p + 1]))) {
                p++;
            }
        }
        if (p < n && ScanText.isWordChar(t[p])) {
            return -1;
        }
        if (p + 1 < n && (t[p] == '.' || t[p] == ',') && NumberDetector.isDigit(t[p + 1])) {
            return -1; // "Weg 1.5", "Ring 3,5"
        }
        return p;
    }

    /** After the house number: end, punctuation, or a lower-case word that is no unit ("12 in", "5a und"). */
    private static boolean acceptableAfterNumber(char[] t, int p) {
        int n = t.length;
        if (p >= n) {
            return true;
        }
        char c = t[p];
        if (c == '%' || c == '€' || c == '$') {
            return false;
        }
        if (c != ' ') {
            return true;
        }
        if (p + 1 >= n) {
            return true;
        }
        char next = t[p + 1];
        if (isUpper(next) || NumberDetector.isDigit(next)) {
            return false; // "Fertigungsstraße 4 Stunden", "Weg 2 3 4"
        }
        int we = ScanText.wordEnd(t, p + 1);
        return !oneOf(t, p + 1, we, UNITS_AFTER) && next != '%' && next != '€';
    }

    /** ", 70173 Stuttgart" / " 70173 Stuttgart" / ", D-70173 Stuttgart" after the house number: the end, or -1. */
    private static int postalCodeAfter(char[] t, int p, Lexicon lexicon) {
        int n = t.length;
        if (p < n && t[p] == ',') {
            p++;
        }
        if (p >= n || t[p] != ' ') {
            return -1;
        }
        p++;
        if (p + 2 < n && t[p] == 'D' && t[p + 1] == '-') {
            p += 2;
        }
        int q = p;
        while (q < n && NumberDetector.isDigit(t[q])) {
            q++;
        }
        if (q - p != 5 || !lexicon.isPostalCode(parse(t, p, q))) {
            return -1;
        }
        return cityEnd(t, q, lexicon, false);
    }

    /**
     * A postal code alone: the place after it must be a known city, or a place cue ("in", "aus", "PLZ", a comma)
     * must stand before the code — "70173 Datensätze" and "10115 Anfragen" are counts.
     */
    private static int postalCodeAndCity(char[] t, int s, int e, Lexicon lexicon, Candidates out) {
        if (!lexicon.isPostalCode(parse(t, s, e)) || (s > 0 && (ScanText.isWordChar(t[s - 1]) || t[s - 1] == '.'
                || t[s - 1] == ','))) {
            if (!(s > 1 && t[s - 1] == '-' && t[s - 2] == 'D')) {
                return -1;
            }
        }
        boolean cue = false;
        int[] prev = wordBeforeAt(t, s > 1 && t[s - 1] == '-' ? s - 1 : s);
        if (prev != null) {
            cue = (lexicon.flags(t, prev[0], prev[1]) & Lexicon.PLACE_CUE) != 0;
        }
        int q = s - 1;
        while (q >= 0 && t[q] == ' ') {
            q--;
        }
        if (q >= 0 && (t[q] == ',' || t[q] == ':')) {
            cue = true; // "Hauptstr. 1, 70173 Stuttgart" with an unlisted street form, "PLZ/Ort: 70173 Stuttgart"
        }
        int end = cityEnd(t, e, lexicon, !cue);
        if (end < 0) {
            return -1;
        }
        int start = s > 1 && t[s - 1] == '-' && t[s - 2] == 'D' ? s - 2 : s;
        out.add(PiiType.POSTAL_ADDRESS, start, end, "address-de-postal-code");
        return end;
    }

    /**
     * The place after a postal code at {@code p} (a space, then capitalised words: "Frankfurt am Main", "Halle
     * (Saale)", "Castrop-Rauxel"). With {@code mustBeKnown}, the first word must be one of the listed cities.
     */
    private static int cityEnd(char[] t, int p, Lexicon lexicon, boolean mustBeKnown) {
        int n = t.length;
        if (p + 1 >= n || t[p] != ' ' || !isUpper(t[p + 1])) {
            return -1;
        }
        int s = p + 1;
        int e = cityWordEnd(t, s);
        int flags = lexicon.flags(t, s, e);
        if ((flags & Lexicon.STOP) != 0 || e - s < 2) {
            return -1;
        }
        if (mustBeKnown && (flags & Lexicon.CITY_DE) == 0 && !knownCityPrefix(t, s, lexicon)) {
            return -1;
        }
        int end = e;
        for (int words = 1; words < MAX_CITY_WORDS && end + 2 < n && t[end] == ' '; words++) {
            int q = end + 1;
            if (t[q] == '(') {
                int close = q + 1;
                while (close < n && close - q < 24 && t[close] != ')') {
                    close++;
                }
                if (close < n && t[close] == ')') {
                    end = close + 1;
                }
                break;
            }
            int we = cityWordEnd(t, q);
            if (we == q) {
                break;
            }
            // "am Main", "an der Havel", "vor der Höhe", "im Breisgau"
            if (oneOf(t, q, we, PLACE_PREPOSITIONS)) {
                int r = we;
                if (r < n && t[r] == '.') {
                    r++;
                }
                if (r + 1 < n && t[r] == ' ' && (isUpper(t[r + 1]) || oneOf(t, r + 1, cityWordEnd(t, r + 1),
                        ARTICLES_DATIVE))) {
                    end = r;
                    continue;
                }
                break;
            }
            if (!isUpper(t[q]) || (lexicon.flags(t, q, we) & Lexicon.STOP) != 0
                    || !(previousWasLinker(t, end) || (words == 1 && knownCityPrefix(t, s, lexicon)))) {
                break;
            }
            end = we;
        }
        return end;
    }

    /** The previous city word was a linker ("am", "der", "a."): only then may another capitalised word follow. */
    private static boolean previousWasLinker(char[] t, int end) {
        int b = end;
        while (b > 0 && (ScanText.isWordChar(t[b - 1]) || t[b - 1] == '.')) {
            b--;
        }
        return b < end && Character.isLowerCase(t[b]);
    }

    private static boolean knownCityPrefix(char[] t, int s, Lexicon lexicon) {
        // "Bad Homburg", "Frankfurt am Main": listed under their full names; the first word decides here
        return ScanText.startsWith(t, s, "Bad ") || ScanText.startsWith(t, s, "Sankt ")
                || ScanText.startsWith(t, s, "St. ");
    }

    private static int cityWordEnd(char[] t, int s) {
        int e = ScanText.wordEnd(t, s);
        for (int parts = 1; parts < 4 && e + 1 < t.length && t[e] == '-' && isUpper(t[e + 1]); parts++) {
            e = ScanText.wordEnd(t, e + 1);
        }
        return e;
    }

    /**
     * English: {@code [s, e)} is the house number; then 1-4 capitalised words, the last a street type; then
     * optionally a direction, a unit, city, state and ZIP / UK postcode.
     */
    private static int englishStreet(char[] t, int s, int e, Lexicon lexicon, Candidates out) {
        int n = t.length;
        int p = e;
        int streetEnd = -1;
        for (int words = 0; words < 5 && p + 1 < n && t[p] == ' '; words++) {
            int q = p + 1;
            int we = ScanText.wordEnd(t, q);
            if (we == q || !(isUpper(t[q]) || NumberDetector.isDigit(t[q]))) {
                break;
            }
            if (we + 2 < n && (t[we] == '\'' || t[we] == '\u2019') && t[we + 1] == 's' && t[we + 2] == ' '
                    && isUpper(t[q])) {
                we += 2; // "Queen's Road", "St John's Wood"
            }
            if (words > 0 && isUpper(t[q]) && lexicon.mayBeStreetType(t, q, we)
                    && (lexicon.flags(t, q, we) & Lexicon.STREET_TYPE_EN) != 0) {
                streetEnd = we < n && t[we] == '.' ? we + 1 : we;
                break;
            }
            if ((NumberDetector.isDigit(t[q]) && !ordinal(t, q, we)) || (isUpper(t[q]) && we - q > 1
                    && !Character.isLowerCase(t[q + 1]) && !NumberDetector.isDigit(t[q + 1]))) {
                break; // "20 GB", "3 USB": not a street name
            }
            p = we;
        }
        if (streetEnd < 0) {
            return -1;
        }
        int end = streetEnd;
        // direction: "Pennsylvania Avenue NW"
        if (end + 2 < n && t[end] == ' ') {
            int we = ScanText.wordEnd(t, end + 1);
            if (we - end - 1 <= 2 && we > end + 1 && allOf(t, end + 1, we, "NSEW")
                    && (we >= n || !ScanText.isWordChar(t[we]))) {
                end = we;
            }
        }
        end = englishTail(t, end, lexicon);
        if (end + 1 < n && t[end] == ' ' && (isUpper(t[end + 1]) || NumberDetector.isDigit(t[end + 1]))) {
            return -1; // "3 Main Street Locations", "42 Wall Street 2": a name of something, not an address
        }
        out.add(PiiType.POSTAL_ADDRESS, s, end, "address-en");
        return end;
    }

    /** ", Apt 4B", ", Springfield", ", Mountain View, CA 94043", ", London NW1 6XE", " NY 10118". */
    private static int englishTail(char[] t, int end, Lexicon lexicon) {
        int n = t.length;
        for (int part = 0; part < 4; part++) {
            if (end + 2 >= n || t[end] != ',' || t[end + 1] != ' ') {
                break;
            }
            int q = end + 2;
            int we = ScanText.wordEnd(t, q);
            if (we == q) {
                break;
            }
            if (oneOf(t, q, we, UNIT_WORDS)) {
                int r = we < n && t[we] == '.' ? we + 1 : we;
                if (r + 1 < n && t[r] == ' ' && ScanText.isAsciiAlnum(t[r + 1])) {
                    end = ScanText.wordEnd(t, r + 1);
                    continue;
                }
                break;
            }
            if (we - q == 2 && isUpper(t[q]) && isUpper(t[q + 1])) {
                end = zipAfter(t, we); // state: "CA 94043"
                break;
            }
            if (!isUpper(t[q]) || (lexicon.flags(t, q, we) & Lexicon.STOP) != 0 || !Character.isLowerCase(t[q + 1])) {
                break;
            }
            int cityEnd = we;
            for (int words = 1; words < 3 && cityEnd + 2 < n && t[cityEnd] == ' ' && isUpper(t[cityEnd + 1])
                    && cityEnd + 2 < n && Character.isLowerCase(t[cityEnd + 2]); words++) {
                int w2 = ScanText.wordEnd(t, cityEnd + 1);
                if ((lexicon.flags(t, cityEnd + 1, w2) & Lexicon.STOP) != 0) {
                    break;
                }
                cityEnd = w2;
            }
            end = ukPostcodeAfter(t, cityEnd);
            if (end == cityEnd) {
                end = otherPostcodeAfter(t, q, cityEnd);
            }
        }
        return end;
    }

    /**
     * After an English-speaking city without a UK postcode: an Irish Eircode (" F91 Y2K8", " D6W X2T4"), a Dublin
     * district (" Dublin 2"), an Australian state and postcode (" TAS 7001") or a four-digit postcode (" 6140");
     * {@code p} when there is none. The number must end the address (a word after it makes it something else).
     */
    private static int otherPostcodeAfter(char[] t, int cityStart, int p) {
        int n = t.length;
        if (p + 1 >= n || t[p] != ' ') {
            return p;
        }
        int q = p + 1;
        int we = ScanText.wordEnd(t, q);
        int len = we - q;
        if (len == 3 && isUpper(t[q]) && NumberDetector.isDigit(t[q + 1])
                && (NumberDetector.isDigit(t[q + 2]) || t[q + 2] == 'W') && we + 5 <= n && t[we] == ' ') {
            int r = we + 1;
            int re = ScanText.wordEnd(t, r);
            if (re - r == 4 && allUpperOrDigit(t, r, re) && endsAddress(t, re)) {
                return re; // Eircode: routing key, unique identifier
            }
            return p;
        }
        if (len >= 2 && len <= 3 && allUpperOrDigit(t, q, we) && !NumberDetector.isDigit(t[q]) && we + 5 <= n
                && t[we] == ' ') {
            int r = we + 1;
            int re = ScanText.wordEnd(t, r);
            if (re - r == 4 && allDigits(t, r, re) && endsAddress(t, re)) {
                return re; // "Hobart TAS 7001"
            }
            return p;
        }
        if (len == 4 && allDigits(t, q, we) && endsAddress(t, we)) {
            return we; // "Wellington 6140", "Hobart 7000"
        }
        if (len <= 2 && allDigits(t, q, we) && p - cityStart == 6 && ScanText.startsWith(t, cityStart, "Dublin")
                && endsAddress(t, we)) {
            return we; // the postal districts of Dublin: "Dublin 2", "Dublin 24"
        }
        return p;
    }

    private static boolean allUpperOrDigit(char[] t, int s, int e) {
        for (int i = s; i < e; i++) {
            if (!ScanText.isUpperOrDigit(t[i])) {
                return false;
            }
        }
        return true;
    }

    /** Punctuation, the line or the text end here: nothing follows that would make the number part of a phrase. */
    private static boolean endsAddress(char[] t, int e) {
        int n = t.length;
        if (e >= n) {
            return true;
        }
        char c = t[e];
        if (c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == '\n' || c == '\r' || c == ')') {
            return true;
        }
        if (c != ' ' || e + 1 >= n) {
            return c == ' ';
        }
        char d = t[e + 1];
        return Character.isLowerCase(d) && !NumberDetector.isDigit(d);
    }

    /** " 94043" or " 94043-1351" after a state code; {@code p} when there is none. */
    private static int zipAfter(char[] t, int p) {
        int n = t.length;
        if (p >= n || t[p] != ' ') {
            return p;
        }
        int q = p + 1;
        int r = q;
        while (r < n && NumberDetector.isDigit(t[r])) {
            r++;
        }
        if (r - q != 5) {
            return p;
        }
        return r + 4 < n && t[r] == '-' && allDigits(t, r + 1, r + 5) ? r + 5 : r;
    }

    /** " NW1 6XE", " SW1A 1AA" after a UK city: outward code (letter first, with a digit), inward digit + 2 letters. */
    private static int ukPostcodeAfter(char[] t, int p) {
        int n = t.length;
        if (p + 7 > n || t[p] != ' ') {
            return p;
        }
        int q = p + 1;
        int outward = ScanText.wordEnd(t, q);
        int ol = outward - q;
        if (ol < 2 || ol > 4 || !isUpper(t[q]) || outward + 4 > n || t[outward] != ' ') {
            return p;
        }
        boolean digit = false;
        for (int i = q; i < outward; i++) {
            if (!ScanText.isUpperOrDigit(t[i])) {
                return p;
            }
            digit |= NumberDetector.isDigit(t[i]);
        }
        int in = outward + 1;
        if (digit && NumberDetector.isDigit(t[in]) && isUpper(t[in + 1]) && isUpper(t[in + 2])
                && (in + 3 == n || !ScanText.isWordChar(t[in + 3]))) {
            return in + 3;
        }
        return p;
    }

    private static boolean ordinal(char[] t, int q, int we) {
        int d = leadingDigits(t, q, we);
        return d > 0 && we - q - d == 2 && (ScanText.startsWithIgnoreCase(t, q + d, "st")
                || ScanText.startsWithIgnoreCase(t, q + d, "nd") || ScanText.startsWithIgnoreCase(t, q + d, "rd")
                || ScanText.startsWithIgnoreCase(t, q + d, "th"));
    }

    private static boolean cueBefore(char[] t, int s, Lexicon lexicon) {
        int p = s;
        for (int words = 0; words < 8 && p > 0; words++) {
            int[] w = wordBeforeAt(t, p);
            if (w == null) {
                // skip punctuation such as ':' or ','
                int q = p - 1;
                while (q > 0 && !ScanText.isWordChar(t[q]) && p - q < 4) {
                    q--;
                }
                if (q <= 0 || !ScanText.isWordChar(t[q])) {
                    return false;
                }
                p = q + 1;
                continue;
            }
            if ((lexicon.flags(t, w[0], w[1]) & Lexicon.ADDRESS_CUE) != 0) {
                return true;
            }
            p = w[0];
        }
        return false;
    }

    private static int lastHyphenPart(char[] t, int ws, int we) {
        for (int i = we - 1; i > ws; i--) {
            if (t[i] == '-') {
                return i + 1;
            }
        }
        return ws;
    }

    /** Last letters of the suffixes: most words end elsewhere and need no comparison. */
    private static final String SUFFIX_ENDS = "egzrmtplndih";

    private static boolean endsWithStreetSuffix(char[] t, int s, int e) {
        if (SUFFIX_ENDS.indexOf(Lexicon.lower(t[e - 1])) < 0) {
            return false;
        }
        for (String suffix : STREET_SUFFIXES) {
            int from = e - suffix.length();
            if (from >= s && ScanText.startsWithIgnoreCase(t, from, suffix)) {
                // "kai", "wall", "ring" are short: the word must be longer than the suffix ("Ring 3" is the line)
                return from > s || suffix.length() >= 4 || isStreetWord(t, s, e);
            }
        }
        return false;
    }

    /** The suffix as a word of its own: "Straße", "Str", "Weg", "Platz", "Allee", "Gasse", "Ring", "Damm". */
    private static boolean isStreetWord(char[] t, int s, int e) {
        return oneOf(t, s, e, STREET_WORDS);
    }

    /** The capitalised word right before {@code ws} (one space between), as {start, end}, or null. */
    private static int[] capitalisedWordBefore(char[] t, int ws) {
        int[] w = wordBeforeAt(t, ws);
        return w != null && isUpper(t[w[0]]) && NameDetector.nameShaped(t, w[0], w[1]) ? w : null;
    }

    /** The word that ends one space before {@code at}, or null. */
    private static int[] wordBeforeAt(char[] t, int at) {
        if (at < 2 || t[at - 1] != ' ' || !ScanText.isWordChar(t[at - 2])) {
            return null;
        }
        int e = at - 1;
        int b = e;
        while (b > 0 && e - b < 24 && ScanText.isWordChar(t[b - 1])) {
            b--;
        }
        return new int[] {b, e};
    }

    // the word lists of oneOf, as constants: an array literal in the call would be allocated on every call
    private static final String[] ARTICLES_DATIVE = {"der", "dem", "den"};
    private static final String[] PLACE_PREPOSITIONS = {"am", "an", "im", "in", "ob", "vor", "der", "bei", "a", "i"};
    private static final String[] UNIT_WORDS = {"apt", "apartment", "suite", "ste", "unit", "flat", "floor"};
    private static final String[] STREET_WORDS = {"straße", "strasse", "str", "weg", "platz", "allee", "gasse", "ring",
        "damm", "ufer", "chaussee", "markt", "steig", "pfad", "promenade", "graben", "wall", "kai"};

    private static boolean oneOf(char[] t, int s, int e, String[] words) {
        int len = e - s;
        for (String w : words) {
            if (w.length() == len && ScanText.startsWithIgnoreCase(t, s, w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allOf(char[] t, int s, int e, String chars) {
        for (int i = s; i < e; i++) {
            if (chars.indexOf(t[i]) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean allDigits(char[] t, int s, int e) {
        for (int i = s; i < e; i++) {
            if (!NumberDetector.isDigit(t[i])) {
                return false;
            }
        }
        return true;
    }

    private static int leadingDigits(char[] t, int s, int e) {
        int d = 0;
        while (s + d < e && NumberDetector.isDigit(t[s + d])) {
            d++;
        }
        return d;
    }

    private static int parse(char[] t, int s, int e) {
        int v = 0;
        for (int i = s; i < e; i++) {
            v = v * 10 + t[i] - '0';
        }
        return v;
    }

    private static boolean isUpper(char c) {
        return c < 128 ? c >= 'A' && c <= 'Z' : Character.isUpperCase(c);
    }
}
