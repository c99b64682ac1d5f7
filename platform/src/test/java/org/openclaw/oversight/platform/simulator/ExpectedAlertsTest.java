package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.Severity;

/** The report's expected alerts follow the cross-helper mapping and its detection bounds (README-simulator.md). */
class ExpectedAlertsTest {
    private static RecordedRun run;

    @BeforeAll
    static void simulate() {
        run = RecordedRun.builtIn(42);
    }

    @Test
    void everyIncidentOfTheBuiltInScenarioExpectsItsMappedAlert() {
        Map<IncidentType, AlertType> mapped = Map.ofEntries(Map.entry(IncidentType.COST_SPIKE, AlertType.COST_ANOMALY),
                Map.entry(IncidentType.TOKEN_SURGE, AlertType.TOKEN_ANOMALY),
                Map.entry(IncidentType.PROMPT_INJECTION, AlertType.TOKEN_ANOMALY),
                Map.entry(IncidentType.LATENCY_DEGRADATION, AlertType.LATENCY_ANOMALY),
                Map.entry(IncidentType.ERROR_BURST, AlertType.ERROR_RATE_ANOMALY),
                Map.entry(IncidentType.AGENT_SILENT, AlertType.AGENT_UNREACHABLE),
                Map.entry(IncidentType.AGENT_DOWN, AlertType.AGENT_UNREACHABLE),
                Map.entry(IncidentType.AGENT_STOPPED, AlertType.AGENT_UNREACHABLE),
                Map.entry(IncidentType.AGENT_DEGRADED, AlertType.AGENT_DEGRADED),
                Map.entry(IncidentType.ALIGNMENT_DROP, AlertType.ALIGNMENT_DROP),
                Map.entry(IncidentType.PII_IN_OUTPUT, AlertType.PII_LEAK),
                Map.entry(IncidentType.MISSING_AI_DISCLOSURE, AlertType.POLICY_VIOLATION),
                Map.entry(IncidentType.HUMAN_ESCALATION_UNANSWERED, AlertType.POLICY_VIOLATION),
                Map.entry(IncidentType.UNAPPROVED_VERSION, AlertType.POLICY_VIOLATION),
                Map.entry(IncidentType.IGNORES_KILL_SWITCH, AlertType.POLICY_VIOLATION));
        assertThat(mapped.keySet()).containsExactlyInAnyOrder(IncidentType.values());
        List<ExpectedAlert> all = run.report.expectedAlerts();
        for (IncidentOutcome o : run.report.incidents()) {
            Incident i = o.incident();
            List<ExpectedAlert> required = all.stream().filter(e -> e.incident().equals(i.label()))
                    .filter(ExpectedAlert::required).toList();
            assertThat(required).as(i.label()).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo(mapped.get(i.type()));
                assertThat(e.agent()).isEqualTo(i.agentId());
                assertThat(e.tenant()).isEqualTo(Fleet.builtIn().find(i.agentId()).orElseThrow().tenantId());
                assertThat(e.notBefore()).isLessThanOrEqualTo(o.windowStart());
                assertThat(e.notAfter()).isGreaterThan(o.windowStart());
            });
        }
    }

    @Test
    void policyAlertsNameTheirRuleAndTheInjectionWithLongContextIsP2() {
        assertThat(required(IncidentType.MISSING_AI_DISCLOSURE).rule()).isEqualTo("transparency_notice_required");
        assertThat(required(IncidentType.HUMAN_ESCALATION_UNANSWERED).rule()).isEqualTo("human_escalation_enabled");
        assertThat(required(IncidentType.UNAPPROVED_VERSION).rule()).isEqualTo("dual_review_for_changes");
        assertThat(required(IncidentType.IGNORES_KILL_SWITCH).rule()).isEqualTo("kill_switch_required");
        assertThat(required(IncidentType.PII_IN_OUTPUT).rule()).isNull();
        assertThat(required(IncidentType.PROMPT_INJECTION).severity()).isEqualTo(Severity.P2);
    }

    @Test
    void windowDetectorsGetFiveMinutesPlusDisorderPlusOneAfterTheEndFromTheStartOfTheMinute() {
        IncidentOutcome cost = outcome(IncidentType.COST_SPIKE);
        ExpectedAlert e = required(IncidentType.COST_SPIKE);
        assertThat(e.notBefore()).isEqualTo(cost.windowStart() - cost.windowStart() % 60_000);
        assertThat(e.notAfter()).isEqualTo(cost.windowEnd() + 6 * 60_000);

        Fleet fleet = Fleet.builtIn();
        Scenario scenario = new ScenarioLoader(fleet).loadBuiltIn();
        RecordedRun disordered = RecordedRun.of(fleet, scenario, new SimulationSettings(42, RecordedRun.START, 50)
                .withDisorder(5_000), null, SimulationRun.UNBOUNDED, 7 * 60_000);
        assertThat(disordered.report.expectedAlerts().stream()
                .filter(x -> x.required() && x.type() == AlertType.COST_ANOMALY).findFirst().orElseThrow().notAfter())
                .isEqualTo(cost.windowEnd() + 6 * 60_000 + 5_000);
    }

    @Test
    void anUnreachableAgentMustBeNoticedWithinTheTimeoutNotByTheEndOfItsWindow() {
        for (IncidentType type : List.of(IncidentType.AGENT_SILENT, IncidentType.AGENT_DOWN, IncidentType.AGENT_STOPPED)) {
            IncidentOutcome o = outcome(type);
            ExpectedAlert e = required(type);
            assertThat(e.notBefore()).as(type.yamlName()).isEqualTo(o.windowStart() - 5_000);
            assertThat(e.notAfter()).as(type.yamlName()).isEqualTo(o.windowStart() + 60_000 + 5_000 + 60_000);
        }
        ExpectedAlert degraded = required(IncidentType.AGENT_DEGRADED);
        assertThat(degraded.notAfter() - degraded.notBefore()).isEqualTo(5_000 + 60_000);
    }

    @Test
    void aSilenceShorterThanTheTimeoutIsNotExpectedToAlert() {
        Scenario shortSilence = new Scenario("test", List.of(
                new Incident(IncidentType.AGENT_SILENT, "legal-agent", 30_000, 45_000, Map.of())));
        RecordedRun r = RecordedRun.of(Fleet.builtIn(), shortSilence, 1, SimulationRun.UNBOUNDED, 120_000);
        assertThat(r.report.expectedAlerts()).noneMatch(ExpectedAlert::required)
                .anyMatch(e -> e.type() == AlertType.AGENT_UNREACHABLE);
    }

    @Test
    void anErrorBurstThatCascadesToTwoAgentsExpectsACascadingFailureAndEachCascadeItsErrorRate() {
        Incident burst = outcome(IncidentType.ERROR_BURST).incident();
        List<ExpectedAlert> required = run.report.expectedAlerts().stream().filter(ExpectedAlert::required).toList();
        assertThat(required).anyMatch(e -> e.type() == AlertType.CASCADING_FAILURE && e.agent().equals(burst.agentId()));
        for (String target : Fleet.builtIn().find(burst.agentId()).orElseThrow().handoffTargets()) {
            assertThat(required).anyMatch(e -> e.type() == AlertType.ERROR_RATE_ANOMALY && e.agent().equals(target));
        }
        // a cost spike's extra tokens may also trip the per-call token detector: tolerated, not required
        assertThat(run.report.expectedAlerts()).anyMatch(e -> !e.required() && e.type() == AlertType.TOKEN_ANOMALY
                && e.incident().equals(outcome(IncidentType.COST_SPIKE).incident().label()));
    }

    @Test
    void theReportFileGivesTheScorerTheSameExpectations(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.json");
        Files.writeString(file, run.report.toJson());
        ScoredReport read = ScoredReport.read(file);
        assertThat(read.expectations()).containsExactlyElementsOf(run.report.expectedAlerts());
        assertThat(read.fromMillis()).isEqualTo(RecordedRun.START);
        assertThat(read.toMillis()).isEqualTo(ScoredReport.of(run.report).toMillis());
        assertThat(run.report.toJson()).contains("\"expected\"").contains("\"tolerated\"")
                .contains("\"alertname\": \"CostAnomaly\"");
    }

    @Test
    void aRunWithoutIncidentsExpectsNothing() {
        RecordedRun quiet = RecordedRun.of(Fleet.builtIn(), Scenario.none(), 3, 5_000, SimulationRun.UNBOUNDED);
        assertThat(quiet.report.expectedAlerts()).isEmpty();
    }

    private static ExpectedAlert required(IncidentType type) {
        String label = outcome(type).incident().label();
        return run.report.expectedAlerts().stream().filter(e -> e.required() && e.incident().equals(label))
                .findFirst().orElseThrow();
    }

    private static IncidentOutcome outcome(IncidentType type) {
        return run.report.incidents().stream().filter(o -> o.incident().type() == type && o.causedBy() == null)
                .findFirst().orElseThrow();
    }
}
