package org.openclaw.oversight.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Finds the known name closest to a misspelt one, so an error can say "did you mean 'customer_facing'?"
 * instead of leaving the reader to compare two lists letter by letter.
 */
public final class NameSuggestion {

    private NameSuggestion() {
    }

    /** The closest known name within a small edit distance, or empty if none is close enough to be a typo. */
    public static Optional<String> closest(String wrong, Collection<String> known) {
        int tolerance = Math.max(1, Math.min(3, wrong.length() / 3));
        return known.stream()
                .filter(name -> distance(wrong, name) <= tolerance)
                .min(Comparator.comparingInt((String name) -> distance(wrong, name)).thenComparing(name -> name));
    }

    /** Message suffix listing the known names, with a suggestion first when there is one. */
    public static String knownNames(String wrong, Collection<String> known) {
        String list = String.join(", ", known);
        return closest(wrong, known).map(s -> " — did you mean '" + s + "'? (known: " + list + ")")
                .orElse(" (known: " + list + ")");
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
