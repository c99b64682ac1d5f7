package org.openclaw.oversight.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openclaw.oversight.incident.TestAlerts.command;
import static org.openclaw.oversight.incident.TestAlerts.firing;
import static org.openclaw.oversight.incident.TestAlerts.heartbeat;
import static org.openclaw.oversight.incident.TestAlerts.resolved;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.config.IncidentSettings;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.ControlAction;
import org.openclaw.oversight.schema.ControlCommand;

/** The responder on Flink's keyed operator harness: processing time moved by hand, state and timers inspected. */
class IncidentResponderHarnessTest {

    private static final long T0 = 1_780_000_000_000L;
    private static final long MIN = 60_000L;
    private static final IncidentSettings SEED = IncidentSettings.DEFAULTS;

    private KeyedOneInputStreamOperatorTestHarness<String, IncidentInput, Incident> harness;

    private void start(IncidentSettings incidents, Map<String, List<String>> agents) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IncidentResponder(new ResponderSettings(incidents, 0.995, agents))),
                input -> input.tenantId, Types.STRING);
        harness.open();
        harness.setProcessingTime(T0);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void alert(Alert alert) throws Exception {
        harness.processElement(new StreamRecord<>(IncidentInput.ofAlert(alert)));
    }

    private List<Incident> rows() {
        return harness.extractOutputValues();
    }

    private Incident last(String id) {
        List<Incident> all = rows().stream().filter(i -> i.incidentId.equals(id)).toList();
        return all.get(all.size() - 1);
    }

    private List<ControlCommand> commands() {
        return harness.getSideOutput(IncidentResponder.COMMANDS) == null ? List.of()
                : harness.getSideOutput(IncidentResponder.COMMANDS).stream().map(StreamRecord::getValue).toList();
    }

    private List<Alert> toAlertmanager() {
        return harness.getSideOutput(IncidentResponder.ALERTMANAGER).stream().map(StreamRecord::getValue).toList();
    }

    private List<AuditEntry> audit() {
        return harness.getSideOutput(IncidentResponder.AUDIT).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void opensOnFirstFiringIgnoresIdenticalRepeatsUpdatesOnRefireAndResolvesWithTheAlert() throws Exception {
        start(SEED, Map.of());
        Alert latency = firing(AlertType.LATENCY_ANOMALY, "acme", "support-agent", T0 - MIN);
        alert(latency);
        alert(latency);
        assertThat(rows()).hasSize(1);
        Incident opened = rows().get(0);
        assertThat(opened.status).isEqualTo(Incident.OPEN);
        assertThat(opened.type).isEqualTo("LatencyAnomaly");
        assertThat(opened.level).isEqualTo(1);
        assertThat(opened.openedAtMs).isEqualTo(T0 - MIN);
        assertThat(toAlertmanager()).hasSize(1).first().satisfies(a -> {
            assertThat(a.getLabels()).containsEntry("escalation", "L1");
            assertThat(a.getFingerprint()).isEqualTo(latency.getFingerprint() + "-L1");
        });

        Alert worse = Alert.newBuilder(latency).setSeverity(org.openclaw.oversight.schema.Severity.P2).setValue(9.0).build();
        alert(worse);
        assertThat(last(opened.incidentId).severity).isEqualTo("P2");
        assertThat(rows()).hasSize(2);

        alert(resolved(worse, T0 + MIN));
        Incident closed = last(opened.incidentId);
        assertThat(closed.status).isEqualTo(Incident.RESOLVED);
        assertThat(closed.resolvedAtMs).isEqualTo(T0 + MIN);
        assertThat(toAlertmanager().get(toAlertmanager().size() - 1).getEndsAt()).isNotNull();
        assertThat(audit()).extracting(e -> e.action).containsExactly("incident.opened", "incident.updated", "incident.resolved");
        assertThat(commands()).as("LatencyAnomaly has no runbook action").isEmpty();

        // the same firing alert re-sent after resolution does not reopen; a new start does
        alert(latency);
        assertThat(rows()).hasSize(3);
        alert(firing(AlertType.LATENCY_ANOMALY, "acme", "support-agent", T0 + 10 * MIN));
        assertThat(rows()).hasSize(4);
        assertThat(rows().get(3).incidentId).isNotEqualTo(opened.incidentId);
    }

    @Test
    void escalatesByUnacknowledgedTimeResolvingTheOldLevelAndStopsOnAck() throws Exception {
        start(new IncidentSettings(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofMinutes(5), 10, false, Map.of()), Map.of());
        Alert cost = firing(AlertType.TOKEN_ANOMALY, "acme", "sales-agent", T0);
        alert(cost);
        String id = rows().get(0).incidentId;
        harness.setProcessingTime(T0 + 5_000);
        assertThat(last(id).level).isEqualTo(2);
        List<Alert> sent = toAlertmanager();
        assertThat(sent).extracting(a -> a.getLabels().get("escalation") + (a.getEndsAt() == null ? " firing" : " resolved"))
                .containsExactly("L1 firing", "L1 resolved", "L2 firing");
        harness.setProcessingTime(T0 + 15_000);
        assertThat(last(id).level).isEqualTo(3);

        harness.processElement(new StreamRecord<>(IncidentInput.ofCommand(command("c1", id, "acme", "ack", null, "alice"))));
        assertThat(last(id).status).isEqualTo(Incident.ACKNOWLEDGED);
        assertThat(last(id).ackedBy).isEqualTo("alice");
        harness.setProcessingTime(T0 + 60_000);
        assertThat(last(id).level).as("acknowledged: no L4").isEqualTo(3);
        assertThat(audit()).filteredOn(e -> e.action.equals("incident.acknowledged")).singleElement()
                .satisfies(e -> assertThat(e.actor).isEqualTo("alice"));

        harness.processElement(new StreamRecord<>(IncidentInput.ofCommand(command("c2", id, "acme", "resolve", null, "bob"))));
        assertThat(last(id).status).isEqualTo(Incident.RESOLVED);
        assertThat(last(id).resolvedBy).isEqualTo("bob");
        Alert lastSent = toAlertmanager().get(toAlertmanager().size() - 1);
        assertThat(lastSent.getLabels()).containsEntry("escalation", "L3");
        assertThat(lastSent.getEndsAt()).isNotNull();
    }

    @Test
    void unreachableAgentIsRestartedThenRolledBackWithoutAHeartbeat() throws Exception {
        start(SEED, Map.of());
        alert(firing(AlertType.AGENT_UNREACHABLE, "acme", "a1", T0));
        alert(firing(AlertType.AGENT_UNREACHABLE, "acme", "a2", T0));
        harness.processElement(new StreamRecord<>(IncidentInput.ofHeartbeat(heartbeat("acme", "a1", T0 + 10_000))));
        harness.setProcessingTime(T0 + Duration.ofMinutes(2).toMillis());
        assertThat(commands()).extracting(c -> c.getAgentId() + " " + c.getAction())
                .containsExactly("a1 RESTART", "a2 RESTART", "a2 ROLLBACK");
        assertThat(commands()).allSatisfy(c -> assertThat(c.getIncidentId()).startsWith("INC-"));
        // a re-fired alert repeats nothing
        alert(Alert.newBuilder(firing(AlertType.AGENT_UNREACHABLE, "acme", "a2", T0)).setDescription("still down").build());
        assertThat(commands()).hasSize(3);
        Incident a1 = rows().stream().filter(i -> "a1".equals(i.agentId)).reduce((x, y) -> y).orElseThrow();
        assertThat(a1.actions).extracting(a -> a.action + " " + a.result).containsExactly("RESTART sent", "HEALTH_CHECK passed");
    }

    @Test
    void healthCheckDeadlinesFireAmongEscalatingIncidentsOfTheSameTenant() throws Exception {
        start(new IncidentSettings(Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(60), Duration.ofSeconds(3),
                Duration.ofMinutes(5), 5, false, Map.of()), Map.of("acme", List.of("origin", "b")));
        harness.setProcessingTime(T0 + 123);
        alert(firing(AlertType.COST_ANOMALY, "acme", "a1", T0));
        harness.setProcessingTime(T0 + 2_456);
        alert(firing(AlertType.ERROR_RATE_ANOMALY, "acme", "b", T0));
        alert(firing(AlertType.CASCADING_FAILURE, "acme", "origin", T0));
        alert(firing(AlertType.AGENT_UNREACHABLE, "acme", "u", T0));
        alert(firing(AlertType.LATENCY_ANOMALY, "acme", "u", T0));
        for (long t = 3_000; t <= 12_000; t += 500) {
            harness.setProcessingTime(T0 + t);
        }
        assertThat(commands()).extracting(c -> c.getAgentId() + " " + c.getAction()).contains("u RESTART", "u ROLLBACK");
    }

    @Test
    void piiLeakShutsDownRollsBackStaysOpenAndCarriesGdprDeadlines() throws Exception {
        start(SEED, Map.of());
        Alert leak = firing(AlertType.PII_LEAK, "globex", "hr-agent", T0);
        alert(leak);
        alert(resolved(leak, T0 + MIN));
        Incident incident = rows().get(rows().size() - 1);
        assertThat(incident.status).as("only a person resolves a PII leak").isEqualTo(Incident.OPEN);
        assertThat(incident.gdprNoticeDueMs).isEqualTo(T0 + Duration.ofHours(24).toMillis());
        assertThat(incident.gdprReportDueMs).isEqualTo(T0 + Duration.ofHours(72).toMillis());
        assertThat(commands()).extracting(ControlCommand::getAction).containsExactly(ControlAction.SHUTDOWN, ControlAction.ROLLBACK);
        assertThat(audit()).extracting(e -> e.action).contains("incident.pii_contained");
        assertThat(toAlertmanager()).allSatisfy(a -> assertThat(a.getEndsAt()).as("still firing for on-call").isNull());
    }

    @Test
    void costRateLimitsAndDryRunTenantsRecordWithoutSending() throws Exception {
        start(new IncidentSettings(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofMinutes(2),
                Duration.ofMinutes(5), 7, false, Map.of("initech", true)), Map.of());
        alert(firing(AlertType.COST_ANOMALY, "acme", "sales-agent", T0));
        alert(firing(AlertType.ALIGNMENT_DROP, "initech", "legal-agent", T0));
        assertThat(commands()).singleElement().satisfies(c -> {
            assertThat(c.getAction()).isEqualTo(ControlAction.RATE_LIMIT);
            assertThat(c.getParameters()).containsEntry("requestsPerMinute", "7");
        });
        Incident dry = rows().stream().filter(i -> "initech".equals(i.tenantId)).findFirst().orElseThrow();
        assertThat(dry.dryRun).isTrue();
        assertThat(dry.actions).extracting(a -> a.action + " " + a.result).containsExactly("PAUSE dry-run", "ROLLBACK dry-run");
        assertThat(audit()).filteredOn(e -> e.action.equals("incident.action") && e.details.contains("dry-run")).hasSize(2);
    }

    @Test
    void cascadeTakesInTheTenantsErrorAlertsPausesEveryAgentAndRestartsOnlyOnCommand() throws Exception {
        start(SEED, Map.of("acme", List.of("origin", "b", "c")));
        alert(firing(AlertType.ERROR_RATE_ANOMALY, "acme", "b", T0));
        alert(firing(AlertType.ERROR_RATE_ANOMALY, "other", "x", T0));
        alert(firing(AlertType.CASCADING_FAILURE, "acme", "origin", T0 + MIN));
        alert(firing(AlertType.ERROR_RATE_ANOMALY, "acme", "c", T0 + 2 * MIN));
        alert(firing(AlertType.ERROR_RATE_ANOMALY, "acme", "d", T0 + 20 * MIN)); // outside the window: its own

        Map<String, Incident> latest = rows().stream().collect(Collectors.toMap(i -> i.incidentId, i -> i, (a, b) -> b));
        Incident cascade = latest.values().stream().filter(i -> i.type.equals("CascadingFailure")).findFirst().orElseThrow();
        assertThat(cascade.members).hasSize(3);
        assertThat(latest.values()).filteredOn(i -> i.status.equals(Incident.CORRELATED)).singleElement()
                .satisfies(i -> assertThat(i.correlatedInto).isEqualTo(cascade.incidentId));
        assertThat(latest.values()).filteredOn(Incident::isActive).hasSize(3); // cascade, other tenant, late error
        assertThat(commands()).extracting(c -> c.getAgentId() + " " + c.getAction())
                .containsExactlyInAnyOrder("origin PAUSE", "b PAUSE", "c PAUSE"); // d: not seen before the cascade
        assertThat(commands()).filteredOn(c -> c.getAgentId().equals("origin")).singleElement()
                .satisfies(c -> assertThat(c.getParameters()).containsEntry("isolate", "true"));

        harness.processElement(new StreamRecord<>(IncidentInput.ofCommand(
                command("r1", cascade.incidentId, "acme", "action", "restart", "carol"))));
        harness.processElement(new StreamRecord<>(IncidentInput.ofCommand(
                command("r2", cascade.incidentId, "acme", "action", "restart", "carol"))));
        assertThat(commands()).filteredOn(c -> c.getAction() == ControlAction.RESTART).extracting(ControlCommand::getAgentId)
                .as("the isolated origin stays paused; a second restart has nothing left").containsExactlyInAnyOrder("b", "c");
        assertThat(audit()).filteredOn(e -> e.action.equals("incident.action_refused")).hasSize(1);
    }

    @Test
    void aTenantWideAlertsStarIsNeverAnAgentToCommand() throws Exception {
        start(SEED, Map.of("acme", List.of("a", "b")));
        alert(firing(AlertType.BUDGET_EXCEEDED, "acme", "*", T0)); // tenant-wide budget: RATE_LIMIT every agent
        alert(firing(AlertType.CASCADING_FAILURE, "acme", "a", T0 + MIN)); // then the tenant is paused
        assertThat(commands()).extracting(ControlCommand::getAgentId).doesNotContain("*").contains("a", "b");
        assertThat(commands()).filteredOn(c -> c.getAction() == ControlAction.PAUSE).extracting(ControlCommand::getAgentId)
                .containsExactlyInAnyOrder("a", "b");
        assertThat(commands()).filteredOn(c -> c.getAction() == ControlAction.RATE_LIMIT).extracting(ControlCommand::getAgentId)
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void downtimeOfUnreachableIncidentsBelowTheSlaRaisesSlaBreachOncePerDay() throws Exception {
        start(SEED, Map.of());
        long day = T0 / AgentUptime.DAY_MS * AgentUptime.DAY_MS;
        Alert down = firing(AlertType.AGENT_UNREACHABLE, "acme", "a1", day + 3_600_000);
        alert(down);
        alert(resolved(down, day + 3_600_000 + 5 * MIN)); // 5 min: 0.99653 < 0.995? no: 1 - 300/86400 = 0.99653 >= 0.995
        assertThat(harness.getSideOutput(IncidentResponder.SLA_ALERTS)).isNull();
        Alert again = firing(AlertType.AGENT_UNREACHABLE, "acme", "a1", day + 7_200_000);
        alert(again);
        alert(resolved(again, day + 7_200_000 + 3 * MIN)); // 8 min in total: 0.99444
        List<Alert> breaches = harness.getSideOutput(IncidentResponder.SLA_ALERTS).stream().map(StreamRecord::getValue).toList();
        assertThat(breaches).singleElement().satisfies(a -> {
            assertThat(a.getAlertname()).isEqualTo("SlaBreach");
            assertThat(a.getValue()).isCloseTo(1 - 8.0 / (24 * 60), org.assertj.core.data.Offset.offset(1e-9));
        });
        List<AgentUptime> uptime = harness.getSideOutput(IncidentResponder.UPTIME).stream().map(StreamRecord::getValue).toList();
        assertThat(uptime.get(uptime.size() - 1).downtimeMs).isEqualTo(8 * MIN);
    }

    @Test
    void resolvedIncidentsLeaveNoStateBehindOnceTheirTombstonesExpire() throws Exception {
        start(SEED, Map.of());
        for (int i = 0; i < 20; i++) {
            Alert a = firing(AlertType.LATENCY_ANOMALY, "acme", "agent-" + i, T0);
            alert(a);
            alert(resolved(a, T0 + MIN));
        }
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.setProcessingTime(T0 + IncidentResponder.TOMBSTONE_MS + 2 * 3_600_000L);
        // only the agents seen remain (the tenant's agent list for cascades)
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isLessThanOrEqualTo(1);
    }
}
