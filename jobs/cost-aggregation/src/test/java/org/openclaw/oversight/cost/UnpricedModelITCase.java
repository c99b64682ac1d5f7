package org.openclaw.oversight.cost;

import org.openclaw.oversight.connectors.kafka.TestKeys;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openclaw.oversight.pricing.PriceTable;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.DeadLetter;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * The job's pipeline after decoding ({@link CostAggregationJob#aggregate}, fed events directly) on a MiniCluster (parallelism 2) with events
 * priced by the repository's config/pricing.yml the way ingestion prices them: spellings that stock
 * clients send for priced models raise nothing, a stock client's model the table does not know raises
 * {@code UnpricedModel}, which resolves once its calls have left the window.
 */
class UnpricedModelITCase {

    private static final int PARALLELISM = 2;
    private static final long MINUTE = 60_000L;
    private static final long T0 = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
    private static final PriceTable PRICES = PriceTable.load(Path.of("../../config/pricing.yml"));
    /** The OpenAI Node SDK's usual model, as the API reports it back (a dated snapshot): not in the price table. */
    private static final String UNPRICED_STOCK_SPELLING = "gpt-4o-mini-2024-07-18";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).build());

    @Test
    void anUnpricedStockSpellingFiresAndPricedStockSpellingsDoNot() throws Exception {
        List<CleanEvent> events = new ArrayList<>();
        for (int minute = 0; minute < 10; minute++) {
            for (int i = 0; i < 20; i++) {
                long time = T0 + minute * MINUTE + i * 2_000L;
                // Bedrock EU cross-region profile and the Node SDK's dotted name: both claude-sonnet-4-6
                events.add(priced(call("b-" + minute + "-" + i, "bedrock-bot", "aws.bedrock", "eu.anthropic.claude-sonnet-4-6-v1:0", time)));
                events.add(priced(call("n-" + minute + "-" + i, "node-bot", "anthropic", "claude-sonnet-4.6", time)));
                events.add(priced(tool("t-" + minute + "-" + i, "node-bot", time + 500)));
            }
            for (int i = 0; i < 2; i++) {
                events.add(priced(call("u-" + minute + "-" + i, "node-bot", "openai", UNPRICED_STOCK_SPELLING, T0 + minute * MINUTE + 45_000 + i)));
            }
        }
        assertThat(events).filteredOn(e -> e.getAgentId().equals("bedrock-bot")).allSatisfy(e -> assertThat(e.getCostEur()).isPositive());
        assertThat(events).filteredOn(e -> e.getCostEur() == null).hasSize(20)
                .allSatisfy(e -> assertThat(e.getAgentEvent().getModel()).isEqualTo(UNPRICED_STOCK_SPELLING));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        // aggregate() expects event-time timestamps and watermarks, which the job's Kafka source gives per partition
        DataStream<CleanEvent> input = env.fromData(events, new AvroTypeInfo<>(CleanEvent.class)).name("events").uid("events")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<CleanEvent>forBoundedOutOfOrderness(java.time.Duration.ofSeconds(30))
                        .withTimestampAssigner((e, previous) -> e.getEventTime().toEpochMilli()))
                .name("event time").uid("event-time");
        DataStream<DeadLetter> noDeadLetters = input.flatMap((CleanEvent e, Collector<DeadLetter> out) -> { },
                new AvroTypeInfo<>(DeadLetter.class)).name("no dead letters").uid("no-dead-letters");
        CollectedAlerts sinks = new CollectedAlerts();
        CostAggregationJob.aggregate(input, noDeadLetters, CostAggregationSettings.defaults(BudgetBook.of(
                new BudgetBook.Budget("acme", "node-bot", 100.0, "customer_facing"))), sinks, TestKeys.dlqKey());
        env.execute("unpriced model");

        List<Alert> alerts = new ArrayList<>();
        try (CloseableIterator<Alert> collected = sinks.alerts) {
            collected.forEachRemaining(alerts::add);
        }
        assertThat(alerts).as("only node-bot, once firing and once resolved").hasSize(2)
                .allSatisfy(a -> assertThat(a.getFingerprint()).isEqualTo(UnpricedModelAlerts.fingerprint("acme", "node-bot")));
        Alert firing = alerts.stream().filter(a -> a.getEndsAt() == null).findFirst().orElseThrow();
        Alert resolved = alerts.stream().filter(a -> a.getEndsAt() != null).findFirst().orElseThrow();
        // minute 2 is the first with 5 or more unpriced calls: 6 of 66 LLM calls (tool calls are not LLM calls)
        assertThat(firing.getStartsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 3 * MINUTE));
        assertThat(firing.getValue()).isEqualTo(6.0 / 66);
        assertThat(firing.getLabels()).containsEntry("severity", "low").containsEntry("category", "customer_facing");
        assertThat(firing.getSummary()).contains("'" + UNPRICED_STOCK_SPELLING + "' (6)");
        // after the input, minutes leave the 1 h window one by one; at minute 67 only minutes 8 and 9 (4 calls) are left
        assertThat(resolved.getStartsAt()).isEqualTo(firing.getStartsAt());
        assertThat(resolved.getEndsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 68 * MINUTE));
    }

    /** What ingestion's EventPricer does: LLM calls get the table's price or null (unpriced), other spans 0. */
    private static CleanEvent priced(CleanEvent event) {
        AgentEvent span = event.getAgentEvent();
        event.setCostEur(span.getKind() != EventKind.LLM_CALL ? Double.valueOf(0.0)
                : PRICES.costEur(span.getProvider(), span.getModel(), span.getInputTokens(), span.getOutputTokens(),
                        span.getCachedInputTokens(), span.getCacheCreationInputTokens()).orElse(null));
        return event;
    }

    private static CleanEvent call(String id, String agent, String provider, String model, long time) {
        AgentEvent span = TestEvents.span(id, "acme", agent, model, EventKind.LLM_CALL, time, 900, SpanStatus.OK);
        span.setProvider(provider);
        span.setCacheCreationInputTokens(20);
        return TestEvents.clean(id, "acme", agent, time, span, null);
    }

    private static CleanEvent tool(String id, String agent, long time) {
        AgentEvent span = TestEvents.span(id, "acme", agent, null, EventKind.TOOL_CALL, time, 120, SpanStatus.OK);
        return TestEvents.clean(id, "acme", agent, time, span, null);
    }

    /** Alerts are collected; the other outputs are not what this test is about. */
    private static final class CollectedAlerts implements CostAggregationSinks {
        CloseableIterator<Alert> alerts;

        @Override public void agentMetrics1m(DataStream<AgentMetrics> rows) { rows.sinkTo(new DiscardingSink<>()); }
        @Override public void agentMetrics1h(DataStream<AgentMetrics> rows) { rows.sinkTo(new DiscardingSink<>()); }
        @Override public void systemMetrics1m(DataStream<SystemMetrics> rows) { rows.sinkTo(new DiscardingSink<>()); }
        @Override public void agentMetricsTopic(DataStream<org.openclaw.oversight.schema.AgentMetrics> rows) { rows.sinkTo(new DiscardingSink<>()); }
        @Override public void alerts(DataStream<Alert> stream) { alerts = stream.collectAsync(); }
        @Override public void deadLetters(DataStream<DeadLetter> deadLetters) { deadLetters.sinkTo(new DiscardingSink<>()); }
    }
}
