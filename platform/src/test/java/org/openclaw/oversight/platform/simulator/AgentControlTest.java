package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.ControlAction;
import org.openclaw.oversight.schema.ControlCommand;
import org.openclaw.oversight.schema.EventKind;

/** The simulated agents obey control commands as they reach them on the simulated clock (issue 14). */
class AgentControlTest {
    private static final Fleet FLEET = Fleet.builtIn();
    private static final String AGENT = "sales-agent";
    private static final String TENANT = "acme-retail";
    private static final long SPAN = 6 * 60_000;

    @Test
    void pauseStopsTheAgentsEventsAndMessagesButNotItsHeartbeatsUntilResume() {
        RecordedRun run = run(Scenario.none(), new RecordedRun.TimedCommands()
                .add(60_000, command(ControlAction.PAUSE, Map.of()))
                .add(180_000, command(ControlAction.RESUME, Map.of())));

        CommandOutcome pause = run.report.commands().get(0);
        assertThat(pause.obeyedAtMillis()).isBetween(RecordedRun.START + 60_000, RecordedRun.START + 61_000);
        long pausedAt = pause.obeyedAtMillis();
        long resumedAt = run.report.commands().get(1).obeyedAtMillis();
        List<SimulatedRecord> own = own(run);
        List<SimulatedRecord> whilePaused = delivered(run, own, pausedAt, resumedAt);
        assertThat(whilePaused).isNotEmpty().allMatch(r -> r.topic().equals(Topics.HEARTBEATS));
        assertThat(delivered(run, own, RecordedRun.START, pausedAt)).anyMatch(r -> r.topic().equals(Topics.AGENT_EVENTS));
        assertThat(delivered(run, own, resumedAt, Long.MAX_VALUE))
                .anyMatch(r -> r.topic().equals(Topics.AGENT_EVENTS))
                .anyMatch(r -> r.topic().equals(Topics.CHANNEL_MESSAGES));
        assertThat(pause.suppressedRecords()).isPositive();
        assertThat(pause.outcome()).contains("paused");
        // the other agents never noticed
        assertThat(delivered(run, others(run), pausedAt, resumedAt)).anyMatch(r -> r.topic().equals(Topics.AGENT_EVENTS));
        assertThat(run.report.toJson()).contains("\"commands\"").contains("\"obeyedAt\"");
    }

    @Test
    void shutdownIsNotUndoneByResumeButByRestart() {
        RecordedRun run = run(Scenario.none(), new RecordedRun.TimedCommands()
                .add(60_000, command(ControlAction.SHUTDOWN, Map.of()))
                .add(120_000, command(ControlAction.RESUME, Map.of()))
                .add(240_000, command(ControlAction.RESTART, Map.of())));

        List<CommandOutcome> c = run.report.commands();
        assertThat(c.get(1).obeyedAtMillis()).isNull();
        assertThat(c.get(1).outcome()).contains("ignored").contains("RESTART");
        long stoppedAt = c.get(0).obeyedAtMillis();
        long restartedAt = c.get(2).obeyedAtMillis();
        assertThat(delivered(run, own(run), stoppedAt, restartedAt)).allMatch(r -> r.topic().equals(Topics.HEARTBEATS));
        assertThat(delivered(run, own(run), restartedAt, Long.MAX_VALUE)).anyMatch(r -> r.topic().equals(Topics.AGENT_EVENTS));
    }

    @Test
    void rateLimitCapsTheUserTurnsPerMinute() {
        RecordedRun free = run(Scenario.none(), new RecordedRun.TimedCommands());
        RecordedRun limited = run(Scenario.none(), new RecordedRun.TimedCommands()
                .add(60_000, command(ControlAction.RATE_LIMIT, Map.of("requestsPerMinute", "6"))));
        RecordedRun halved = run(Scenario.none(), new RecordedRun.TimedCommands()
                .add(60_000, command(ControlAction.RATE_LIMIT, Map.of())));

        long from = RecordedRun.START + 120_000;
        long to = RecordedRun.START + SPAN - 60_000; // whole minutes of runs that ended inside the span
        double minutes = (to - from) / 60_000.0;
        long normal = userTurns(free, from, to);
        assertThat(normal / minutes).isGreaterThan(12); // the cap below must bite
        assertThat(userTurns(limited, from, to) / minutes).isLessThanOrEqualTo(6.5);
        assertThat((double) userTurns(halved, from, to) / normal).isBetween(0.3, 0.7);
        assertThat(limited.report.commands().get(0).rejectedTurns()).isPositive();
        assertThat(limited.report.commands().get(0).outcome()).contains("6 requests/min");
    }

    @Test
    void rollbackDuringAnUnapprovedVersionGoesBackToThePreviousOne() {
        Scenario unapproved = new Scenario("test", List.of(new Incident(IncidentType.UNAPPROVED_VERSION, AGENT, 30_000,
                SPAN, Map.of("version", "2.0.0-rc1"))));
        RecordedRun run = run(unapproved, new RecordedRun.TimedCommands()
                .add(120_000, command(ControlAction.ROLLBACK, Map.of())));

        CommandOutcome rollback = run.report.commands().get(0);
        assertThat(rollback.outcome()).contains("from 2.0.0-rc1 to 1.4.0");
        long at = rollback.obeyedAtMillis();
        List<SimulatedRecord> own = own(run);
        assertThat(delivered(run, own, RecordedRun.START + 40_000, at).stream().map(SimulatedRecord::value)
                .filter(AgentEvent.class::isInstance).map(AgentEvent.class::cast))
                .isNotEmpty().allSatisfy(e -> assertThat(e.getAgentVersion()).isEqualTo("2.0.0-rc1"));
        assertThat(delivered(run, own, at, Long.MAX_VALUE).stream().map(SimulatedRecord::value)
                .filter(AgentEvent.class::isInstance).map(AgentEvent.class::cast))
                .isNotEmpty().allSatisfy(e -> {
                    assertThat(e.getAgentVersion()).isEqualTo("1.4.0");
                    assertThat(e.getAttributes()).containsEntry("approvals", "2");
                });
        assertThat(delivered(run, own, at, Long.MAX_VALUE).stream().map(SimulatedRecord::value)
                .filter(AgentHeartbeat.class::isInstance).map(AgentHeartbeat.class::cast))
                .isNotEmpty().allSatisfy(h -> assertThat(h.getAgentVersion()).isEqualTo("1.4.0"));
    }

    @Test
    void anAgentThatIgnoresTheKillSwitchKeepsWorkingAndTheReportExpectsTheViolation() {
        Scenario ignoring = new Scenario("test", List.of(new Incident(IncidentType.IGNORES_KILL_SWITCH, AGENT,
                30_000, 180_000, Map.of())));
        RecordedRun run = run(ignoring, new RecordedRun.TimedCommands()
                .add(10_000, command(ControlAction.RATE_LIMIT, Map.of("requestsPerMinute", "1000")))
                .add(90_000, command(ControlAction.PAUSE, Map.of()))
                .add(300_000, command(ControlAction.SHUTDOWN, Map.of())));

        List<CommandOutcome> c = run.report.commands();
        assertThat(c.get(0).obeyedAtMillis()).isNotNull(); // everything else is obeyed
        assertThat(c.get(1).obeyedAtMillis()).isNull();
        assertThat(c.get(1).outcome()).contains("ignores_kill_switch");
        assertThat(delivered(run, own(run), RecordedRun.START + 91_000, RecordedRun.START + 210_000))
                .anyMatch(r -> r.topic().equals(Topics.AGENT_EVENTS));
        assertThat(c.get(2).obeyedAtMillis()).isNotNull(); // after the incident it obeys again

        ExpectedAlert expected = run.report.expectedAlerts().stream().filter(ExpectedAlert::required).findFirst()
                .orElseThrow();
        assertThat(expected.type()).isEqualTo(AlertType.POLICY_VIOLATION);
        assertThat(expected.rule()).isEqualTo("kill_switch_required");
        assertThat(expected.untestable()).isNull();
        assertThat(expected.notBefore()).isEqualTo(run.report.incidents().get(0).killCommandIgnoredAt());
    }

    @Test
    void withoutAKillCommandTheKillSwitchExpectationIsMarkedUntestable() {
        Scenario ignoring = new Scenario("test", List.of(new Incident(IncidentType.IGNORES_KILL_SWITCH, AGENT,
                30_000, 180_000, Map.of())));
        RecordedRun run = run(ignoring, new RecordedRun.TimedCommands());
        assertThat(run.report.expectedAlerts()).singleElement()
                .satisfies(e -> assertThat(e.untestable()).contains("no PAUSE or SHUTDOWN"));
    }

    @Test
    void commandsForAgentsOutsideTheFleetOrOfAnotherTenantAreIgnored() {
        ControlCommand ghost = ControlCommand.newBuilder(command(ControlAction.PAUSE, Map.of())).setAgentId("ghost")
                .build();
        ControlCommand wrongTenant = ControlCommand.newBuilder(command(ControlAction.PAUSE, Map.of()))
                .setTenantId("globex-finance").build();
        RecordedRun run = run(Scenario.none(), new RecordedRun.TimedCommands().add(30_000, ghost)
                .add(30_000, wrongTenant));
        assertThat(run.report.commands()).extracting(CommandOutcome::outcome)
                .allSatisfy(o -> assertThat(o).startsWith("ignored"));
        assertThat(delivered(run, own(run), RecordedRun.START + 31_000, Long.MAX_VALUE))
                .anyMatch(r -> r.topic().equals(Topics.AGENT_EVENTS));
    }

    @Test
    void noCommandsLeaveTheRecordsAsTheyAreWithoutControl() {
        Scenario scenario = new ScenarioLoader(FLEET).loadBuiltIn();
        RecordedRun plain = RecordedRun.of(FLEET, scenario, 9, SimulationRun.UNBOUNDED, 120_000);
        RecordedRun controlled = RecordedRun.of(FLEET, scenario, new SimulationSettings(9, RecordedRun.START, 50),
                new RecordedRun.TimedCommands(), SimulationRun.UNBOUNDED, 120_000);
        assertThat(controlled.bytes()).isEqualTo(plain.bytes());
    }

    private static RecordedRun run(Scenario scenario, RecordedRun.TimedCommands commands) {
        return RecordedRun.of(FLEET, scenario, new SimulationSettings(21, RecordedRun.START, 50), commands,
                SimulationRun.UNBOUNDED, SPAN);
    }

    private static ControlCommand command(ControlAction action, Map<String, String> parameters) {
        return ControlCommand.newBuilder().setAgentId(AGENT).setTenantId(TENANT).setAction(action)
                .setReason("test").setIssuedAt(Instant.ofEpochMilli(RecordedRun.START)).setParameters(parameters)
                .build();
    }

    private static List<SimulatedRecord> own(RecordedRun run) {
        return run.records.stream().filter(r -> r.agentId().equals(AGENT)).toList();
    }

    private static List<SimulatedRecord> others(RecordedRun run) {
        return run.records.stream().filter(r -> !r.agentId().equals(AGENT)).toList();
    }

    /** Of {@code records}, those delivered in {@code [from, to)} on the simulated clock. */
    private static List<SimulatedRecord> delivered(RecordedRun run, List<SimulatedRecord> records, long from, long to) {
        java.util.Set<SimulatedRecord> wanted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        wanted.addAll(records);
        java.util.List<SimulatedRecord> out = new java.util.ArrayList<>();
        for (int i = 0; i < run.records.size(); i++) {
            long t = run.deliveryTimes.get(i);
            if (t >= from && t < to && wanted.contains(run.records.get(i))) {
                out.add(run.records.get(i));
            }
        }
        return out;
    }

    /** The agent's user turns (root AGENT_RUN spans) that started in {@code [from, to)}. */
    private static long userTurns(RecordedRun run, long from, long to) {
        return run.events().filter(e -> e.getAgentId().equals(AGENT) && e.getKind() == EventKind.AGENT_RUN
                        && e.getParentSpanId() == null)
                .filter(e -> e.getStartTime().toEpochMilli() >= from && e.getStartTime().toEpochMilli() < to).count();
    }
}
