package org.openclaw.oversight.ingestion.pii;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Precision and recall per {@link PiiType} of a scanner on a {@link LabelledCorpus}.
 * <ul>
 * <li>A label counts as <b>found</b> when findings of its type cover every letter and digit of it — a name of
 * which only the first name was redacted is a miss, since the rest still leaks.
 * <li>A finding counts as <b>correct</b> when it overlaps a label of its type; otherwise it is a false positive.
 * </ul>
 */
public final class CorpusScore {
    /** The types whose values carry a check digit or checksum (or, for a passport without one, a keyword). */
    public static final Set<PiiType> CHECKSUMMED = EnumSet.of(PiiType.IBAN, PiiType.PAYMENT_CARD, PiiType.DE_TAX_ID,
            PiiType.DE_ID_CARD, PiiType.DE_PASSPORT, PiiType.DE_HEALTH_INSURANCE_NUMBER,
            PiiType.DE_PENSION_INSURANCE_NUMBER);

    /** Counts of one type. */
    public static final class Counts {
        int labels;
        int found;
        int findings;
        int correct;

        public int labels() {
            return labels;
        }

        public int found() {
            return found;
        }

        public int findings() {
            return findings;
        }

        public int correct() {
            return correct;
        }

        /** found / labels; 1 when there are no labels. */
        public double recall() {
            return labels == 0 ? 1 : (double) found / labels;
        }

        /** correct / findings; 1 when there are no findings. */
        public double precision() {
            return findings == 0 ? 1 : (double) correct / findings;
        }

        void add(Counts o) {
            labels += o.labels;
            found += o.found;
            findings += o.findings;
            correct += o.correct;
        }
    }

    private final Map<PiiType, Counts> byType = new EnumMap<>(PiiType.class);
    private int sentences;
    private int negatives;
    private final java.util.List<String> misses = new java.util.ArrayList<>();
    private final java.util.List<String> falsePositives = new java.util.ArrayList<>();

    private CorpusScore() {
    }

    public static CorpusScore of(PiiScanner scanner, List<LabelledCorpus.Sentence> corpus) {
        CorpusScore score = new CorpusScore();
        for (LabelledCorpus.Sentence s : corpus) {
            score.add(s, scanner.scan(s.text()).findings());
        }
        return score;
    }

    private void add(LabelledCorpus.Sentence s, List<PiiFinding> findings) {
        sentences++;
        if (s.labels().isEmpty()) {
            negatives++;
        }
        String text = s.text();
        for (LabelledCorpus.Label label : s.labels()) {
            Counts c = counts(label.type());
            c.labels++;
            boolean covered = true;
            for (int i = label.start(); i < label.end() && covered; i++) {
                if (Character.isLetterOrDigit(text.charAt(i)) && !coveredBy(findings, label.type(), i)) {
                    covered = false;
                }
            }
            if (covered) {
                c.found++;
            } else {
                misses.add(s.source() + ":" + s.line() + " " + label.type() + " '"
                        + text.substring(label.start(), label.end()) + "'");
            }
        }
        for (PiiFinding f : findings) {
            Counts c = counts(f.type());
            c.findings++;
            boolean overlaps = false;
            for (LabelledCorpus.Label label : s.labels()) {
                if (label.type() == f.type() && label.start() < f.end() && f.start() < label.end()) {
                    overlaps = true;
                    break;
                }
            }
            if (overlaps) {
                c.correct++;
            } else {
                falsePositives.add(s.source() + ":" + s.line() + " " + f.type() + " '"
                        + text.substring(f.start(), f.end()) + "' by " + f.detector());
            }
        }
    }

    private static boolean coveredBy(List<PiiFinding> findings, PiiType type, int i) {
        for (PiiFinding f : findings) {
            if (f.type() == type && f.start() <= i && i < f.end()) {
                return true;
            }
        }
        return false;
    }

    private Counts counts(PiiType type) {
        return byType.computeIfAbsent(type, t -> new Counts());
    }

    public Counts of(PiiType type) {
        return byType.getOrDefault(type, new Counts());
    }

    /** The types summed, e.g. {@link #CHECKSUMMED}. */
    public Counts of(Set<PiiType> types) {
        Counts sum = new Counts();
        for (PiiType t : types) {
            sum.add(of(t));
        }
        return sum;
    }

    public int sentences() {
        return sentences;
    }

    public int negatives() {
        return negatives;
    }

    /**
     * Missed labels and false positives as "file:line TYPE 'value'". They quote the corpus's own (synthetic) values:
     * for tuning and test failure messages, never for logs of real traffic.
     */
    public List<String> misses() {
        return List.copyOf(misses);
    }

    public List<String> falsePositives() {
        return List.copyOf(falsePositives);
    }

    /** A table: type, labels, found, findings, correct, recall, precision; then the checksummed types together. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-28s %6s %6s %8s %7s %7s %9s%n", "type", "labels", "found",
                "findings", "correct", "recall", "precision"));
        for (PiiType t : PiiType.values()) {
            Counts c = byType.get(t);
            if (c != null) {
                row(sb, t.name(), c);
            }
        }
        row(sb, "(checksummed types)", of(CHECKSUMMED));
        sb.append(String.format(Locale.ROOT, "%d sentences, %d without personal data%n", sentences, negatives));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, Counts c) {
        sb.append(String.format(Locale.ROOT, "%-28s %6d %6d %8d %7d %7.3f %9.3f%n", name, c.labels, c.found,
                c.findings, c.correct, c.recall(), c.precision()));
    }
}
