package org.openclaw.oversight.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.enforcement.rules.NoAgeInferenceRule;
import org.openclaw.oversight.enforcement.rules.NoEthnicityInferenceRule;
import org.openclaw.oversight.enforcement.rules.NoGenderInferenceRule;
import org.openclaw.oversight.enforcement.rules.PhraseInferenceRule;
import org.openclaw.oversight.policy.EnforcementSettings;

/**
 * Precision and recall of the default DE/EN inference patterns on the labelled sample
 * ({@code inference-sample.tsv}: 203 sentences, about half of them hard negatives). A sentence counts as a positive
 * for a rule only when labelled so for that rule; every other sentence of the sample is a negative for it. The
 * numbers are in the module README; the floors below guard them against regressions.
 */
class InferenceSampleTest {

    record Sample(String rule, boolean positive, String language, String sentence) {}

    record Score(int tp, int fp, int fn, int tn) {
        double precision() {
            return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        }
    }

    static List<Sample> samples() throws Exception {
        List<Sample> samples = new ArrayList<>();
        try (InputStream in = InferenceSampleTest.class.getResourceAsStream("/inference-sample.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                samples.add(new Sample(f[0], f[1].equals("1"), f[2], f[3]));
            }
        }
        return samples;
    }

    static Map<String, Score> scores(List<Sample> samples) {
        Map<String, PhraseInferenceRule> rules = new LinkedHashMap<>();
        rules.put("gender", new NoGenderInferenceRule());
        rules.put("age", new NoAgeInferenceRule());
        rules.put("ethnicity", new NoEthnicityInferenceRule());
        Map<String, Score> scores = new LinkedHashMap<>();
        rules.forEach((name, rule) -> {
            List<String> patterns = EnforcementSettings.DEFAULTS.patterns(rule.kind());
            int tp = 0, fp = 0, fn = 0, tn = 0;
            for (Sample s : samples) {
                boolean positive = s.positive() && s.rule().equals(name);
                boolean flagged = rule.firstMatch(s.sentence(), patterns).isPresent();
                if (positive && flagged) {
                    tp++;
                } else if (positive) {
                    fn++;
                    System.out.println("missed (" + name + "): " + s.sentence());
                } else if (flagged) {
                    fp++;
                    System.out.println("false positive (" + name + "): " + s.sentence());
                } else {
                    tn++;
                }
            }
            scores.put(name, new Score(tp, fp, fn, tn));
        });
        return scores;
    }

    @Test
    void theSampleHasAtLeast200SentencesHalfOfThemHardNegatives() throws Exception {
        List<Sample> samples = samples();
        assertThat(samples).hasSizeGreaterThanOrEqualTo(200);
        long negatives = samples.stream().filter(s -> !s.positive()).count();
        assertThat((double) negatives / samples.size()).isBetween(0.45, 0.55);
        assertThat(samples).extracting(Sample::language).contains("de", "en");
    }

    @Test
    void precisionAndRecallPerRule() throws Exception {
        Map<String, Score> scores = scores(samples());
        scores.forEach((rule, s) -> System.out.printf(Locale.ROOT, "%-10s precision %.3f recall %.3f (tp %d fp %d fn %d tn %d)%n",
                rule, s.precision(), s.recall(), s.tp(), s.fp(), s.fn(), s.tn()));
        scores.forEach((rule, s) -> {
            assertThat(s.precision()).as(rule + " precision").isGreaterThanOrEqualTo(0.85);
            assertThat(s.recall()).as(rule + " recall").isGreaterThanOrEqualTo(0.60);
        });
    }
}
