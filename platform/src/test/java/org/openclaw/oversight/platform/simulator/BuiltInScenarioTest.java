package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.HeartbeatStatus;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/** Each incident of scenarios/built-in.yml shows its signature in its window, and only there. */
class BuiltInScenarioTest {
    private static RecordedRun run;
    private static Scenario scenario;

    @BeforeAll
    static void simulate() {
        run = RecordedRun.builtIn(42);
        scenario = new ScenarioLoader(Fleet.builtIn()).loadBuiltIn();
    }

    @Test
    void builtInHasOneIncidentOfEachType() {
        assertThat(scenario.incidents().stream().map(Incident::type))
                .containsExactlyInAnyOrder(IncidentType.values());
    }

    @Test
    void everyIncidentIsReportedAtItsOffsetWithAffectedRecordsInsideItsWindow() {
        Map<String, Long> timeById = run.records.stream()
                .collect(Collectors.toMap(SimulatedRecord::id, SimulatedRecord::eventTime));
        assertThat(run.report.incidents()).hasSize(scenario.incidents().size() + 2); // + 2 cascades
        for (IncidentOutcome o : run.report.incidents()) {
            assertThat(o.windowStart()).isEqualTo(RecordedRun.START + o.incident().atMs());
            if (o.incident().type() != IncidentType.IGNORES_KILL_SWITCH) { // shows only when a PAUSE arrives
                assertThat(o.observed()).as(o.incident().label()).isTrue();
            }
            for (String id : o.affectedIds()) {
                // runs overlap the window edges: a run that started in the window has spans after it, and a
                // run that started just before it can fail inside it (its AGENT_RUN counts as affected)
                assertThat(timeById.get(id)).as(o.incident().label() + " " + id)
                        .isBetween(o.windowStart() - 30_000, o.windowEnd() + 60_000);
            }
        }
    }

    @Test
    void costSpikeMultipliesTokens() {
        Incident i = incident(IncidentType.COST_SPIKE);
        double inside = average(llmCalls(i.agentId()).filter(in(i)), AgentEvent::getInputTokens);
        double outside = average(llmCalls(i.agentId()).filter(in(i).negate()), AgentEvent::getInputTokens);
        assertThat(inside).isGreaterThan(5 * outside);
    }

    @Test
    void tokenSurgeMultipliesOutputTokens() {
        Incident i = incident(IncidentType.TOKEN_SURGE);
        double inside = average(llmCalls(i.agentId()).filter(in(i)), AgentEvent::getOutputTokens);
        double outside = average(llmCalls(i.agentId()).filter(in(i).negate()), AgentEvent::getOutputTokens);
        assertThat(inside).isGreaterThan(4 * outside);
    }

    @Test
    void latencyDegradationSlowsLlmCalls() {
        Incident i = incident(IncidentType.LATENCY_DEGRADATION);
        double inside = average(llmCalls(i.agentId()).filter(in(i)), AgentEvent::getDurationMs);
        double outside = average(llmCalls(i.agentId()).filter(in(i).negate()), AgentEvent::getDurationMs);
        assertThat(inside).isGreaterThan(3 * outside);
        List<Long> sorted = llmCalls(i.agentId()).filter(in(i)).map(AgentEvent::getDurationMs).sorted().toList();
        assertThat(sorted.get(sorted.size() * 95 / 100)).isGreaterThan(15_000); // P95 above the critical threshold
    }

    @Test
    void errorBurstFailsTheAgentAndCascadesToItsHandOffTargets() {
        Incident i = incident(IncidentType.ERROR_BURST);
        assertThat(errorShare(i.agentId(), in(i))).isGreaterThan(0.3);
        assertThat(errorShare(i.agentId(), in(i).negate())).isLessThan(0.06);

        List<IncidentOutcome> cascades = run.report.incidents().stream().filter(o -> o.causedBy() != null).toList();
        assertThat(cascades).extracting(o -> o.incident().agentId())
                .containsExactlyInAnyOrderElementsOf(Fleet.builtIn().find(i.agentId()).orElseThrow().handoffTargets());
        for (IncidentOutcome cascade : cascades) {
            assertThat(cascade.incident().atMs()).isGreaterThan(i.atMs()); // shortly after, not at the same time
            assertThat(errorShare(cascade.incident().agentId(), in(cascade.incident()))).isGreaterThan(0.2);
        }
    }

    @Test
    void silentAgentSendsNothingInItsWindowButBeforeAndAfter() {
        Incident i = incident(IncidentType.AGENT_SILENT);
        List<SimulatedRecord> own = run.records.stream().filter(r -> r.agentId().equals(i.agentId())).toList();
        assertThat(own).noneMatch(r -> inWindow(i, r.eventTime()));
        assertThat(own).anyMatch(r -> r.eventTime() < RecordedRun.START + i.atMs());
        assertThat(own).anyMatch(r -> r.eventTime() >= RecordedRun.START + i.endMs());
        assertThat(own).anyMatch(r -> r.topic().equals(Topics.HEARTBEATS)
                && r.eventTime() >= RecordedRun.START + i.endMs());
    }

    @Test
    void alignmentDropLowersScores() {
        Incident i = incident(IncidentType.ALIGNMENT_DROP);
        Stream<AgentEvent> runs = agentRuns(i.agentId());
        Map<Boolean, List<AgentEvent>> split = runs.collect(Collectors.partitioningBy(in(i)));
        assertThat(average(split.get(true).stream(), e -> e.getAlignmentScore())).isLessThan(0.6);
        assertThat(average(split.get(false).stream(), e -> e.getAlignmentScore())).isGreaterThan(0.9);
    }

    @Test
    void piiInOutputPutsPlantedValuesIntoAgentOutputs() {
        Incident i = incident(IncidentType.PII_IN_OUTPUT);
        List<PlantedPii> leaked = run.report.plantedPii().stream().filter(PlantedPii::leakedByAgent).toList();
        assertThat(leaked).hasSizeGreaterThan(10);
        List<String> outputs = agentRuns(i.agentId()).filter(in(i)).map(e -> String.valueOf(e.getOutput())).toList();
        long leakingOutputs = outputs.stream().filter(o -> leaked.stream().anyMatch(p -> o.contains(p.value()))).count();
        assertThat(leakingOutputs).isGreaterThan(outputs.size() / 2);
        assertThat(run.messages().filter(m -> m.getDirection() == Direction.OUTBOUND).filter(inMessages(i))
                .map(ChannelMessage::getText)).anyMatch(t -> leaked.stream().anyMatch(p -> t.contains(p.value())));
        assertThat(agentRuns(i.agentId()).filter(in(i).negate()).map(e -> String.valueOf(e.getOutput())))
                .noneMatch(o -> leaked.stream().anyMatch(p -> o.contains(p.value())));
    }

    @Test
    void missingAiDisclosureDropsTheDisclosureOnlyInItsWindow() {
        Incident i = incident(IncidentType.MISSING_AI_DISCLOSURE);
        Map<String, ChannelMessage> firstOutbound = new HashMap<>();
        run.messages().filter(m -> m.getAgentId().equals(i.agentId()) && m.getDirection() == Direction.OUTBOUND)
                .forEach(m -> firstOutbound.putIfAbsent(m.getConversationId(), m));
        Map<String, ChannelMessage> firstInbound = new HashMap<>();
        run.messages().filter(m -> m.getAgentId().equals(i.agentId()) && m.getDirection() == Direction.INBOUND)
                .forEach(m -> firstInbound.putIfAbsent(m.getConversationId(), m));
        Map<Boolean, List<ChannelMessage>> split = firstOutbound.values().stream().collect(Collectors.partitioningBy(
                m -> inWindow(i, firstInbound.get(m.getConversationId()).getTimestamp().toEpochMilli())));
        assertThat(split.get(true)).isNotEmpty().allSatisfy(m -> assertThat(m.getText())
                .doesNotContain(Texts.DISCLOSURE_DE).doesNotContain(Texts.DISCLOSURE_EN));
        assertThat(split.get(false)).isNotEmpty().allSatisfy(m -> assertThat(m.getText())
                .containsAnyOf(Texts.DISCLOSURE_DE, Texts.DISCLOSURE_EN));
    }

    @Test
    void promptInjectionAppearsInUserInputsOnlyInItsWindow() {
        Incident i = incident(IncidentType.PROMPT_INJECTION);
        Predicate<String> injected = t -> Texts.INJECTIONS.stream().anyMatch(t::contains);
        List<ChannelMessage> inbound = run.messages().filter(m -> m.getDirection() == Direction.INBOUND).toList();
        assertThat(inbound.stream().filter(m -> m.getAgentId().equals(i.agentId())).filter(inMessages(i))
                .map(ChannelMessage::getText).filter(injected)).hasSizeGreaterThan(5);
        assertThat(inbound.stream().filter(inMessages(i).negate().or(m -> !m.getAgentId().equals(i.agentId())))
                .map(ChannelMessage::getText)).noneMatch(injected);
        assertThat(Texts.INJECTIONS).anyMatch(t -> t.contains("Ignoriere alle vorherigen Anweisungen"))
                .anyMatch(t -> t.contains("[INST]")).anyMatch(t -> t.startsWith("System:"))
                .anyMatch(t -> t.startsWith("Ignore previous instructions"));
    }

    @Test
    void humanRequestsInTheWindowGetNoEscalationOrReview() {
        Incident i = incident(IncidentType.HUMAN_ESCALATION_UNANSWERED);
        Set<String> requests = Stream.concat(Texts.HUMAN_REQUESTS_DE.stream(), Texts.HUMAN_REQUESTS_EN.stream())
                .collect(Collectors.toSet());
        Map<String, List<AgentEvent>> byTrace = run.events().collect(Collectors.groupingBy(AgentEvent::getTraceId));
        // the requests the incident made (a user in the window may also ask on their own, at the base rate, and is answered)
        Set<String> struck = run.report.incidents().stream().filter(o -> o.incident().equals(i)).findFirst().orElseThrow()
                .affectedIds().stream().collect(Collectors.toSet());
        List<AgentEvent> asked = agentRuns(i.agentId()).filter(in(i))
                .filter(e -> requests.contains(String.valueOf(e.getInput()))).filter(e -> struck.contains(e.getEventId())).toList();
        assertThat(asked).hasSizeGreaterThan(5);
        for (AgentEvent runSpan : asked) {
            assertThat(byTrace.get(runSpan.getTraceId())).extracting(AgentEvent::getKind)
                    .doesNotContain(EventKind.ESCALATION, EventKind.HUMAN_REVIEW);
        }
        // outside the incident a request for a human is escalated
        List<AgentEvent> answered = run.events().filter(e -> e.getKind() == EventKind.AGENT_RUN)
                .filter(e -> requests.contains(String.valueOf(e.getInput()))).filter(in(i).negate())
                .filter(e -> e.getStatus() == SpanStatus.OK)
                // runs cut off by the end of the simulation lack their last spans
                .filter(e -> e.getStartTime().toEpochMilli() + e.getDurationMs() < run.report.lastEventTime())
                // so do runs cut off by their agent going quiet (agent_down, agent_silent, agent_stopped)
                .filter(e -> !cutOffBySilence(e))
                .toList();
        assertThat(answered).isNotEmpty();
        for (AgentEvent e : answered) {
            assertThat(byTrace.get(e.getTraceId()).stream().map(AgentEvent::getKind))
                    .as("trace %s of %s at %s", e.getTraceId(), e.getAgentId(), e.getStartTime())
                    .contains(EventKind.ESCALATION);
        }
    }

    @Test
    void degradedAgentReportsDegradedInItsWindowAndKeepsWorking() {
        Incident i = incident(IncidentType.AGENT_DEGRADED);
        List<SimulatedRecord> own = run.records.stream().filter(r -> r.agentId().equals(i.agentId())).toList();
        List<AgentHeartbeat> beats = own.stream().map(SimulatedRecord::value).filter(AgentHeartbeat.class::isInstance)
                .map(AgentHeartbeat.class::cast).toList();
        assertThat(beats.stream().filter(h -> inWindow(i, h.getTimestamp().toEpochMilli())))
                .hasSizeGreaterThanOrEqualTo((int) (i.durationMs() / SimulationSettings.DEFAULT_HEARTBEAT_INTERVAL_MS) - 1)
                .allSatisfy(h -> assertThat(h.getStatus()).isEqualTo(HeartbeatStatus.DEGRADED));
        assertThat(beats.stream().filter(h -> !inWindow(i, h.getTimestamp().toEpochMilli())))
                .isNotEmpty().allSatisfy(h -> assertThat(h.getStatus()).isEqualTo(HeartbeatStatus.UP));
        assertThat(own.stream().filter(r -> r.topic().equals(Topics.AGENT_EVENTS)))
                .anyMatch(r -> inWindow(i, r.eventTime())); // events continue
    }

    @Test
    void downAgentReportsDownOnceThenSendsNothingUntilItsWindowEnds() {
        Incident i = incident(IncidentType.AGENT_DOWN);
        List<SimulatedRecord> inside = run.records.stream().filter(r -> r.agentId().equals(i.agentId()))
                .filter(r -> inWindow(i, r.eventTime())).toList();
        assertThat(inside).singleElement().satisfies(r -> {
            assertThat(((AgentHeartbeat) r.value()).getStatus()).isEqualTo(HeartbeatStatus.DOWN);
            assertThat(r.eventTime() - RecordedRun.START - i.atMs())
                    .isBetween(0L, SimulationSettings.DEFAULT_HEARTBEAT_INTERVAL_MS);
        });
        assertThat(run.records.stream().filter(r -> r.agentId().equals(i.agentId())))
                .anyMatch(r -> r.topic().equals(Topics.HEARTBEATS) && r.eventTime() >= RecordedRun.START + i.endMs()
                        && ((AgentHeartbeat) r.value()).getStatus() == HeartbeatStatus.UP)
                .anyMatch(r -> r.topic().equals(Topics.AGENT_EVENTS) && r.eventTime() >= RecordedRun.START + i.endMs());
    }

    @Test
    void stoppedAgentSendsNothingFromItsStartToTheEndOfTheRun() {
        Incident i = incident(IncidentType.AGENT_STOPPED);
        assertThat(i.type().openEnded()).isTrue();
        List<SimulatedRecord> own = run.records.stream().filter(r -> r.agentId().equals(i.agentId())).toList();
        assertThat(own).anyMatch(r -> r.eventTime() < RecordedRun.START + i.atMs())
                .noneMatch(r -> r.eventTime() >= RecordedRun.START + i.atMs());
        // the run goes on well past it, and others still hand off to it: their hand-offs time out
        assertThat(run.report.lastEventTime() - RecordedRun.START - i.atMs()).isGreaterThan(120_000);
        assertThat(run.events().filter(e -> e.getKind() == EventKind.HANDOFF)
                .filter(e -> i.agentId().equals(e.getAttributes().get("handoff.target_agent")))
                .filter(e -> e.getStartTime().toEpochMilli() >= RecordedRun.START + i.atMs()))
                .isNotEmpty().allSatisfy(e -> assertThat(e.getStatus()).isEqualTo(SpanStatus.TIMEOUT));
        IncidentOutcome outcome = run.report.incidents().stream().filter(o -> o.incident().equals(i)).findFirst()
                .orElseThrow();
        assertThat(outcome.suppressedEvents()).isPositive();
    }

    @Test
    void injectedTurnsWithContextFactorReadAStuffedContext() {
        Incident i = incident(IncidentType.PROMPT_INJECTION);
        double factor = i.param("context_factor", 1.0);
        assertThat(factor).isGreaterThan(1.0);
        Predicate<String> injected = t -> Texts.INJECTIONS.stream().anyMatch(t::contains);
        List<AgentEvent> first = llmCalls(i.agentId()).filter(e -> e.getInput() != null).toList();
        double injectedInput = average(first.stream().filter(e -> injected.test(e.getInput())), AgentEvent::getInputTokens);
        double plainInput = average(first.stream().filter(e -> !injected.test(e.getInput())), AgentEvent::getInputTokens);
        assertThat(injectedInput).isGreaterThan(factor / 2 * plainInput);
    }

    @Test
    void noAgentHasTwoIncidentsAtOnceExceptTheKillSwitchModifier() {
        List<Incident> own = scenario.incidents().stream()
                .filter(i -> i.type() != IncidentType.IGNORES_KILL_SWITCH).toList();
        List<IncidentOutcome> all = run.report.incidents().stream()
                .filter(o -> o.incident().type() != IncidentType.IGNORES_KILL_SWITCH).toList();
        for (IncidentOutcome a : all) {
            for (IncidentOutcome b : all) {
                if (a != b && a.incident().agentId().equals(b.incident().agentId())) {
                    assertThat(a.windowEnd() <= b.windowStart() || b.windowEnd() <= a.windowStart())
                            .as("%s and %s overlap", a.incident().label(), b.incident().label()).isTrue();
                }
            }
        }
        assertThat(own).hasSize(scenario.incidents().size() - 1);
    }

    @Test
    void windowBoundIncidentsLastAtLeastFourMinutesAndTheScenarioAboutTwelve() {
        Set<IncidentType> windowed = Set.of(IncidentType.COST_SPIKE, IncidentType.LATENCY_DEGRADATION,
                IncidentType.ERROR_BURST, IncidentType.ALIGNMENT_DROP);
        assertThat(run.report.incidents().stream().filter(o -> windowed.contains(o.incident().type())))
                .hasSizeGreaterThanOrEqualTo(windowed.size())
                .allSatisfy(o -> assertThat(o.incident().durationMs()).isGreaterThanOrEqualTo(240_000));
        assertThat(scenario.endMs() + 30_000).isBetween(600_000L, 720_000L);
    }

    @Test
    void unapprovedVersionAppearsWithoutApprovals() {
        Incident i = incident(IncidentType.UNAPPROVED_VERSION);
        List<AgentEvent> own = run.events().filter(e -> e.getAgentId().equals(i.agentId())).toList();
        assertThat(own.stream().filter(in(i))).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getAgentVersion()).isEqualTo("2.0.0-rc1");
            assertThat(e.getAttributes()).containsEntry("approvals", "0");
        });
        assertThat(own.stream().filter(in(i).negate())).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getAgentVersion()).isEqualTo("1.4.0");
            assertThat(e.getAttributes()).containsEntry("approvals", "2");
        });
        assertThat(run.heartbeats().filter(h -> h.getAgentId().equals(i.agentId()))
                .filter(h -> inWindow(i, h.getTimestamp().toEpochMilli())))
                .isNotEmpty().allSatisfy(h -> assertThat(h.getAgentVersion()).isEqualTo("2.0.0-rc1"));
    }

    // ---- helpers ----

    private static Incident incident(IncidentType type) {
        return scenario.incidents().stream().filter(i -> i.type() == type).findFirst().orElseThrow();
    }

    private static boolean inWindow(Incident i, long eventTime) {
        return i.activeAt(eventTime - RecordedRun.START);
    }

    /** Spans belong to the window their run started in; a run is judged by its own start. */
    private static boolean cutOffBySilence(AgentEvent runSpan) {
        long start = runSpan.getStartTime().toEpochMilli() - RecordedRun.START;
        long end = start + runSpan.getDurationMs();
        return scenario.incidents().stream()
                .filter(i -> i.agentId().equals(runSpan.getAgentId()))
                .filter(i -> i.type() == IncidentType.AGENT_DOWN || i.type() == IncidentType.AGENT_SILENT
                        || i.type() == IncidentType.AGENT_STOPPED)
                .anyMatch(i -> i.atMs() <= end && start < i.endMs());
    }

    private static Predicate<AgentEvent> in(Incident i) {
        Map<String, Long> runStart = new HashMap<>();
        run.events().filter(e -> e.getKind() == EventKind.AGENT_RUN)
                .forEach(e -> runStart.put(e.getTraceId() + "/" + e.getAgentId(), e.getStartTime().toEpochMilli()));
        return e -> inWindow(i, runStart.getOrDefault(e.getTraceId() + "/" + e.getAgentId(),
                e.getStartTime().toEpochMilli()));
    }

    private static Predicate<ChannelMessage> inMessages(Incident i) {
        return m -> inWindow(i, m.getTimestamp().toEpochMilli());
    }

    private static Stream<AgentEvent> llmCalls(String agent) {
        return run.events().filter(e -> e.getAgentId().equals(agent) && e.getKind() == EventKind.LLM_CALL)
                .filter(e -> e.getStatus() == SpanStatus.OK);
    }

    private static Stream<AgentEvent> agentRuns(String agent) {
        return run.events().filter(e -> e.getAgentId().equals(agent) && e.getKind() == EventKind.AGENT_RUN);
    }

    private static double errorShare(String agent, Predicate<AgentEvent> filter) {
        List<AgentEvent> spans = run.events().filter(e -> e.getAgentId().equals(agent))
                .filter(e -> e.getKind() == EventKind.LLM_CALL || e.getKind() == EventKind.TOOL_CALL)
                .filter(filter).toList();
        assertThat(spans).isNotEmpty();
        return spans.stream().filter(e -> e.getStatus() != SpanStatus.OK).count() / (double) spans.size();
    }

    private static double average(Stream<AgentEvent> events, java.util.function.ToDoubleFunction<AgentEvent> f) {
        return events.mapToDouble(f).average().orElseThrow();
    }
}
