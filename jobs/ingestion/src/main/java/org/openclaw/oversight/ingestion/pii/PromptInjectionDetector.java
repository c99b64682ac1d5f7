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

    private record Rule(String name, Pattern pattern) {
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static final List<Rule> RULES = List.of(
            rule("ignore-previous-instructions", "\\bignore\\s+(?:all\\s+|any\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+|my\\s+)?"
                    + "(?:previous|prior|above|earlier|preceding|foregoing)\\s+"
                    + "(?:instructions?|prompts?|rules|directions|directives|messages?)"),
            rule("disregard-above", "\\bdisregard\\s+(?:all\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+)?"
                    + "(?:above|previous|prior|earlier|preceding)\\b"),
            rule("system-prefix", "(?m)^[ \\t]*(?:###\\s*)?system\\s*:"),
            rule("inst-tag", "\\[/?INST\\]"),
            rule("chatml-tag", "<\\|im_(?:start|end)\\|>|<\\|(?:system|user|assistant)\\|>"),
            rule("you-are-now", "\\byou\\s+are\\s+now\\s+(?:a|an|the|my|no\\s+longer|in\\s+(?:dan|developer|god)|dan)\\b"),
            rule("act-without-restrictions", "\\bact\\s+as\\s+[^\\n]{1,60}?\\s+without\\s+(?:any\\s+)?"
                    + "(?:restrictions|limits|limitations|filters|rules|guidelines|censorship)"),
            rule("developer-mode", "\\b(?:developer|dev|god|jailbreak)\\s+mode\\b"),
            rule("de-ignore-instructions", "\\bignorier(?:e|en|t)?\\s+(?:bitte\\s+)?(?:alle\\s+)?(?:deine\\s+|ihre\\s+|die\\s+)?"
                    + "(?:vorherigen|bisherigen|vorigen|obigen|vorangegangenen|früheren)\\s+"
                    + "(?:anweisungen|instruktionen|befehle|regeln|vorgaben)"),
            rule("de-forget-instructions", "\\bvergiss\\s+(?:bitte\\s+)?(?:alle\\s+)?(?:deine|ihre|die|alle)\\s+"
                    + "(?:bisherigen\\s+|vorherigen\\s+)?(?:anweisungen|instruktionen|regeln|vorgaben)"),
            rule("de-you-are-now", "\\bdu\\s+bist\\s+(?:jetzt|nun|ab\\s+sofort)\\s+(?:ein|eine|der|die|das|mein|meine|kein|keine|dan)\\b"));

    private PromptInjectionDetector() {
    }

    private static Rule rule(String name, String regex) {
        return new Rule(name, Pattern.compile(regex, FLAGS));
    }

    public static boolean suspected(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (Rule r : RULES) {
            if (r.pattern().matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    /** Names of the rules that match, in rule order; empty when none does. */
    public static List<String> matchedRules(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(2);
        for (Rule r : RULES) {
            if (r.pattern().matcher(text).find()) {
                names.add(r.name());
            }
        }
        return List.copyOf(names);
    }
}
