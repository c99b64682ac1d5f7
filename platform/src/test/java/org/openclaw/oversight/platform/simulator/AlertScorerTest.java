package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.ControlAction;
import org.openclaw.oversight.schema.ControlCommand;
import org.openclaw.oversight.schema.Severity;
import picocli.CommandLine;

/** The scorer on synthetic alerts: hits, misses, wrong agent, outside the bound, false positives. */
class AlertScorerTest {
    private static InjectionReport report;
    private static List<ExpectedAlert> required;

    @BeforeAll
    static void simulate() {
        // the built-in scenario with the PAUSE incident response sends the agent that ignores it
        Fleet fleet = Fleet.builtIn();
        Scenario scenario = new ScenarioLoader(fleet).loadBuiltIn();
        Incident ignoring = scenario.incidents().stream().filter(i -> i.type() == IncidentType.IGNORES_KILL_SWITCH)
                .findFirst().orElseThrow();
        ControlCommand pause = ControlCommand.newBuilder().setAgentId(ignoring.agentId())
                .setTenantId(fleet.find(ignoring.agentId()).orElseThrow().tenantId()).setAction(ControlAction.PAUSE)
                .setReason("AlignmentDrop").setIssuedAt(Instant.ofEpochMilli(RecordedRun.START)).build();
        report = RecordedRun.of(fleet, scenario, new SimulationSettings(42, RecordedRun.START, 50),
                new RecordedRun.TimedCommands().add(ignoring.atMs() + 60_000, pause), SimulationRun.UNBOUNDED,
                scenario.endMs() + 30_000).report;
        required = report.expectedAlerts().stream().filter(ExpectedAlert::required).toList();
        assertThat(required).allMatch(e -> e.untestable() == null);
    }

    @Test
    void oneAlertPerExpectationInsideItsBoundsPassesWithTheLatencyFromTheIncidentStart() {
        AlertScorer.Score score = scorer().score(hits(required, 30_000));
        assertThat(score.missed()).isZero();
        assertThat(score.falsePositives()).isEmpty();
        assertThat(score.passed()).isTrue();
        for (AlertScorer.Detection d : score.detections()) {
            assertThat(d.latencyMs()).isEqualTo(d.expected().notBefore() + 30_000 - d.expected().incidentStart());
        }
        assertThat(score.describe()).contains("detected").doesNotContain("MISSED").doesNotContain("FALSE POSITIVE")
                .contains("score: " + required.size() + " of " + required.size() + " expected alerts detected");
    }

    @Test
    void aMissingAlertIsMissed() {
        List<ObservedAlert> alerts = new ArrayList<>(hits(required, 1_000));
        ObservedAlert dropped = alerts.remove(0);
        AlertScorer.Score score = scorer().score(alerts);
        assertThat(score.missed()).isEqualTo(1);
        assertThat(score.passed()).isFalse();
        assertThat(score.describe()).contains("MISSED").contains(dropped.alertname());
    }

    @Test
    void theRightAlertForTheWrongAgentIsAMissAndAFalsePositive() {
        ExpectedAlert pii = required.stream().filter(e -> e.type() == AlertType.PII_LEAK).findFirst().orElseThrow();
        List<ObservedAlert> alerts = hits(required.stream().filter(e -> e != pii).toList(), 1_000);
        alerts.add(new ObservedAlert("fp1", pii.type().alertname(), Severity.P1, pii.tenant(), "onboarding-agent",
                null, pii.notBefore() + 1_000, pii.type().source()));
        AlertScorer.Score score = scorer().score(alerts);
        assertThat(score.detections()).filteredOn(d -> !d.detected()).extracting(AlertScorer.Detection::expected)
                .containsExactly(pii);
        assertThat(score.falsePositives()).extracting(ObservedAlert::agent).containsExactly("onboarding-agent");
    }

    @Test
    void anAlertAfterItsBoundIsAMissAndAFalsePositiveAndOneJustInsideIsAHit() {
        ExpectedAlert cost = required.stream().filter(e -> e.type() == AlertType.COST_ANOMALY).findFirst().orElseThrow();
        List<ObservedAlert> others = hits(required.stream().filter(e -> e != cost).toList(), 1_000);

        List<ObservedAlert> late = new ArrayList<>(others);
        late.add(alert(cost, cost.notAfter() + 1, "late"));
        AlertScorer.Score lateScore = scorer().score(late);
        assertThat(lateScore.missed()).isEqualTo(1);
        assertThat(lateScore.falsePositives()).extracting(ObservedAlert::fingerprint).containsExactly("late");

        List<ObservedAlert> early = new ArrayList<>(others);
        early.add(alert(cost, cost.notBefore() - 1, "early"));
        assertThat(scorer().score(early).falsePositives()).extracting(ObservedAlert::fingerprint)
                .containsExactly("early");

        List<ObservedAlert> justIn = new ArrayList<>(others);
        justIn.add(alert(cost, cost.notAfter(), "edge"));
        assertThat(scorer().score(justIn).passed()).isTrue();
    }

    @Test
    void anAlertNoIncidentExplainsIsAFalsePositiveButAToleratedConsequenceIsNot() {
        List<ObservedAlert> alerts = hits(required, 1_000);
        ExpectedAlert tolerated = report.expectedAlerts().stream()
                .filter(e -> !e.required() && e.type() == AlertType.TOKEN_ANOMALY).findFirst().orElseThrow();
        alerts.add(alert(tolerated, tolerated.notBefore() + 5_000, "tolerated"));
        alerts.add(new ObservedAlert("stray", AlertType.LATENCY_ANOMALY.alertname(), Severity.P3, "acme-retail",
                "support-agent", null, report.startMillis() + 20_000, "anomaly-detection"));
        AlertScorer.Score score = scorer().score(alerts);
        assertThat(score.missed()).isZero();
        assertThat(score.falsePositives()).extracting(ObservedAlert::fingerprint).containsExactly("stray");
        assertThat(score.describe()).contains("FALSE POSITIVE     LatencyAnomaly P3 acme-retail/support-agent");
    }

    @Test
    void reSentAndResolvedCopiesCountOnceAndAlertsOfOtherRunsAreLeftOut() {
        List<ObservedAlert> alerts = hits(required, 1_000);
        alerts.addAll(hits(required, 1_000)); // the same fingerprints and starts again (re-sent, resolved)
        ObservedAlert stray = new ObservedAlert("stray", AlertType.LATENCY_ANOMALY.alertname(), Severity.P3,
                "acme-retail", "support-agent", null, report.startMillis() + 20_000, "anomaly-detection");
        alerts.add(stray);
        alerts.add(stray);
        alerts.add(new ObservedAlert("old", AlertType.COST_ANOMALY.alertname(), Severity.P3, "acme-retail",
                "sales-agent", null, report.startMillis() - 3_600_000, "anomaly-detection"));
        AlertScorer.Score score = scorer().score(alerts);
        assertThat(score.falsePositives()).hasSize(1);
        assertThat(score.outsideTheRun()).isEqualTo(1);
    }

    @Test
    void withoutIncidentsEveryAlertIsAFalsePositive() {
        InjectionReport quiet = RecordedRun.of(Fleet.builtIn(), Scenario.none(), 3, SimulationRun.UNBOUNDED, 120_000)
                .report;
        AlertScorer scorer = AlertScorer.of(ScoredReport.of(quiet), Set.of());
        AlertScorer.Score score = scorer.score(List.of(new ObservedAlert("a", "CostAnomaly", Severity.P3,
                "acme-retail", "sales-agent", null, quiet.startMillis() + 60_000, "anomaly-detection")));
        assertThat(score.detections()).isEmpty();
        assertThat(score.falsePositives()).hasSize(1);
        assertThat(score.passed()).isFalse();
        assertThat(scorer.score(List.of()).passed()).isTrue();
    }

    @Test
    void aSourceFilterScoresOneJobOnly() {
        List<ObservedAlert> anomalyHits = hits(required.stream()
                .filter(e -> e.type().source().equals("anomaly-detection")).toList(), 1_000);
        anomalyHits.add(new ObservedAlert("policy", AlertType.POLICY_VIOLATION.alertname(), Severity.P3,
                "acme-retail", "support-agent", "mandatory_logging", report.startMillis() + 1_000,
                "policy-enforcement"));
        AlertScorer.Score score = AlertScorer.of(ScoredReport.of(report), Set.of("anomaly-detection"))
                .score(anomalyHits);
        assertThat(score.passed()).isTrue();
        assertThat(score.ofOtherSources()).isEqualTo(1);
        assertThat(score.detections()).allMatch(d -> d.expected().type().source().equals("anomaly-detection"));
    }

    @Test
    void theKillSwitchExpectationWithoutAKillCommandIsReportedAsNotTriggered() {
        InjectionReport withoutCommands = RecordedRun.builtIn(42).report;
        List<ExpectedAlert> all = withoutCommands.expectedAlerts().stream().filter(ExpectedAlert::required).toList();
        AlertScorer.Score score = AlertScorer.of(ScoredReport.of(withoutCommands), Set.of()).score(hits(all, 1_000));
        assertThat(score.missed()).isEqualTo(1);
        List<String> lines = score.describe().lines().filter(l -> l.contains("kill_switch_required")).toList();
        assertThat(lines).singleElement().asString().startsWith("MISSED (not triggered");
    }

    @Test
    void theCommandReadsJsonLinesInBothShapesAndExitsOneOnAMiss(@TempDir Path dir) throws Exception {
        Path reportFile = dir.resolve("report.json");
        Files.writeString(reportFile, report.toJson());
        List<ExpectedAlert> policy = required.stream().filter(e -> e.type().source().equals("policy-enforcement"))
                .toList();
        // half as Alert.avsc fields with epoch millis, half in Alertmanager's shape with ISO times
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < policy.size(); i++) {
            ExpectedAlert e = policy.get(i);
            long at = e.notBefore() + 2_000;
            String rule = e.rule() == null ? "" : ",\"rule\":\"" + e.rule() + "\"";
            lines.add(i % 2 == 0
                    ? "{\"fingerprint\":\"f" + i + "\",\"alertname\":\"" + e.type().alertname() + "\",\"severity\":\"P3\","
                            + "\"tenantId\":\"" + e.tenant() + "\",\"agentId\":\"" + e.agent() + "\",\"labels\":{" + rule.substring(Math.min(1, rule.length())) + "},"
                            + "\"startsAt\":" + at + ",\"source\":\"policy-enforcement\"}"
                    : "{\"fingerprint\":\"f" + i + "\",\"labels\":{\"alertname\":\"" + e.type().alertname() + "\",\"tenant\":\""
                            + e.tenant() + "\",\"agent\":\"" + e.agent() + "\",\"severity\":\"P3\",\"source\":\"policy-enforcement\""
                            + rule + "},\"startsAt\":\"" + Instant.ofEpochMilli(at) + "\"}");
        }
        Path alerts = dir.resolve("alerts.jsonl");
        Files.write(alerts, lines);

        Result pass = score(reportFile, alerts, "--source", "policy-enforcement");
        assertThat(pass.out).as(pass.err).contains("score: " + policy.size() + " of " + policy.size());
        assertThat(pass.exit).as(pass.out).isZero();

        Files.write(alerts, lines.subList(1, lines.size()));
        Result miss = score(reportFile, alerts, "--source", "policy-enforcement");
        assertThat(miss.exit).isEqualTo(SimulateCommand.EXIT_FAILED);
        assertThat(miss.out).contains("MISSED");

        Files.writeString(alerts, "{\"alertname\": \"CostAnomaly\"}\n");
        Result bad = score(reportFile, alerts);
        assertThat(bad.exit).isEqualTo(SimulateCommand.EXIT_USAGE);
        assertThat(bad.err).contains(alerts + ":1").contains("startsAt");
    }

    private static Result score(Path report, Path alerts, String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("--score", "--report", report.toString(), "--alerts",
                alerts.toString()));
        args.addAll(List.of(more));
        int exit = new CommandLine(new SimulateCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {
    }

    private static AlertScorer scorer() {
        return AlertScorer.of(ScoredReport.of(report), Set.of());
    }

    /** One alert per expectation, {@code afterMs} after its lower bound. */
    private static List<ObservedAlert> hits(List<ExpectedAlert> expectations, long afterMs) {
        return expectations.stream().map(e -> alert(e, e.notBefore() + afterMs, "fp-" + e.describe() + e.incident()))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private static ObservedAlert alert(ExpectedAlert e, long startsAt, String fingerprint) {
        return new ObservedAlert(fingerprint, e.type().alertname(), e.severity() != null ? e.severity()
                : e.type().defaultSeverity(), e.tenant(), e.agent(), e.rule(), startsAt, e.type().source());
    }
}
