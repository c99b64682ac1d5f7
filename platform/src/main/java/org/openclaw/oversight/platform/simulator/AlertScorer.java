package org.openclaw.oversight.platform.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openclaw.oversight.schema.AlertType;

/**
 * Scores the alerts of a run against what its injection report expects (issue 12, "Correctness"): every required
 * expected alert is DETECTED by an alert with its name (and rule, severity when given), tenant and agent whose
 * {@code startsAt} lies in its bounds, or MISSED; every alert of the run that no incident explains — neither a
 * required nor a tolerated alert of any incident — is a FALSE POSITIVE. Re-sent and resolved copies of an alert
 * (same fingerprint and start) count once. Alerts starting outside the run (before its first event, after its last
 * event plus the longest detection bound) belong to another run and are left out.
 *
 * <p>{@code sources} limits the score to the alerts of some jobs (a detector's own test leaves the policy job's
 * alerts to the policy job); empty means every job.
 */
public final class AlertScorer {
    private final List<ExpectedAlert> expectations;
    private final long fromMillis;
    private final long toMillis;
    private final Set<String> sources;

    public AlertScorer(List<ExpectedAlert> expectations, long fromMillis, long toMillis, Set<String> sources) {
        this.expectations = List.copyOf(expectations);
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
        this.sources = Set.copyOf(sources);
    }

    /** Scores against the expectations of a report file ({@link ScoredReport}). */
    public static AlertScorer of(ScoredReport report, Set<String> sources) {
        return new AlertScorer(report.expectations(), report.fromMillis(), report.toMillis(), sources);
    }

    public Score score(List<ObservedAlert> alerts) {
        Map<String, ObservedAlert> occurrences = new LinkedHashMap<>();
        int outside = 0;
        int otherSources = 0;
        for (ObservedAlert a : alerts) {
            if (!sources.isEmpty() && !sources.contains(sourceOf(a))) {
                otherSources++;
            } else if (a.startsAt() < fromMillis || a.startsAt() > toMillis) {
                outside++;
            } else {
                occurrences.putIfAbsent(a.occurrenceKey(), a);
            }
        }
        List<ObservedAlert> run = occurrences.values().stream()
                .sorted(Comparator.comparingLong(ObservedAlert::startsAt)).toList();
        List<Detection> detections = new ArrayList<>();
        for (ExpectedAlert e : expectations) {
            if (!e.required() || !sources.isEmpty() && !sources.contains(e.type().source())) {
                continue;
            }
            ObservedAlert first = e.untestable() != null ? null
                    : run.stream().filter(e::matches).findFirst().orElse(null);
            detections.add(new Detection(e, first));
        }
        List<ObservedAlert> falsePositives = run.stream()
                .filter(a -> expectations.stream().noneMatch(e -> e.matches(a))).toList();
        return new Score(detections, falsePositives, outside, otherSources);
    }

    private static String sourceOf(ObservedAlert a) {
        if (a.source() != null) {
            return a.source();
        }
        return AlertType.of(a.alertname()).map(AlertType::source).orElse("");
    }

    /** One required alert and the first alert that detected it (null: missed). */
    public record Detection(ExpectedAlert expected, ObservedAlert alert) {
        public boolean detected() {
            return alert != null;
        }

        /** From the incident's start to the alert's start. */
        public long latencyMs() {
            return alert == null ? -1 : alert.startsAt() - expected.incidentStart();
        }
    }

    /** The outcome: detections and misses, false positives, and what was left out. */
    public record Score(List<Detection> detections, List<ObservedAlert> falsePositives, int outsideTheRun,
            int ofOtherSources) {

        public long missed() {
            return detections.stream().filter(d -> !d.detected()).count();
        }

        /** Passed: nothing missed and no false positive. */
        public boolean passed() {
            return missed() == 0 && falsePositives.isEmpty();
        }

        /** One line per expected alert and per false positive, then the totals. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            for (Detection d : detections) {
                ExpectedAlert e = d.expected();
                // an alert may start a little before its incident: windows start at the minute, silence at the last beat
                String latency = (d.latencyMs() < 0 ? "-" : "+") + EventTimeCheck.human(Math.abs(d.latencyMs()));
                String verdict = d.detected() ? String.format("detected %-8s", latency)
                        : e.untestable() != null ? "MISSED (not triggered: " + e.untestable() + ")" : "MISSED";
                sb.append(String.format("%-18s %-62s %s%n", verdict, e.describe(), e.incident()));
            }
            for (ObservedAlert a : falsePositives) {
                sb.append(String.format("FALSE POSITIVE     %s%s %s %s/%s startsAt %s (fingerprint %s)%n", a.alertname(),
                        a.rule() == null ? "" : "{rule=" + a.rule() + "}", a.severity(), a.tenant(),
                        a.agent() == null ? "*" : a.agent(), Instant.ofEpochMilli(a.startsAt()),
                        a.fingerprint()));
            }
            sb.append(String.format("score: %d of %d expected alerts detected, %d missed, %d false positives",
                    detections.size() - missed(), detections.size(), missed(), falsePositives.size()));
            if (outsideTheRun > 0 || ofOtherSources > 0) {
                sb.append(String.format(" (left out: %d alerts starting outside the run, %d of other jobs)",
                        outsideTheRun, ofOtherSources));
            }
            return sb.append('\n').toString();
        }
    }
}
