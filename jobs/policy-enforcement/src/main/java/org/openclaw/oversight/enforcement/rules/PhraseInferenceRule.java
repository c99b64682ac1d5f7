package org.openclaw.oversight.enforcement.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openclaw.oversight.enforcement.Finding;
import org.openclaw.oversight.enforcement.Judgement;
import org.openclaw.oversight.schema.CleanEvent;

/**
 * The inference rules (gender, age, ethnicity): the agent's output states or guesses a person's protected
 * attribute, found by the DE/EN patterns of {@code enforcement.inference_patterns}. The observed value is the
 * index of the pattern that matched, never the sentence (it may be about a real person).
 */
public abstract class PhraseInferenceRule implements EventRule {

    private transient List<String> compiledFrom;
    private transient List<Pattern> compiled;

    /** The first pattern that matches {@code text}, as its index; empty when none does. */
    public Optional<Integer> firstMatch(String text, List<String> patterns) {
        if (!patterns.equals(compiledFrom)) {
            List<Pattern> fresh = new ArrayList<>();
            for (String regex : patterns) {
                fresh.add(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS));
            }
            compiled = fresh;
            compiledFrom = patterns;
        }
        for (int i = 0; i < compiled.size(); i++) {
            Matcher matcher = compiled.get(i).matcher(text);
            if (matcher.find()) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Finding> check(CleanEvent event, Judgement judgement) {
        String output = EventText.output(event);
        if (EventText.empty(output)) {
            return Optional.empty();
        }
        return firstMatch(output, judgement.enforcement().patterns(kind()))
                .map(index -> new Finding(kind(), "output matches inference pattern #" + index, "no " + attribute() + " inference",
                        "REVIEW", List.of(event.getEventId())));
    }

    /** gender, age or ethnicity. */
    protected abstract String attribute();
}
