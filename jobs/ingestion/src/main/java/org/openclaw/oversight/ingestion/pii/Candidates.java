package org.openclaw.oversight.ingestion.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Matches collected during one scan, before overlaps are resolved. Not thread-safe; one per scan. */
final class Candidates {

    /** A match; {@code normalised} is set only when it cannot be derived from the matched text alone (dates). */
    record Match(PiiType type, int start, int end, String detector, String normalised) {
        int length() {
            return end - start;
        }
    }

    private static final Comparator<Match> ORDER =
            Comparator.comparingInt(Match::start).thenComparing(Comparator.comparingInt(Match::length).reversed());

    private final List<Match> matches = new ArrayList<>(4);

    void add(PiiType type, int start, int end, String detector) {
        matches.add(new Match(type, start, end, detector, null));
    }

    void add(PiiType type, int start, int end, String detector, String normalised) {
        matches.add(new Match(type, start, end, detector, normalised));
    }

    boolean isEmpty() {
        return matches.isEmpty();
    }

    /**
     * Non-overlapping matches sorted by start. Of two overlapping matches the longer wins (an IBAN beats a card
     * number inside it); on equal length the more specific type wins.
     * A single sweep keeps this linear in the number of matches.
     */
    List<Match> resolved() {
        if (matches.size() <= 1) {
            return matches;
        }
        if (!inOrder()) { // the walk finds matches left to right; only e-mails (found at '@') and dates may not be
            matches.sort(ORDER);
        }
        List<Match> kept = new ArrayList<>(matches.size());
        for (Match m : matches) {
            if (kept.isEmpty()) {
                kept.add(m);
                continue;
            }
            Match last = kept.get(kept.size() - 1);
            if (m.start() >= last.end()) {
                kept.add(m);
            } else if (beats(m, last)) {
                // sorted by start, so the winner cannot reach back over the match kept before `last`
                kept.set(kept.size() - 1, m);
            }
        }
        return kept;
    }

    private boolean inOrder() {
        for (int i = 1; i < matches.size(); i++) {
            if (ORDER.compare(matches.get(i - 1), matches.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean beats(Match challenger, Match holder) {
        if (challenger.length() != holder.length()) {
            return challenger.length() > holder.length();
        }
        return specificity(challenger.type()) > specificity(holder.type());
    }

    private static int specificity(PiiType type) {
        return switch (type) {
            case SECRET -> 15;
            case IBAN -> 14;
            case PAYMENT_CARD -> 13;
            case DE_TAX_ID -> 12;
            case DE_PENSION_INSURANCE_NUMBER -> 11;
            case DE_HEALTH_INSURANCE_NUMBER -> 10;
            case DE_ID_CARD -> 9;
            case DE_PASSPORT -> 8;
            case US_SSN -> 7;
            case EMAIL -> 6;
            case DATE_OF_BIRTH -> 5;
            case POSTAL_ADDRESS -> 4;
            case PERSON -> 3;
            case IP_ADDRESS -> 2;
            case PHONE -> 1;
        };
    }
}
