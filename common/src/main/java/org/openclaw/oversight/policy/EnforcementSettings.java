package org.openclaw.oversight.policy;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openclaw.oversight.config.ConfigMapping;
import org.openclaw.oversight.config.ConfigNode;
import org.openclaw.oversight.config.NameSuggestion;

/**
 * How the rules of policies.yml are enforced: the optional {@code enforcement} section of the same file
 * (so a pushed document changes phrases, waits and severities together with the rules). Every key has a
 * default; config/README.md lists them.
 *
 * @param severities          alert severity (P1..P4) per rule; rules not listed use their alert type's default
 * @param disclosurePhrases   the AI disclosure a first outbound message must contain (case-insensitive)
 * @param escalationKeywords  words in an inbound message that ask for a human (case-insensitive, whole words)
 * @param loggingWithin       mandatory_logging: an outbound message needs an agent span of its conversation this close
 * @param escalationWithin    human_escalation_enabled: an ESCALATION or human hand-off must follow within this
 * @param humanReviewWithin   mandatory_human_review: a HUMAN_REVIEW must follow a decision span in its trace within this
 * @param killSwitchGrace     kill_switch_required: how long after PAUSE/SHUTDOWN an agent may still emit
 * @param interactionIdle     an interaction (trace) counts as finished this long after its last span (cost state is freed)
 * @param conversationIdle    a conversation's state is freed this long after its last message
 * @param inferencePatterns   regular expressions (case-insensitive) per inference rule, DE and EN
 * @param complianceGreen     compliance score at or above: green zone
 * @param complianceYellow    compliance score at or above (and below green): yellow zone; below: red
 */
public record EnforcementSettings(Map<RuleKind, String> severities, List<String> disclosurePhrases,
                                  List<String> escalationKeywords, Duration loggingWithin, Duration escalationWithin,
                                  Duration humanReviewWithin, Duration killSwitchGrace, Duration interactionIdle,
                                  Duration conversationIdle, Map<RuleKind, List<String>> inferencePatterns,
                                  double complianceGreen, double complianceYellow) implements Serializable {

    public static final List<String> SEVERITIES = List.of("P1", "P2", "P3", "P4");
    public static final List<RuleKind> INFERENCE_RULES =
            List.of(RuleKind.NO_GENDER_INFERENCE, RuleKind.NO_AGE_INFERENCE, RuleKind.NO_ETHNICITY_INFERENCE);

    public static final List<String> DEFAULT_DISCLOSURE_PHRASES = List.of(
            "KI-gestützter Assistent", "KI-Assistent", "KI-Assistenten", "künstliche Intelligenz", "virtueller Assistent",
            "AI assistant", "AI-powered assistant", "virtual assistant", "automated assistant", "you are chatting with an AI");

    public static final List<String> DEFAULT_ESCALATION_KEYWORDS = List.of(
            "MENSCH", "Menschen", "Mitarbeiter", "Sachbearbeiter", "HUMAN", "real person", "agent please", "operator");

    /** Statements or guesses about a person's gender, not mentions of gender policy ("open to all genders"). */
    public static final List<String> DEFAULT_GENDER_PATTERNS = List.of(
            "\\b(?:is|appears to be|seems to be|is likely|is probably|is presumably|must be|looks like|sounds like)\\s+(?:a\\s+)?(?:woman|man|female|male|girl|boy|lady|guy)\\b(?!\\s+(?:and|or)\\b)",
            "\\b(?:likely|probably|presumably|apparently|obviously)\\s+(?:a\\s+)?(?:woman|man|female|male)\\b",
            "\\bgender\\s*(?:is|:|=|appears to be|seems to be|is likely|is probably)\\s*(?:a\\s+)?(?:female|male|woman|man|f|m)\\b",
            "\\b(?:the|this|our)\\s+(?:female|male)\\s+(?:candidate|applicant)\\b",
            "\\b(?:ist|wirkt wie|scheint|vermutlich|wahrscheinlich|offenbar|offensichtlich|wohl)\\s+(?:eine?\\s+)?(?:Frau|Mann|weiblich|männlich)\\b",
            "\\bGeschlecht\\s*(?::|ist|=|wohl|vermutlich|wahrscheinlich)\\s*(?:eine?\\s+)?(?:weiblich|männlich|Frau|Mann|w|m)\\b",
            "\\b(?:die|diese)\\s+(?:weibliche|männliche)\\s+(?:Bewerberin|Bewerber|Kandidatin|Kandidat|Person)\\b");

    /** Statements or guesses about a person's age, not experience ("5 years of experience") or age policy. */
    public static final List<String> DEFAULT_AGE_PATTERNS = List.of(
            "\\b(?:is|appears to be|seems to be|probably|likely|around|about|approximately|roughly|aged)\\s+(?:\\d{2})\\s*(?:years old|years of age|-year-old|yo)\\b",
            "\\b\\d{2}-year-old\\b",
            "\\bin (?:his|her|their) (?:early |mid |late |mid-)?(?:twenties|thirties|forties|fifties|sixties|20s|30s|40s|50s|60s)\\b",
            "\\b(?:too old|too young|older candidate|younger candidate|close to retirement|near retirement|past (?:his|her|their) prime)\\b",
            "\\b(?:his|her|their|the candidate's|the applicant's) age\\s*(?:is|:|=|appears|seems|must be|is around|is about|is probably|is likely|is estimated)\\b(?!\\s+(?:not|irrelevant|never))",
            "\\bborn (?:in|around|about) (?:19|20)\\d{2}\\b",
            "\\b(?:ist|etwa|ungefähr|ca\\.|circa|vermutlich|wahrscheinlich|wohl|schätzungsweise)\\s+\\d{2}\\s*(?:Jahre alt|jährig)\\b",
            "\\b\\d{2}-jährige[rnms]?\\b",
            "\\b(?:Ende|Anfang|Mitte)\\s+(?:zwanzig|dreißig|vierzig|fünfzig|sechzig|20|30|40|50|60)\\b",
            "\\bzu (?:alt|jung)\\b",
            "\\b(?:sein|ihr|das)\\s+Alter\\s*(?::|ist|=|liegt|beträgt|dürfte|schätze)\\b(?!\\s+(?:kein|nicht|irrelevant|egal))",
            "\\bJahrgang\\s+(?:19|20)\\d{2}\\b",
            "\\bgeboren\\s+(?:um|ca\\.|etwa|vermutlich)?\\s*(?:19|20)\\d{2}\\b");

    /** Statements or guesses about a person's ethnic origin, not anti-discrimination statements. */
    public static final List<String> DEFAULT_ETHNICITY_PATTERNS = List.of(
            "\\b(?:is|appears to be|seems to be|is likely|is probably|is presumably|must be|looks|sounds)\\s+(?:a\\s+|an\\s+)?(?:Asian|African|Arab|Arabic|Black|White|Caucasian|Hispanic|Latino|Latina|Turkish|Middle[- ]Eastern|Slavic|Indian|foreign)\\b",
            "\\b(?:likely|probably|presumably|apparently)\\s+(?:of\\s+)?(?:Asian|African|Arab|Hispanic|Latino|Turkish|Middle[- ]Eastern|Slavic|Indian|foreign)\\b",
            "\\b(?:his|her|their|the candidate's|the applicant's)\\s+(?:ethnicity|ethnic background|ethnic origin|race)\\s*(?:is|:|=|appears|seems|must be)\\b(?!\\s+(?:not|irrelevant|never))",
            "\\b(?:name|accent|surname|appearance)\\s+(?:suggests|indicates|implies|points to)\\b.{0,40}\\b(?:origin|background|descent|heritage|roots)\\b",
            "\\bof\\s+(?:Asian|African|Arab|Turkish|Hispanic|Latin American|Middle[- ]Eastern|Slavic|Indian|Eastern European|foreign)\\s+(?:descent|origin|heritage|background)\\b",
            "\\b(?:ist|wirkt|scheint|vermutlich|wahrscheinlich|offenbar|wohl)\\s+(?:eine?\\s+)?(?:Asiat(?:in)?|Afrikaner(?:in)?|Araber(?:in)?|Türke|Türkin|Südländer(?:in)?|Ausländer(?:in)?|asiatisch|afrikanisch|arabisch|türkisch|südländisch|osteuropäisch)\\b",
            "\\b(?:seine|ihre|die)\\s+(?:Herkunft|Abstammung|ethnische Zugehörigkeit)\\s*(?::|ist|=|dürfte|scheint|liegt)\\b(?!\\s+(?:kein|nicht|irrelevant|egal))",
            "\\b(?:Name|Nachname|Akzent|Aussehen)\\s+(?:deutet|lässt|spricht|weist)\\b.{0,40}\\b(?:Herkunft|Abstammung|Migrationshintergrund|Wurzeln)\\b",
            "\\b(?:türkischer|arabischer|asiatischer|afrikanischer|polnischer|russischer|osteuropäischer|südländischer|ausländischer)\\s+(?:Herkunft|Abstammung)\\b");

    public static final EnforcementSettings DEFAULTS = new EnforcementSettings(Map.of(), DEFAULT_DISCLOSURE_PHRASES,
            DEFAULT_ESCALATION_KEYWORDS, Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMinutes(10),
            Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(24),
            Map.of(RuleKind.NO_GENDER_INFERENCE, DEFAULT_GENDER_PATTERNS, RuleKind.NO_AGE_INFERENCE, DEFAULT_AGE_PATTERNS,
                    RuleKind.NO_ETHNICITY_INFERENCE, DEFAULT_ETHNICITY_PATTERNS),
            0.99, 0.95);

    public EnforcementSettings {
        severities = Collections.unmodifiableMap(severities.isEmpty() ? new EnumMap<>(RuleKind.class) : new EnumMap<>(severities));
        disclosurePhrases = List.copyOf(disclosurePhrases);
        escalationKeywords = List.copyOf(escalationKeywords);
        Map<RuleKind, List<String>> patterns = new EnumMap<>(RuleKind.class);
        inferencePatterns.forEach((rule, list) -> patterns.put(rule, List.copyOf(list)));
        inferencePatterns = Collections.unmodifiableMap(patterns);
    }

    /** The configured severity label of a rule, if any (else the alert type's default applies). */
    public Optional<String> severity(RuleKind rule) {
        return Optional.ofNullable(severities.get(rule));
    }

    public List<String> patterns(RuleKind rule) {
        return inferencePatterns.getOrDefault(rule, List.of());
    }

    /** green, yellow or red for a compliance score (share of interactions without a violation). */
    public String complianceZone(double score) {
        return score >= complianceGreen ? "green" : score >= complianceYellow ? "yellow" : "red";
    }

    /** Reads {@code enforcement} of policies.yml; absent keys keep their defaults, errors go to the file's errors. */
    static EnforcementSettings read(ConfigMapping section) {
        EnforcementSettings d = DEFAULTS;
        Map<RuleKind, String> severities = new EnumMap<>(RuleKind.class);
        section.get("severities").flatMap(ConfigNode::mapping).ifPresent(map -> map.entries().forEach(entry -> {
            Optional<RuleKind> rule = RuleKind.byConfigName(entry.key());
            if (rule.isEmpty()) {
                entry.error("unknown rule" + NameSuggestion.knownNames(entry.key(), RuleKind.configNames()));
                return;
            }
            entry.oneOf(SEVERITIES).ifPresent(label -> severities.put(rule.get(), label));
        }));
        List<String> phrases = section.get("disclosure_phrases").map(EnforcementSettings::texts).orElse(d.disclosurePhrases);
        List<String> keywords = section.get("escalation_keywords").map(EnforcementSettings::texts).orElse(d.escalationKeywords);
        Duration logging = section.valueOr("mandatory_logging_within", ConfigNode::duration, d.loggingWithin);
        Duration escalation = section.valueOr("human_escalation_within", ConfigNode::duration, d.escalationWithin);
        Duration review = section.valueOr("human_review_within", ConfigNode::duration, d.humanReviewWithin);
        Duration grace = section.valueOr("kill_switch_grace", ConfigNode::duration, d.killSwitchGrace);
        Duration idle = section.valueOr("interaction_idle", ConfigNode::duration, d.interactionIdle);
        Duration conversationIdle = section.valueOr("conversation_idle", ConfigNode::duration, d.conversationIdle);
        Map<RuleKind, List<String>> patterns = new EnumMap<>(d.inferencePatterns);
        section.get("inference_patterns").flatMap(ConfigNode::mapping).ifPresent(map -> map.entries().forEach(entry -> {
            Optional<RuleKind> rule = RuleKind.byConfigName(entry.key()).filter(INFERENCE_RULES::contains);
            if (rule.isEmpty()) {
                entry.error("not an inference rule: use one of " + INFERENCE_RULES.stream().map(RuleKind::configName).toList());
                return;
            }
            entry.sequence().ifPresent(items -> {
                List<String> regexes = new ArrayList<>();
                for (ConfigNode item : items) {
                    item.string().ifPresent(regex -> {
                        try {
                            Pattern.compile(regex);
                            regexes.add(regex);
                        } catch (PatternSyntaxException e) {
                            item.error("invalid regular expression: " + e.getDescription());
                        }
                    });
                }
                patterns.put(rule.get(), regexes);
            });
        }));
        double green = d.complianceGreen;
        double yellow = d.complianceYellow;
        Optional<ConfigMapping> zones = section.get("compliance_zones").flatMap(ConfigNode::mapping);
        if (zones.isPresent()) {
            green = zones.get().valueOr("green", node -> node.number(0, 1), green);
            yellow = zones.get().valueOr("yellow", node -> node.number(0, 1), yellow);
            zones.get().rejectUnknownKeys();
            if (yellow > green) {
                zones.get().errors().add(zones.get().line(), zones.get().path() + ".yellow",
                        "yellow (" + yellow + ") must not be above green (" + green + ")");
            }
        }
        section.rejectUnknownKeys();
        return new EnforcementSettings(severities, phrases, keywords, logging, escalation, review, grace, idle,
                conversationIdle, patterns, green, yellow);
    }

    private static List<String> texts(ConfigNode node) {
        List<String> values = new ArrayList<>();
        node.sequence().ifPresent(items -> items.forEach(item -> item.string().ifPresent(values::add)));
        if (values.isEmpty()) {
            node.error("needs at least one entry");
        }
        return values;
    }
}
