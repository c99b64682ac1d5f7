package org.openclaw.oversight.bench.pii;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The approach the scanner replaces: one java.util.regex pass per detector over the whole text. It only finds
 * candidates (no checksums, no redaction), so it is a lower bound for the cost of that approach.
 */
final class RegexPerDetectorBaseline {
    private static final List<Pattern> DETECTORS = List.of(
            Pattern.compile("\\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,}"),
            Pattern.compile("(?<![\\w+])(?:\\+\\d{1,3}[ -]?\\d{2,4}[ -]?\\d{3,10}(?:[ -]\\d{2,5})?"
                    + "|0\\d{2,4}[ /-]?\\d{3,8}|\\(\\d{3}\\) ?\\d{3}-\\d{4}|\\d{3}[-.]\\d{3}[-.]\\d{4})(?![\\w])"),
            Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b"),
            Pattern.compile("\\b(?:\\d{4}[ -]?){3}\\d{1,7}\\b|\\b\\d{4}[ -]?\\d{6}[ -]?\\d{4,5}\\b"),
            Pattern.compile("\\b(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\b"),
            Pattern.compile("(?<![\\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\\w:])"
                    + "|(?<![\\w:])(?:[0-9A-Fa-f]{1,4}:){0,6}(?::[0-9A-Fa-f]{1,4}){1,6}(?![\\w:])"),
            Pattern.compile("\\b[1-9]\\d{10}\\b|\\b\\d{2} \\d{3} \\d{3} \\d{3}\\b"),
            Pattern.compile("\\b(?!000|666|9\\d\\d)\\d{3}[- ](?!00)\\d{2}[- ](?!0000)\\d{4}\\b"),
            Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b"),
            Pattern.compile("\\bsk-[A-Za-z0-9_-]{20,}"),
            Pattern.compile("(?i)\\bbearer +[A-Za-z0-9._~+/=-]{16,}"),
            Pattern.compile("-----BEGIN [A-Z ]{0,30}PRIVATE KEY-----[\\s\\S]{0,8192}?-----END [A-Z ]{0,30}PRIVATE KEY-----"),
            Pattern.compile("(?i)(?:geboren|geb\\.|geburtsdatum|geburtstag|born|dob|date of birth|birthday)"
                    + "\\D{0,40}?(?:\\d{1,2}\\.\\s?\\d{1,2}\\.\\s?\\d{4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{4})"),
            // the detectors of issue 11, as naively as the rest: names, addresses, German identity numbers
            Pattern.compile("\\b(?:Herr|Frau|Mr\\.?|Mrs\\.?|Ms\\.?|Dr\\.?|heiße|[Nn]ame ist|name is|Hallo|Dear|Grüße"
                    + "|regards,?)\\s+\\p{Lu}\\p{Ll}+(?:\\s+\\p{Lu}\\p{Ll}+)?"),
            Pattern.compile("\\b\\p{Lu}\\p{Ll}+\\s+\\p{Lu}\\p{Ll}+\\b"),
            Pattern.compile("\\b\\p{Lu}\\p{L}+(?:straße|strasse|str\\.|weg|platz|allee|gasse|ring|damm)\\s+\\d{1,4}[a-z]?"
                    + "(?:,?\\s+\\d{5}\\s+\\p{Lu}\\p{Ll}+)?|\\b\\d{5}\\s+\\p{Lu}\\p{Ll}+"),
            Pattern.compile("\\b\\d{1,5}[A-Z]?\\s+(?:\\p{Lu}\\p{Ll}+\\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Drive"
                    + "|Terrace|Boulevard|Way)\\b"),
            Pattern.compile("(?i)(?:geboren|born)\\D{0,40}?\\d{1,2}\\.\\d{1,2}\\.\\d{2,4}|\\d{1,2}\\.\\d{1,2}\\.\\d{4}\\D{0,30}geboren"),
            Pattern.compile("\\b[CFGHJKLMNPRTVWXYZ][0-9CFGHJKLMNPRTVWXYZ]{8}\\d?\\b"),
            Pattern.compile("\\b[A-Z]\\d{9}\\b"),
            Pattern.compile("\\b\\d{2}\\s?\\d{6}\\s?[A-Z]\\s?\\d{3}\\b"));

    private RegexPerDetectorBaseline() {
    }

    /** Number of candidate matches over all detectors. */
    static int countMatches(String text) {
        int count = 0;
        for (Pattern p : DETECTORS) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                count++;
            }
        }
        return count;
    }
}
