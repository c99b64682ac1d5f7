package org.openclaw.oversight.bench.choices;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs our implementation and the library's on the same input in this JVM, in alternating order
 * (ours first in even rounds, the library first in odd ones) so neither profits systematically from
 * a warmer JIT, a quieter moment of a loaded machine or a fuller database; then reports every round
 * and the decision rule of issue 10: keep ours only if it is at least {@link #KEEP_OURS_AT} times
 * as fast end to end (median of the rounds).
 *
 * <p>Each run also returns what it produced (a digest); every run must produce the same one, so a
 * variant that is fast because it is wrong fails the benchmark instead of winning it.
 */
final class AlternatingRounds {

    static final double KEEP_OURS_AT = 1.5;

    /**
     * What the two variants are called in the log and the report; {@link #OURS_LIBRARY} also prints
     * the decision rule of issue 10. The first name is the first variant passed to {@code run}.
     */
    record Names(String first, String second, boolean decisionRule) {
        static final Names OURS_LIBRARY = new Names("ours", "library", true);
        /** A chosen configuration against the one it was chosen over (no decision rule: both are the library). */
        static final Names CHOSEN_OTHER = new Names("chosen", "other", false);
    }

    /**
     * One execution: how long the job ran (job net runtime), a digest of what it wrote, and the CPU
     * it took ({@link CpuClock}, -1 when unknown).
     */
    record Run(long millis, String digest, long cpuNanos) {}

    @FunctionalInterface
    interface Variant {
        /** Runs the job over the first {@code items} items of the input. */
        Run run(String label, long items) throws Exception;
    }

    /** The rates of one round, items/s. */
    record Round(int number, boolean oursFirst, Run ours, Run library, long items) {
        double oursRate() {
            return items * 1000.0 / ours.millis;
        }

        double libraryRate() {
            return items * 1000.0 / library.millis;
        }

        /** How many times faster ours is: library time / our time. */
        double ratio() {
            return (double) library.millis / ours.millis;
        }

        double oursCpuMicrosPerItem() {
            return ours.cpuNanos / 1000.0 / items;
        }

        double libraryCpuMicrosPerItem() {
            return library.cpuNanos / 1000.0 / items;
        }

        /** Library CPU / our CPU; NaN when unknown. */
        double cpuRatio() {
            return ours.cpuNanos > 0 && library.cpuNanos > 0 ? (double) library.cpuNanos / ours.cpuNanos : Double.NaN;
        }
    }

    record Result(List<Round> rounds, String digest) {
        double medianRatio() {
            return median(rounds.stream().map(Round::ratio).toList());
        }

        double medianCpuRatio() {
            return median(rounds.stream().map(Round::cpuRatio).toList());
        }

        private static double median(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        boolean keepOurs() {
            return medianRatio() >= KEEP_OURS_AT;
        }
    }

    private AlternatingRounds() {}

    /**
     * One warm-up run of each over {@code warmUpItems} (not reported: class loading, JIT), then
     * {@code rounds} rounds over {@code items}. Throws when two runs of the same input disagree.
     */
    static Result run(int rounds, long items, long warmUpItems, Variant ours, Variant library, PrintStream log) throws Exception {
        return run(rounds, items, warmUpItems, ours, library, Names.OURS_LIBRARY, log);
    }

    static Result run(int rounds, long items, long warmUpItems, Variant ours, Variant library, Names names, PrintStream log)
            throws Exception {
        String a = names.first();
        String b = names.second();
        log.printf("warm-up over %,d items: %s, then %s (not reported)%n", warmUpItems, a, b);
        String warm = checked(null, a + ", warm-up", ours.run("warmup-" + a, warmUpItems));
        checked(warm, b + ", warm-up", library.run("warmup-" + b, warmUpItems));
        String expected = null;
        List<Round> done = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            boolean oursFirst = r % 2 == 1;
            Run o;
            Run l;
            if (oursFirst) {
                o = ours.run("round" + r + "-" + a, items);
                l = library.run("round" + r + "-" + b, items);
            } else {
                l = library.run("round" + r + "-" + b, items);
                o = ours.run("round" + r + "-" + a, items);
            }
            expected = checked(expected, a + ", round " + r, o);
            expected = checked(expected, b + ", round " + r, l);
            Round round = new Round(r, oursFirst, o, l, items);
            log.printf("round %d (%s first): %s %,d ms (%,.0f/s, %.1f us CPU each), %s %,d ms (%,.0f/s, %.1f us CPU each), "
                    + "%s/%s %.2f (CPU %.2f)%n", r, oursFirst ? a : b, a, o.millis(), round.oursRate(),
                    round.oursCpuMicrosPerItem(), b, l.millis(), round.libraryRate(), round.libraryCpuMicrosPerItem(), a, b,
                    round.ratio(), round.cpuRatio());
            done.add(round);
        }
        return new Result(done, expected);
    }

    private static String checked(String expected, String what, Run run) {
        if (expected != null && !Objects.equals(expected, run.digest())) {
            throw new IllegalStateException("The variants disagree: " + what + " produced " + run.digest() + " but the first run produced "
                    + expected + ". A benchmark of different results measures nothing; fix the variant first.");
        }
        return run.digest();
    }

    /** The per-round table and the decision, for the README. */
    static void report(String title, String unit, Result result, PrintStream out) {
        report(title, unit, result, Names.OURS_LIBRARY, out);
    }

    static void report(String title, String unit, Result result, Names names, PrintStream out) {
        String a = names.first();
        String b = names.second();
        out.println();
        out.println("=== " + title + " ===");
        out.printf("| %-5s | %-7s | %14s | %14s | %12s | %13s | %13s | %9s |%n", "round", "first", a + " " + unit, b + " " + unit,
                a + "/" + b, a + " CPU us", b + " CPU us", "CPU ratio");
        for (Round r : result.rounds()) {
            out.printf("| %-5d | %-7s | %14.0f | %14.0f | %12.2f | %13.1f | %13.1f | %9.2f |%n", r.number(), r.oursFirst() ? a : b,
                    r.oursRate(), r.libraryRate(), r.ratio(), r.oursCpuMicrosPerItem(), r.libraryCpuMicrosPerItem(), r.cpuRatio());
        }
        out.printf("median %s/%s: %.2f end to end%s; CPU per item %s/%s: %.2f%n", a, b, result.medianRatio(),
                names.decisionRule() ? " (keep ours only at >= " + KEEP_OURS_AT + ")" : "", b, a, result.medianCpuRatio());
        out.println("outputs identical in every run: " + result.digest());
        if (names.decisionRule()) {
            out.println(result.keepOurs() ? "decision: KEEP OURS (at least " + KEEP_OURS_AT + "x faster end to end)"
                    : "decision: USE THE LIBRARY (ours is less than " + KEEP_OURS_AT + "x faster end to end)");
        }
    }
}
