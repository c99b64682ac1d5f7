package org.openclaw.oversight.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the job's real window operator (built by {@link CostAggregationJob#windowed}) with elements
 * and watermarks: values per minute and hour, late corrections, too-late side outputs, budget spends,
 * and that keyed state and timers drain to zero once the windows' lateness is over.
 */
class AgentMetricsWindowHarnessTest {

    private static final long MIN = 60_000;
    private static final long HOUR = 60 * MIN;
    private static final Duration LATENESS = Duration.ofMinutes(2);
    private static final Duration HOUR_LATENESS = Duration.ofMinutes(5);
    private final OutputTag<UsageEvent> late = AgentWindows.LATE_1M;
    private KeyedOneInputStreamOperatorTestHarness<Tuple3<String, String, String>, UsageEvent, AgentMetrics> harness;

    @BeforeEach
    void openHarness() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<UsageEvent> input = env.fromData(List.of(new UsageEvent()), TypeInformation.of(UsageEvent.class));
        SingleOutputStreamOperator<AgentMetrics> rows = CostAggregationJob.windowed(input,
                CostAggregationSettings.defaults(BudgetBook.empty()).withLateness(Duration.ZERO, Duration.ofMinutes(1), LATENESS,
                        HOUR_LATENESS));
        @SuppressWarnings("unchecked")
        StreamOperatorFactory<AgentMetrics> factory =
                ((OneInputTransformation<UsageEvent, AgentMetrics>) rows.getTransformation()).getOperatorFactory();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(factory, CostAggregationJob.usageKey(),
                Types.TUPLE(Types.STRING, Types.STRING, Types.STRING));
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void aggregatesEachWindowAndDrainsStateAndTimers() throws Exception {
        add(TestEvents.usage("a1", "t1", "agent-a", "claude", 1_000, 100, false, 0.001));
        add(TestEvents.usage("a2", "t1", "agent-a", "claude", 20_000, 300, true, 0.002));
        add(TestEvents.usage("a3", "t1", "agent-a", "claude", 59_999, 200, false, null));
        add(TestEvents.usage("b1", "t1", "agent-b", "gpt-4o", 30_000, 1_000, false, 0.5));
        add(TestEvents.usage("a4", "t1", "agent-a", "claude", MIN + 5, 50, false, 0.004)); // next minute
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isPositive();

        harness.processWatermark(MIN - 1);
        List<AgentMetrics> first = harness.extractOutputValues();
        assertThat(first).hasSize(2);
        AgentMetrics a = row(first, "agent-a");
        assertThat(a.bucket).isZero();
        assertThat(a.requests).isEqualTo(3);
        assertThat(a.errors).isEqualTo(1);
        assertThat(a.errorRate).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(a.requestsPerMinute).isEqualTo(3.0);
        assertThat(a.costEur()).isEqualByComparingTo("0.003");
        assertThat(a.unpricedRequests).isEqualTo(1);
        assertThat(a.inputTokens).isEqualTo(300);
        assertThat(a.outputTokens).isEqualTo(150);
        assertThat(a.cachedInputTokens).isEqualTo(30);
        assertThat(a.llmCalls).isEqualTo(3);
        assertThat(a.unpricedLlmCalls).isEqualTo(1);
        // latency over the completed calls: the failed a2 (300 ms) is an error, not a latency
        assertThat(a.latencyCount).isEqualTo(2);
        assertThat(a.latencyMaxMs).isEqualTo(200.0);
        assertThat(a.latencyAvgMs).isCloseTo(150.0, within(1e-9));
        assertThat(a.latencyP50Ms).isBetween(99.0, 202.0);
        assertThat(a.alignmentAvg).isNull();
        assertThat(a.alignmentCount).isZero();
        assertThat(row(first, "agent-b").costEur()).isEqualByComparingTo("0.5");

        // late but within the allowed lateness: the whole corrected row is emitted again
        add(TestEvents.usage("a5", "t1", "agent-a", "claude", 40_000, 900, false, 0.010));
        List<AgentMetrics> all = harness.extractOutputValues();
        assertThat(all).hasSize(3);
        AgentMetrics corrected = all.get(2);
        assertThat(corrected.bucket).isZero();
        assertThat(corrected.requests).isEqualTo(4);
        assertThat(corrected.costEur()).isEqualByComparingTo("0.013");
        assertThat(corrected.latencyMaxMs).isEqualTo(900.0);

        // past the lateness of window [0, 1 min): side output, not lost
        harness.processWatermark(MIN + LATENESS.toMillis());
        add(TestEvents.usage("a6", "t1", "agent-a", "claude", 10_000, 10, false, 0.1));
        assertThat(harness.getSideOutput(late)).extracting(r -> r.getValue().eventId).containsExactly("a6");

        // after the last minute's lateness only the hours are left
        harness.processWatermark(2 * MIN + LATENESS.toMillis());
        assertThat(harness.extractOutputValues()).hasSize(4); // + the second minute of agent-a
        assertThat(harness.getSideOutput(AgentWindows.HOURLY)).isNull();

        // the hour: every event in time for it, including the minute's late correction and the event too late
        // for its minute (a6) but not for its hour
        harness.processWatermark(HOUR - 1);
        List<AgentMetrics> hours = harness.getSideOutput(AgentWindows.HOURLY).stream().map(StreamRecord::getValue).toList();
        assertThat(hours).hasSize(2);
        AgentMetrics hourA = row(hours, "agent-a");
        assertThat(hourA.bucket).isZero();
        assertThat(hourA.windowMinutes).isEqualTo(60);
        assertThat(hourA.requests).isEqualTo(6);
        assertThat(hourA.costEur()).isEqualByComparingTo("0.117");
        assertThat(hourA.latencyMaxMs).isEqualTo(900.0);
        assertThat(hourA.latencyCount).isEqualTo(5);
        assertThat(row(hours, "agent-b").requests).isEqualTo(1);

        // every priced euro of a fired minute or a too-late event reached the budgets exactly once
        long spent = harness.getSideOutput(AgentWindows.SPENDS).stream().mapToLong(r -> r.getValue().costNanoEur).sum();
        assertThat(spent).isEqualTo(UsageEvent.nanoEur(0.001 + 0.002 + 0.5 + 0.004 + 0.010 + 0.1));

        // after the hour's lateness nothing is left
        harness.processWatermark(HOUR + HOUR_LATENESS.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anEventForAMinuteAlreadyPastItsEndFiresItAtOnceAndCorrectsTheFiredHour() throws Exception {
        harness.processWatermark(HOUR + 30_000); // minute [59, 60) and hour [0, 60) have ended, within their lateness
        add(TestEvents.usage("x1", "t1", "agent-a", "claude", HOUR - 10_000, 100, false, 0.25));
        assertThat(harness.extractOutputValues()).singleElement().satisfies(m -> {
            assertThat(m.bucket).isEqualTo(HOUR - MIN);
            assertThat(m.requests).isEqualTo(1);
        });
        assertThat(harness.getSideOutput(AgentWindows.HOURLY)).singleElement()
                .satisfies(r -> assertThat(r.getValue().costEur()).isEqualByComparingTo("0.25"));

        add(TestEvents.usage("x2", "t1", "agent-a", "claude", HOUR - 5_000, 100, false, 0.5));
        assertThat(harness.extractOutputValues()).hasSize(2).last().satisfies(m -> assertThat(m.requests).isEqualTo(2));
        assertThat(harness.getSideOutput(AgentWindows.HOURLY)).hasSize(2).last()
                .satisfies(r -> assertThat(r.getValue().costEur()).isEqualByComparingTo("0.75"));

        // no second firing when the watermark passes the timers registered before
        harness.processWatermark(HOUR + HOUR_LATENESS.toMillis());
        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(harness.getSideOutput(AgentWindows.HOURLY)).hasSize(2);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void hourlyLatenessShorterThanTheMinutesIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AgentWindows(Duration.ofMinutes(10), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be shorter");
    }


    @Test
    void cacheWritesAreSummedAsPartsOfTheInputAndAnthropicStyleCountsAreMadeWhole() throws Exception {
        UsageEvent otel = UsageEvent.of(withTokens(TestEvents.llmCall("c1", "t1", "agent-c", "claude", 1_000, 10, false, 0.01),
                10_000, 2_000, 3_000)); // OpenTelemetry: 10,000 input of which 2,000 read from and 3,000 written to the cache
        UsageEvent anthropic = UsageEvent.of(withTokens(TestEvents.llmCall("c2", "t1", "agent-c", "claude", 2_000, 10, false, 0.01),
                500, 4_000, 1_000)); // Anthropic's API: 500 uncached next to 4,000 read and 1,000 written
        assertThat(otel.inputTokens).isEqualTo(10_000);
        assertThat(anthropic.inputTokens).as("made whole: 500 + 4,000 + 1,000").isEqualTo(5_500);
        add(otel);
        add(anthropic);
        harness.processWatermark(MIN - 1);
        AgentMetrics c = row(harness.extractOutputValues(), "agent-c");
        assertThat(c.inputTokens).isEqualTo(15_500);
        assertThat(c.cachedInputTokens).isEqualTo(6_000);
        assertThat(c.cacheCreationInputTokens).isEqualTo(4_000);
        assertThat(c.inputTokens - c.cachedInputTokens - c.cacheCreationInputTokens).as("uncached input").isEqualTo(5_500);
    }

    private static org.openclaw.oversight.schema.CleanEvent withTokens(org.openclaw.oversight.schema.CleanEvent event, long input,
            long cacheRead, long cacheWrite) {
        event.getAgentEvent().setInputTokens(input);
        event.getAgentEvent().setCachedInputTokens(cacheRead);
        event.getAgentEvent().setCacheCreationInputTokens(cacheWrite);
        return event;
    }
    @Test
    void scoresAndToolCallsAreAveragedOnlyOverEventsThatCarryThem() throws Exception {
        UsageEvent scored = TestEvents.usage("s1", "t1", "agent-a", "", 1_000, 10, false, null);
        scored.alignmentScore = 0.8;
        scored.qualityScore = 0.6;
        scored.toolCall = true;
        UsageEvent scored2 = TestEvents.usage("s2", "t1", "agent-a", "", 2_000, 10, true, null);
        scored2.alignmentScore = 0.4;
        scored2.toolCall = true;
        scored2.toolFailure = true;
        UsageEvent plain = TestEvents.usage("s3", "t1", "agent-a", "", 3_000, 10, false, null);
        add(scored);
        add(scored2);
        add(plain);
        harness.processWatermark(MIN - 1);
        AgentMetrics m = harness.extractOutputValues().get(0);
        assertThat(m.alignmentAvg).isCloseTo(0.6, within(1e-12));
        assertThat(m.alignmentCount).isEqualTo(2);
        assertThat(m.qualityAvg).isCloseTo(0.6, within(1e-12));
        assertThat(m.qualityCount).isEqualTo(1);
        assertThat(m.satisfactionAvg).isNull();
        assertThat(m.toolCalls).isEqualTo(2);
        assertThat(m.toolFailures).isEqualTo(1);
        assertThat(m.toolSuccessRate).isEqualTo(0.5);
    }

    private void add(UsageEvent e) throws Exception {
        harness.processElement(new StreamRecord<>(e, e.eventTimeMs));
    }

    private static AgentMetrics row(List<AgentMetrics> rows, String agent) {
        return rows.stream().filter(r -> r.agentId.equals(agent)).findFirst().orElseThrow();
    }
}
