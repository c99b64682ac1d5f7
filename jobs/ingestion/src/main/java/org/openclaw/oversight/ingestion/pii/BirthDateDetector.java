package org.openclaw.oversight.ingestion.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates of birth: a date only counts when a birth keyword (geboren, geb., Geburtsdatum, Geburtstag, born, DOB,
 * date of birth, birthday) stands shortly before it, because dates as such are everywhere in agent traffic.
 * The date regex runs only on the short window after a keyword; it has no nested quantifiers.
 */
final class BirthDateDetector {
    /** How far after the keyword the date may start ("Geburtsdatum des Kunden: 12.03.1985"). */
    private static final int WINDOW = 40;

    private static final String DE_MONTHS = "Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September"
            + "|Oktober|November|Dezember";
    private static final String EN_MONTHS = "January|February|March|April|May|June|July|August|September|October"
            + "|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";
    private static final Pattern DATE = Pattern.compile(
            "(?:"
                    + "(?<dd1>\\d{1,2})\\.\\s?(?<mm1>\\d{1,2})\\.\\s?(?<yy1>\\d{4}|\\d{2})"
                    + "|(?<yy2>\\d{4})-(?<mm2>\\d{2})-(?<dd2>\\d{2})"
                    + "|(?<aa3>\\d{1,2})(?<sep3>[/-])(?<bb3>\\d{1,2})\\k<sep3>(?<yy3>\\d{4}|\\d{2})"
                    + "|(?<dd4>\\d{1,2})(?:\\.|st|nd|rd|th)?\\s(?:of\\s)?(?<mn4>" + DE_MONTHS + "|" + EN_MONTHS
                    + ")\\.?,?\\s(?<yy4>\\d{4})"
                    + "|(?<mn5>" + EN_MONTHS + ")\\.?\\s(?:the\\s)?(?<dd5>\\d{1,2})(?:st|nd|rd|th)?,?\\s(?<yy5>\\d{4})"
                    + ")(?![\\d.]\\d)(?!\\d)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** How far after a date a birth keyword may follow ("am 12.03.1985 in Köln geboren"). */
    private static final int AFTER_WINDOW = 40;
    /** How far after the start of a date the keyword may start (the date itself takes up to 12 characters). */
    static final int AFTER_REACH = 12 + AFTER_WINDOW;

    private static final String MONTH_INITIALS = "JFMASONDjfmasond";

    private static final String[] DE_KEYWORDS = {"geboren", "geb.", "geburtsdatum", "geburtstag"};
    private static final String[] EN_KEYWORDS = {"born", "dob", "d.o.b.", "date of birth", "birthday", "birth date",
            "birthdate"};

    private BirthDateDetector() {
    }

    /** First letters of the keywords: the scanner only calls {@link #detect} for words starting with these. */
    static boolean mayStartKeyword(char c) {
        char lower = (char) (c | 0x20);
        return lower == 'g' || lower == 'b' || lower == 'd';
    }

    /** If a birth keyword starts at {@code s}, records the date that follows it; returns the date's end or -1. */
    static int detect(String string, char[] text, int s, Candidates out) {
        if (!mayBeKeyword(text, s)) {
            return -1; // "die", "das", "be", "go": the common words starting with these letters end here
        }
        String language = null;
        int keywordEnd = -1;
        char first = (char) (text[s] | 0x20); // an ASCII letter: the scanner calls in at letter words only
        for (String k : DE_KEYWORDS) {
            if (k.charAt(0) == first && ScanText.startsWithIgnoreCase(text, s, k) && !compound(text, s + k.length())) {
                language = "de";
                keywordEnd = s + k.length();
                break;
            }
        }
        if (language == null) {
            for (String k : EN_KEYWORDS) {
                if (k.charAt(0) == first && ScanText.startsWithIgnoreCase(text, s, k)) {
                    int end = s + k.length();
                    if (end < text.length && Character.isLetter(text[end])
                            && !k.equals("birthday") && !k.equals("born")) {
                        continue; // "dobby" is not DOB; "birthdays"/"borne" are close enough to keep
                    }
                    language = "en";
                    keywordEnd = end;
                    break;
                }
            }
        }
        if (language == null) {
            return -1;
        }
        // Try the date only where one can start (a digit after a non-digit, or a word that may be a month name),
        // with lookingAt: a handful of cheap anchored attempts instead of a find() over the whole window.
        int n = text.length;
        int windowEnd = Math.min(n, keywordEnd + WINDOW);
        Matcher m = null;
        boolean matched = false;
        for (int p = keywordEnd; p < windowEnd && !matched; p++) {
            char c = text[p];
            char prev = text[p - 1];
            boolean digitStart = NumberDetector.isDigit(c) && !NumberDetector.isDigit(prev) && prev != '.';
            // every month name has three or more letters: "am", "an", "in" end here without running the regex
            boolean monthStart = MONTH_INITIALS.indexOf(c) >= 0 && !Character.isLetter(prev)
                    && p + 2 < n && Character.isLetter(text[p + 1]) && Character.isLetter(text[p + 2]);
            if (digitStart || monthStart) {
                m = m == null ? DATE.matcher(string) : m;
                m.region(p, Math.min(n, p + 32)).useTransparentBounds(true);
                matched = m.lookingAt();
            }
        }
        if (!matched) {
            return -1;
        }
        String iso = isoDate(m);
        if (iso == null) {
            return -1;
        }
        out.add(PiiType.DATE_OF_BIRTH, m.start(), m.end(), "dob-" + language, iso);
        return m.end();
    }

    /**
     * A date at {@code s} (a digit) followed, in the same sentence and within {@value #AFTER_WINDOW} characters, by
     * "geboren", "Geburtsdatum" or "Geburtstag": "am 12.03.1985 geboren", "12.03.1985 (Geburtsdatum)". The keyword
     * is looked for first, in that short window only, with plain char comparisons, so that the dates in ordinary text
     * (order dates, deadlines) cost a few dozen comparisons and no regex. ("born" after a date is not a cue:
     * "1985-03-12, born ready".) Returns the date's end, or -1.
     */
    static int dateThenKeyword(String string, char[] text, int s, Candidates out) {
        int n = text.length;
        int limit = Math.min(n, s + AFTER_REACH);
        int keyword = -1;
        for (int p = s + 6; p < limit; p++) {
            char c = text[p];
            if (c == '\n' || ((c == '!' || c == '?') && p + 1 < n && text[p + 1] == ' ')) {
                break;
            }
            char lc = (char) (c | 0x20);
            if ((lc == 'g') && !Character.isLetter(text[p - 1])
                    && (ScanText.startsWithIgnoreCase(text, p, "geboren")
                    || (ScanText.startsWithIgnoreCase(text, p, "geburtsdatum") && !compound(text, p + 12))
                    || (ScanText.startsWithIgnoreCase(text, p, "geburtstag") && !compound(text, p + 10)))) {
                keyword = p;
                break;
            }
        }
        if (keyword < 0) {
            return -1;
        }
        Matcher m = DATE.matcher(string);
        m.region(s, Math.min(n, s + 32)).useTransparentBounds(true);
        if (!m.lookingAt() || m.end() > keyword) {
            return -1;
        }
        for (int p = m.end(); p < keyword; p++) {
            char c = text[p];
            if (c == '.' && p + 2 < n && text[p + 1] == ' ' && Character.isUpperCase(text[p + 2])) {
                return -1; // the keyword is in the next sentence
            }
        }
        String iso = isoDate(m);
        if (iso == null) {
            return -1;
        }
        out.add(PiiType.DATE_OF_BIRTH, m.start(), m.end(), "dob-date-then-keyword", iso);
        return m.end();
    }

    /**
     * The keyword ending at {@code e} goes on as a compound: "Geburtstagsfeier", "Geburtstagskarte" name a party or
     * a card, and their date is no birth date. "geboren" is exempt ("geborene"), so are the genitive "Geburtstags"
     * and "Geburtsdatums" and the abbreviation "geb.".
     */
    private static boolean compound(char[] t, int e) {
        int n = t.length;
        if (e >= n || !Character.isLetter(t[e]) || (e >= 1 && t[e - 1] == '.')
                || ScanText.startsWithIgnoreCase(t, e - 7, "geboren")) {
            return false;
        }
        int p = e;
        if ((t[p] | 0x20) == 's') {
            p++;
        } else if ((t[p] | 0x20) == 'e' && p + 1 < n && (t[p + 1] | 0x20) == 's') {
            p += 2;
        }
        return p < n && Character.isLetter(t[p]);
    }

    /** Whether a date may start at the digit {@code s}: "12.03.", "3/12/", "1985-03-", "12. März", "12 June". */
    static boolean mayStartDate(char[] t, int s, int wordEnd) {
        int n = t.length;
        int len = wordEnd - s;
        if (wordEnd >= n) {
            return false;
        }
        char c = t[wordEnd];
        if (len <= 2) {
            if ((c == '.' || c == '/' || c == '-') && wordEnd + 1 < n && NumberDetector.isDigit(t[wordEnd + 1])) {
                return true;
            }
            int p = c == '.' ? wordEnd + 1 : wordEnd;
            return p + 1 < n && t[p] == ' ' && Character.isLetter(t[p + 1]);
        }
        if (len == 4) {
            return c == '-' && wordEnd + 1 < n && NumberDetector.isDigit(t[wordEnd + 1]);
        }
        // "12th March 1985": the word is "12th"
        return len <= 4 && Character.isLetter(t[wordEnd - 1]) && c == ' ';
    }

    /** The keywords begin geb, bor, bir, dob, d.o or dat (any case). */
    private static boolean mayBeKeyword(char[] text, int s) {
        if (s + 3 > text.length) {
            return false;
        }
        char a = (char) (text[s] | 0x20);
        char b = (char) (text[s + 1] | 0x20);
        char c = (char) (text[s + 2] | 0x20);
        return switch (a) {
            case 'g' -> b == 'e' && c == 'b';
            case 'b' -> (b == 'o' && c == 'r') || (b == 'i' && c == 'r');
            case 'd' -> (b == 'o' && c == 'b') || (text[s + 1] == '.' && c == 'o') || (b == 'a' && c == 't');
            default -> false;
        };
    }

    /** yyyy-mm-dd, so that 12.03.1985 and 1985-03-12 pseudonymise alike; null when it is no real date. */
    private static String isoDate(Matcher m) {
        int day;
        int month;
        int year;
        if (m.group("dd1") != null) {
            day = Integer.parseInt(m.group("dd1"));
            month = Integer.parseInt(m.group("mm1"));
            year = Integer.parseInt(m.group("yy1"));
        } else if (m.group("yy2") != null) {
            day = Integer.parseInt(m.group("dd2"));
            month = Integer.parseInt(m.group("mm2"));
            year = Integer.parseInt(m.group("yy2"));
        } else if (m.group("aa3") != null) {
            int a = Integer.parseInt(m.group("aa3"));
            int b = Integer.parseInt(m.group("bb3"));
            // US order month/day unless the first number cannot be a month
            month = a <= 12 ? a : b;
            day = a <= 12 ? b : a;
            year = Integer.parseInt(m.group("yy3"));
        } else if (m.group("dd4") != null) {
            day = Integer.parseInt(m.group("dd4"));
            month = monthNumber(m.group("mn4"));
            year = Integer.parseInt(m.group("yy4"));
        } else {
            day = Integer.parseInt(m.group("dd5"));
            month = monthNumber(m.group("mn5"));
            year = Integer.parseInt(m.group("yy5"));
        }
        if (year < 100) {
            year += year <= 30 ? 2000 : 1900; // "geb. 3.9.85": two-digit years only ever occur next to a keyword
        }
        if (day < 1 || day > 31 || month < 1 || month > 12 || year < 1870 || year > 2100) {
            return null;
        }
        return year + (month < 10 ? "-0" : "-") + month + (day < 10 ? "-0" : "-") + day;
    }

    private static int monthNumber(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.startsWith("jan") || n.startsWith("jä")) {
            return 1;
        }
        if (n.startsWith("feb")) {
            return 2;
        }
        if (n.startsWith("mär") || n.startsWith("mae") || n.startsWith("mar")) {
            return 3;
        }
        if (n.startsWith("apr")) {
            return 4;
        }
        if (n.startsWith("mai") || n.startsWith("may")) {
            return 5;
        }
        if (n.startsWith("jun")) {
            return 6;
        }
        if (n.startsWith("jul")) {
            return 7;
        }
        if (n.startsWith("aug")) {
            return 8;
        }
        if (n.startsWith("sep")) {
            return 9;
        }
        if (n.startsWith("o")) {
            return 10;
        }
        if (n.startsWith("nov")) {
            return 11;
        }
        return 12;
    }
}
