package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.enforcement.Violation;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.ControlAction;
import org.openclaw.oversight.schema.ControlCommand;
import org.openclaw.oversight.schema.Severity;

/**
 * The simulator's policy incidents, each found by the policy job's own rules: the built-in scenario, with 5 s
 * disorder, through ingestion's steps and the policy job's operators ({@link SimulatedPolicyRun}), scored with the
 * project's {@link AlertScorer} against the run's own injection report, as {@code oversight simulate --score} scores
 * a live run: every required policy alert (PiiLeak, PolicyViolation{rule}) is raised for its tenant and agent within
 * its bound, and no policy alert is raised that the report does not expect (required or tolerated). The agent that
 * ignores the kill switch is sent a PAUSE, as incident response would send one, so that rule is judged too.
 */
class ScenarioPolicyIncidentsTest {

    private static final Path CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
    /** As in {@link NormalFleetKeepsPoliciesTest}: interactions the end of the run cut off are not judged. */
    private static final long CUT_OFF_MS = Duration.ofMinutes(2).toMillis();
    /** After an ignored command's incident starts: the PAUSE incident response would send once it sees the agent. */
    private static final long PAUSE_AFTER_MS = 30_000;

    @Test
    void everyPolicyIncidentOfTheScenarioRaisesItsAlertAndNothingElse(@TempDir Path keys) throws Exception {
        OversightConfiguration config = OversightConfiguration.load(CONFIG);
        Fleet fleet = FleetLoader.fleetOf(config);
        Scenario scenario = new ScenarioLoader(fleet).loadBuiltIn();
        RecordedRun.TimedCommands commands = new RecordedRun.TimedCommands();
        List<ControlCommand> sent = new ArrayList<>();
        for (Incident incident : scenario.incidents()) {
            if (incident.type() == IncidentType.IGNORES_KILL_SWITCH) {
                long at = incident.atMs() + PAUSE_AFTER_MS;
                ControlCommand pause = ControlCommand.newBuilder().setAgentId(incident.agentId())
                        .setTenantId(fleet.find(incident.agentId()).orElseThrow().tenantId()).setAction(ControlAction.PAUSE)
                        .setReason("test: incident response's PAUSE").setIssuedAt(Instant.ofEpochMilli(RecordedRun.START + at)).build();
                commands.add(at, pause);
                sent.add(pause);
            }
        }
        assertThat(sent).as("the scenario has an agent that ignores the kill switch").isNotEmpty();
        SimulationSettings settings = new SimulationSettings(23, RecordedRun.START, 50).withDisorder(5_000);
        long duration = scenario.endMs() + 30_000;
        RecordedRun run = RecordedRun.of(fleet, scenario, settings, commands, SimulationRun.UNBOUNDED, duration);

        List<Violation> violations = SimulatedPolicyRun.violations(config, SimulatedPolicyRun.clean(run), sent, keys);

        long cutOff = RecordedRun.START + duration - CUT_OFF_MS;
        List<ObservedAlert> alerts = violations.stream().filter(v -> v.timeMs < cutOff).map(ScenarioPolicyIncidentsTest::asAlert).toList();
        ScoredReport report = ScoredReport.of(run.report);
        AlertScorer.Score score = AlertScorer.of(report, Set.of("policy-enforcement")).score(alerts);
        assertThat(score.detections()).as("the scenario's policy incidents").hasSizeGreaterThanOrEqualTo(5);
        assertThat(score.detections()).as(score.describe()).allSatisfy(d -> assertThat(d.detected())
                .as("%s %s of %s", d.expected().type().alertname(), d.expected().rule(), d.expected().agent()).isTrue());
        List<String> unexpected = violations.stream().filter(v -> score.falsePositives().contains(asAlert(v)))
                .map(v -> v.rule + " of " + v.agentId + ": " + v.observed + " (limit " + v.limit + ") at " + v.time()
                        + ", interaction " + v.interactionId).toList();
        assertThat(unexpected).as(score.describe()).isEmpty();
    }

    /** A violation as the alert the job raises for it (PiiLeak for no_pii_in_outputs, else PolicyViolation{rule}). */
    private static ObservedAlert asAlert(Violation v) {
        AlertType type = "no_pii_in_outputs".equals(v.rule) ? AlertType.PII_LEAK : AlertType.POLICY_VIOLATION;
        String rule = type == AlertType.PII_LEAK ? null : v.rule;
        return new ObservedAlert(type.fingerprint(java.util.Map.of("tenant", v.tenantId, "agent", v.agentId, "rule", v.rule)),
                type.alertname(), v.severity == null ? null : Severity.valueOf(v.severity), v.tenantId, v.agentId, rule,
                v.timeMs, type.source());
    }
}
