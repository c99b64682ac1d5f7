package org.openclaw.oversight.ingestion.pii;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Seed layer S5 of the guardrails: phrases that try to override an agent's instructions or role, in English and
 * German. Case-insensitive; each rule is a small regex without nested quantifiers, so matching stays linear.
 * A hit only tags the event ({@code injectionSuspected}); it blocks nothing.
 */
public final class PromptInjectionDetector implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A rule and the words its pattern cannot match without: if one is missing from the text, the regex is skipped. */
    private record Rule(String name, Pattern pattern, String... required) {
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static final List<Rule> RULES = List.of(
            rule("ignore-previous-instructions", new String[] {"ignore"}, "\\bignore\\s+(?:all\\s+|any\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+|my\\s+)?"
                    + "(?:previous|prior|above|earlier|preceding|foregoing)\\s+"
                    + "(?:instructions?|prompts?|rules|directions|directives|messages?)"),
            rule("disregard-above", new String[] {"disregard"}, "\\bdisregard\\s+(?:all\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+)?"
                    + "(?:above|previous|prior|earlier|preceding)\\b"),
            rule("system-prefix", new String[] {"system"}, "(?m)^[ \\t]*(?:###\\s*)?system\\s*:"),
            rule("inst-tag", new String[] {"inst]"}, "\\[/?INST\\]"),
            rule("chatml-tag", new String[] {"<|"}, "<\\|im_(?:start|end)\\|>|<\\|(?:system|user|assistant)\\|>"),
            rule("you-are-now", new String[] {"you", "are", "now"}, "\\byou\\s+are\\s+now\\s+(?:a|an|the|my|no\\s+longer|in\\s+(?:dan|developer|god)|dan)\\b"),
            rule("act-without-restrictions", new String[] {"act", "without"}, "\\bact\\s+as\\s+[^\\n]{1,60}?\\s+without\\s+(?:any\\s+)?"
                    + "(?:restrictions|limits|limitations|filters|rules|guidelines|censorship)"),
            rule("developer-mode", new String[] {"mode"}, "\\b(?:developer|dev|god|jailbreak)\\s+mode\\b"),
            rule("de-ignore-instructions", new String[] {"ignorier"}, "\\bignorier(?:e|en|t)?\\s+(?:bitte\\s+)?(?:alle\\s+)?(?:deine\\s+|ihre\\s+|die\\s+)?"
                    + "(?:vorherigen|bisherigen|vorigen|obigen|vorangegangenen|früheren)\\s+"
                    + "(?:anweisungen|instruktionen|befehle|regeln|vorgaben)"),
            rule("de-forget-instructions", new String[] {"vergiss"}, "\\bvergiss\\s+(?:bitte\\s+)?(?:alle\\s+)?(?:deine|ihre|die|alle)\\s+"
                    + "(?:bisherigen\\s+|vorherigen\\s+)?(?:anweisungen|instruktionen|regeln|vorgaben)"),
            rule("de-you-are-now", new String[] {"du", "bist"}, "\\bdu\\s+bist\\s+(?:jetzt|nun|ab\\s+sofort)\\s+(?:ein|eine|der|die|das|mein|meine|kein|keine|dan)\\b"));

    private PromptInjectionDetector() {
    }

    private static Rule rule(String name, String[] required, String regex) {
        return new Rule(name, Pattern.compile(regex, FLAGS), required);
    }

    public static boolean suspected(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        String folded = caseFolded(text);
        for (Rule r : RULES) {
            if (mayMatch(r, folded) && r.pattern().matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Running eleven case-insensitive Unicode regexes over every text was most of the ingestion job's time; almost
     * no text contains every word a rule needs, so a substring test on the case-folded text skips nearly all of them.
     */
    private static boolean mayMatch(Rule rule, String folded) {
        for (String word : rule.required()) {
            if (!folded.contains(word)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Each char as {@link Pattern#UNICODE_CASE} compares it: lower case of upper case, so that e.g. the dotless 'ı',
     * the long 's' and the Kelvin sign fold to 'i', 's' and 'k' exactly when the regex would treat them as those.
     */
    static String caseFolded(String text) {
        char[] chars = new char[text.length()];
        for (int i = 0; i < chars.length; i++) {
            char c = text.charAt(i);
            chars[i] = c < 128
                    ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c)
                    : Character.toLowerCase(Character.toUpperCase(c));
        }
        return new String(chars);
    }

    /** Names of the rules that match, in rule order; empty when none does. */
    public static List<String> matchedRules(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(2);
        String folded = caseFolded(text);
        for (Rule r : RULES) {
            if (mayMatch(r, folded) && r.pattern().matcher(text).find()) {
                names.add(r.name());
            }
        }
        return List.copyOf(names);
    }
}
