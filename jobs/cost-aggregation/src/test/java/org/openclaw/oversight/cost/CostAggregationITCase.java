package org.openclaw.oversight.cost;

import org.openclaw.oversight.connectors.kafka.TestKeys;
import org.openclaw.oversight.localstack.TopicReader;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDecoder;
import org.openclaw.oversight.connectors.kafka.DeadLetterCipher;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * The job on a MiniCluster (parallelism 2) with the real broker, registry and PostgreSQL, its
 * production sinks, on simulated traffic: every stored window equals a direct computation over the
 * same input — in order, with late data, and across an injected failure and restore.
 */
@ExtendWith(LocalStackExtension.class)
class CostAggregationITCase {

    private static final int PARALLELISM = 2;
    private static final long MIN = 60_000L;
    private static final long HOUR = 3_600_000L;
    private static final LocalDate DAY = LocalDate.of(2026, 3, 2);
    private static final long BASE = DAY.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() + 9 * HOUR;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).build());

    private record Stack(KafkaConnection kafka, JdbcConnection db, String topic, String prefix) {}

    @Test
    void everyStoredWindowEqualsTheDirectComputation(KafkaBroker broker, EmbeddedSchemaRegistry registry, LocalPostgres postgres)
            throws Exception {
        Stack stack = stack(broker, registry, postgres, "inorder");
        List<CleanEvent> events = SimulatedTraffic.generate(stack.prefix(), 11, 6_000, BASE, 150 * MIN, 20_000);
        produce(broker, registry, stack.topic(), events);
        String hungry = stack.prefix() + "-t0-a0";
        BudgetBook budgets = BudgetBook.of(
                new BudgetBook.Budget(stack.prefix() + "-t0", "" + hungry, 0.5, "customer_facing"),
                new BudgetBook.Budget(stack.prefix() + "-t0", stack.prefix() + "-t0-a1", 1000, "internal"),
                new BudgetBook.Budget(stack.prefix() + "-t0", BudgetBook.TENANT_WIDE, 1000, "tenant"));
        assertThat(BudgetTable.store(stack.db(), budgets)).isEqualTo(3);

        StreamExecutionEnvironment env = environment(500);
        CostAggregationSettings settings = settings(budgets, Duration.ofSeconds(30), Duration.ofMinutes(2));
        KafkaSource<KafkaRawRecord> source = KafkaSources.rawRecords(stack.kafka(), "it-" + UUID.randomUUID(), stack.topic())
                .bounded(OffsetsInitializer.latest()).build();
        new CostAggregationJob(stack.kafka(), settings).defineWorkflow(env, new CostAggregationSources(source),
                productionSinks(stack, settings));
        env.execute("cost aggregation in order");

        try (Connection db = stack.db().open()) {
            List<String> problems = new ArrayList<>();
            problems.addAll(ExpectedWindows.agentTableMismatches(db, MetricsTables.AGENT_METRICS_1M,
                    ExpectedWindows.agentWindows(events, MIN), 1, t -> true));
            problems.addAll(ExpectedWindows.agentTableMismatches(db, MetricsTables.AGENT_METRICS_1H,
                    ExpectedWindows.agentWindows(events, HOUR), 60, t -> true));
            problems.addAll(ExpectedWindows.systemTableMismatches(db, ExpectedWindows.systemMinutes(events)));
            assertThat(problems).as("differences between the tables and the direct computation").isEmpty();
            assertThat(count(db, "SELECT count(*) FROM oversight.agent_metrics_1m")).isGreaterThan(500);

            // the daily view over the hourly table, joined with the budget written at start
            BigDecimal expectedSpend = events.stream()
                    .filter(e -> e.getAgentId().equals(hungry) && e.getCostEur() != null)
                    .map(e -> BigDecimal.valueOf(e.getCostEur())).reduce(BigDecimal.ZERO, BigDecimal::add);
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT cost_eur, daily_budget_eur, budget_used FROM oversight.agent_cost_daily WHERE day = ? AND agent_id = ?")) {
                q.setObject(1, DAY);
                q.setString(2, hungry);
                try (ResultSet rs = q.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBigDecimal("cost_eur")).isEqualByComparingTo(expectedSpend);
                    assertThat(rs.getBigDecimal("daily_budget_eur")).isEqualByComparingTo("0.5");
                    assertThat(rs.getDouble("budget_used")).isGreaterThan(1.0);
                }
            }
            assertThat(count(db, "SELECT count(*) FROM oversight.tenant_cost_daily WHERE day = DATE '" + DAY + "'")).isEqualTo(3);
        }

        assertThat(topicMismatches(broker, registry, stack.prefix(), ExpectedWindows.agentWindows(events, MIN)))
                .as("differences between oversight.agent-metrics.v1 and the direct computation").isEmpty();

        // budget alerts: the hungry agent's forecast and overrun, once each, resolved at day end; nobody else
        List<Alert> all = alerts(broker, registry, stack.prefix());
        List<Alert> alerts = all.stream().filter(a -> a.getAlertname().startsWith("Budget")).toList();
        String forecastPrint = BudgetAlerts.fingerprint(BudgetAlerts.FORECAST_EXCEEDED, stack.prefix() + "-t0", hungry, DAY.toEpochDay());
        String exceededPrint = BudgetAlerts.fingerprint(BudgetAlerts.EXCEEDED, stack.prefix() + "-t0", hungry, DAY.toEpochDay());
        assertThat(alerts).extracting(Alert::getFingerprint)
                .containsExactlyInAnyOrder(forecastPrint, exceededPrint, forecastPrint, exceededPrint);
        assertThat(alerts.stream().filter(a -> a.getEndsAt() == null)).hasSize(2);
        assertThat(alerts.stream().filter(a -> a.getEndsAt() != null))
                .allSatisfy(a -> assertThat(a.getEndsAt()).isEqualTo(DAY.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));

        // UnpricedModel: ~5 % of the simulated LLM calls are unpriced. Exactly the agents whose share passes the rule in
        // some window fire, each episode is resolved (at the latest when the input ends), and nothing else is on the topic
        Set<String> breaching = ExpectedWindows.agentsBreaching(events, settings.unpricedModel()).stream()
                .map(agent -> UnpricedModelAlerts.fingerprint(agent.substring(0, agent.indexOf('|')), agent.substring(agent.indexOf('|') + 1)))
                .collect(Collectors.toSet());
        List<Alert> unpriced = all.stream().filter(a -> a.getAlertname().equals(UnpricedModelAlerts.ALERTNAME)).toList();
        assertThat(breaching).hasSize(6);
        assertThat(unpriced.stream().map(Alert::getFingerprint).collect(Collectors.toSet())).isEqualTo(breaching);
        for (String fingerprint : breaching) {
            List<Alert> episode = unpriced.stream().filter(a -> a.getFingerprint().equals(fingerprint)).toList();
            assertThat(episode).as("firing, resolved, firing, ... ending resolved").hasSizeGreaterThanOrEqualTo(2)
                    .satisfies(list -> assertThat(list.size() % 2).isZero());
            for (int i = 0; i < episode.size(); i++) {
                assertThat(episode.get(i).getEndsAt() == null).as("alert %d of %s", i, fingerprint).isEqualTo(i % 2 == 0);
            }
            assertThat(episode.get(0).getSummary()).contains("have no price in config/pricing.yml: '");
        }
        assertThat(all).hasSize(alerts.size() + unpriced.size());
    }

    /**
     * Regression: the resolved alert of *today* carries the coming midnight as its stream timestamp;
     * written with that Kafka timestamp the broker refuses it (more than 1 h in the future) and the
     * job restarted forever. Alerts must reach the topic.
     */
    @Test
    void alertsOfTodayAreAcceptedByTheBroker(KafkaBroker broker, EmbeddedSchemaRegistry registry, LocalPostgres postgres)
            throws Exception {
        Stack stack = stack(broker, registry, postgres, "today");
        String tenant = stack.prefix() + "-t0";
        String agent = tenant + "-a0";
        long now = System.currentTimeMillis();
        List<CleanEvent> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(TestEvents.llmCall(stack.prefix() + "-e" + i, tenant, agent, "gpt-4o", now - 20_000 + i * 500L, 900, false, 0.1));
        }
        produce(broker, registry, stack.topic(), events);
        long day = Math.floorDiv(events.get(19).getEventTime().toEpochMilli(), 86_400_000L);

        StreamExecutionEnvironment env = environment(300);
        CostAggregationSettings settings = settings(BudgetBook.of(new BudgetBook.Budget(tenant, agent, 1.0, "internal")),
                Duration.ofSeconds(30), Duration.ofMinutes(2));
        new CostAggregationJob(stack.kafka(), settings).defineWorkflow(env, new CostAggregationSources(KafkaSources
                        .rawRecords(stack.kafka(), "it-" + UUID.randomUUID(), stack.topic()).bounded(OffsetsInitializer.latest()).build()),
                productionSinks(stack, settings));
        env.execute("cost aggregation today");

        assertThat(alerts(broker, registry, stack.prefix())).extracting(Alert::getFingerprint).containsExactlyInAnyOrder(
                BudgetAlerts.fingerprint(BudgetAlerts.FORECAST_EXCEEDED, tenant, agent, day),
                BudgetAlerts.fingerprint(BudgetAlerts.EXCEEDED, tenant, agent, day),
                BudgetAlerts.fingerprint(BudgetAlerts.FORECAST_EXCEEDED, tenant, agent, day),
                BudgetAlerts.fingerprint(BudgetAlerts.EXCEEDED, tenant, agent, day));
    }

    @Test
    void lateEventsCorrectTheirWindowOrBecomeDeadLetters(KafkaBroker broker, EmbeddedSchemaRegistry registry, LocalPostgres postgres)
            throws Exception {
        Stack stack = stack(broker, registry, postgres, "late");
        List<CleanEvent> onTime = SimulatedTraffic.generate(stack.prefix(), 23, 900, BASE, 9 * MIN, 2_000);
        produce(broker, registry, stack.topic(), onTime);
        produce(broker, registry, stack.topic(), pushers(stack.prefix(), BASE + 10 * MIN));

        StreamExecutionEnvironment env = environment(300);
        CostAggregationSettings settings = settings(BudgetBook.empty(), Duration.ofSeconds(5), Duration.ofMinutes(3));
        new CostAggregationJob(stack.kafka(), settings).defineWorkflow(env, new CostAggregationSources(
                KafkaSources.rawRecords(stack.kafka(), "it-" + UUID.randomUUID(), stack.topic()).build()), productionSinks(stack, settings));
        JobClient job = env.executeAsync("cost aggregation late data");
        try {
            CleanEvent sample = onTime.stream().filter(e -> e.getEventTime().toEpochMilli() >= BASE + 7 * MIN
                    && e.getEventTime().toEpochMilli() < BASE + 8 * MIN && e.getAgentEvent() != null).findFirst().orElseThrow();
            String model = sample.getAgentEvent().getModel() == null ? "" : sample.getAgentEvent().getModel();
            long before = ExpectedWindows.agentWindows(onTime, MIN)
                    .get(new ExpectedWindows.Key(BASE + 7 * MIN, sample.getTenantId(), sample.getAgentId(), model)).requests;
            awaitValue(stack.db(), requestsOf(sample, model, BASE + 7 * MIN), before, "minute 7 before the late event");

            // within the lateness of [7, 8) (watermark 9:55, lateness until 11:00): the row is corrected
            CleanEvent withinLateness = copyAt(sample, stack.prefix() + "-late-ok", BASE + 7 * MIN + 30_000);
            // beyond the lateness of [2, 3) (cleaned at 6:00): a dead letter; still in time for the hour
            CleanEvent tooLate = copyAt(sample, stack.prefix() + "-late-lost", BASE + 2 * MIN + 30_000);
            produce(broker, registry, stack.topic(), List.of(withinLateness, tooLate));
            awaitValue(stack.db(), requestsOf(sample, model, BASE + 7 * MIN), before + 1, "minute 7 corrected by the late event");
            awaitValue(stack.db(), "SELECT requests FROM oversight.system_metrics_1m WHERE bucket = '" + Instant.ofEpochMilli(BASE + 7 * MIN) + "'",
                    ExpectedWindows.systemMinutes(onTime).get(BASE + 7 * MIN).requests + 1, "fleet minute 7 corrected");

            // close the hour: the hourly windows include both late events
            produce(broker, registry, stack.topic(), pushers(stack.prefix(), BASE + 3 * HOUR));
            List<CleanEvent> forMinutes = new ArrayList<>(onTime);
            forMinutes.add(withinLateness);
            List<CleanEvent> forHours = new ArrayList<>(forMinutes);
            forHours.add(tooLate);
            String tenants = stack.prefix() + "-t";
            awaitNoMismatches(stack.db(), db -> {
                List<String> problems = new ArrayList<>(ExpectedWindows.agentTableMismatches(db, MetricsTables.AGENT_METRICS_1M,
                        ExpectedWindows.agentWindows(forMinutes, MIN), 1, t -> t.startsWith(tenants)));
                problems.addAll(ExpectedWindows.agentTableMismatches(db, MetricsTables.AGENT_METRICS_1H,
                        ExpectedWindows.agentWindows(forHours, HOUR), 60, t -> t.startsWith(tenants)));
                return problems;
            });

            // dead letters become visible when the checkpoint after them commits the Kafka transaction
            await(() -> !deadLetters(broker, registry, stack.prefix()).isEmpty(), "the late event's dead letter");
            List<DeadLetter> letters = deadLetters(broker, registry, stack.prefix());
            assertThat(letters).hasSize(1);
            DeadLetter letter = letters.get(0);
            assertThat(letter.getErrorClass()).isEqualTo(LateEventDeadLetters.ERROR_CLASS);
            assertThat(letter.getErrorMessage()).contains(tooLate.getEventId()).contains("1m");
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.CLEAN_EVENTS);
            assertThat(letter.getJob()).isEqualTo(CostAggregationJob.JOB);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void afterAFailureAndRestoreEveryWindowStillEqualsTheDirectComputation(KafkaBroker broker, EmbeddedSchemaRegistry registry,
            LocalPostgres postgres) throws Exception {
        Stack stack = stack(broker, registry, postgres, "restore");
        List<CleanEvent> events = SimulatedTraffic.generate(stack.prefix(), 37, 4_000, BASE, 120 * MIN, 20_000);
        produce(broker, registry, stack.topic(), events.subList(0, 2_000));

        FailOnceAfterCheckpoint.reset();
        StreamExecutionEnvironment env = environment(200);
        CostAggregationSettings settings = settings(BudgetBook.empty(), Duration.ofSeconds(30), Duration.ofMinutes(2));
        new CostAggregationJob(stack.kafka(), settings).defineWorkflow(env, new CostAggregationSources(
                KafkaSources.rawRecords(stack.kafka(), "it-" + UUID.randomUUID(), stack.topic()).build()),
                new FailingOnceBeforeTheMinuteTable(productionSinks(stack, settings)));
        JobClient job = env.executeAsync("cost aggregation restore");
        try {
            await(() -> FailOnceAfterCheckpoint.CHECKPOINTED.get(), "a checkpoint completed in the first attempt");
            produce(broker, registry, stack.topic(), events.subList(2_000, events.size()));
            produce(broker, registry, stack.topic(), pushers(stack.prefix() + "-zz", BASE + 5 * HOUR));
            await(() -> FailOnceAfterCheckpoint.INJECTED.get() == 1, "the injected failure");

            String tenants = stack.prefix() + "-t";
            Map<Long, ExpectedWindows.Window> minutes = ExpectedWindows.systemMinutes(events);
            awaitNoMismatches(stack.db(), db -> {
                List<String> problems = new ArrayList<>(ExpectedWindows.agentTableMismatches(db, MetricsTables.AGENT_METRICS_1M,
                        ExpectedWindows.agentWindows(events, MIN), 1, t -> t.startsWith(tenants)));
                problems.addAll(ExpectedWindows.agentTableMismatches(db, MetricsTables.AGENT_METRICS_1H,
                        ExpectedWindows.agentWindows(events, HOUR), 60, t -> t.startsWith(tenants)));
                problems.addAll(ExpectedWindows.systemTableMismatches(db, minutes));
                return problems;
            });
            assertThat(FailOnceAfterCheckpoint.INJECTED).hasValue(1);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    /** The production sinks, with a mapper before agent_metrics_1m that fails once after a checkpoint. */
    private record FailingOnceBeforeTheMinuteTable(CostAggregationSinks production) implements CostAggregationSinks {
        @Override
        public void agentMetrics1m(DataStream<AgentMetrics> rows) {
            production.agentMetrics1m(rows.map(new FailOnceAfterCheckpoint<AgentMetrics>(), rows.getType())
                    .name("fail once").uid("fail-once"));
        }

        @Override
        public void agentMetrics1h(DataStream<AgentMetrics> rows) {
            production.agentMetrics1h(rows);
        }

        @Override
        public void systemMetrics1m(DataStream<SystemMetrics> rows) {
            production.systemMetrics1m(rows);
        }

        @Override
        public void agentMetricsTopic(DataStream<org.openclaw.oversight.schema.AgentMetrics> rows) {
            production.agentMetricsTopic(rows);
        }

        @Override
        public void alerts(DataStream<Alert> alerts) {
            production.alerts(alerts);
        }

        @Override
        public void deadLetters(DataStream<DeadLetter> deadLetters) {
            production.deadLetters(deadLetters);
        }
    }

    /** Throws once, in the first attempt, on the first record after a checkpoint has completed. */
    static final class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T> implements CheckpointListener {
        static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
        static final AtomicInteger INJECTED = new AtomicInteger();
        private transient boolean checkpointed;

        static void reset() {
            CHECKPOINTED.set(false);
            INJECTED.set(0);
        }

        @Override
        public T map(T record) {
            if (checkpointed && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0 && INJECTED.compareAndSet(0, 1)) {
                throw new IllegalStateException("injected failure after a checkpoint");
            }
            return record;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                checkpointed = true;
                CHECKPOINTED.set(true);
            }
        }
    }

    // ------------------------------------------------------------------ plumbing

    private static Stack stack(KafkaBroker broker, EmbeddedSchemaRegistry registry, LocalPostgres postgres, String name) {
        String topic = "it.cost-" + name + "." + UUID.randomUUID();
        broker.createTopic(topic, PARALLELISM);
        if (!broker.topics().contains(Topics.ALERTS)) {
            broker.createTopic(Topics.ALERTS, 1);
        }
        if (!broker.topics().contains(Topics.AGENT_METRICS)) {
            broker.createTopic(Topics.AGENT_METRICS, PARALLELISM);
        }
        if (!broker.topics().contains(Topics.DEAD_LETTERS)) {
            broker.createTopic(Topics.DEAD_LETTERS, 1);
        }
        String url = postgres.createDatabase("cost_it_" + name);
        JdbcConnection db = new JdbcConnection(url, postgres.user(), postgres.password());
        DatabaseMigrations.migrate(db);
        return new Stack(TestKeys.connection(broker.bootstrapServers(), registry.url()), db, topic,
                name + UUID.randomUUID().toString().substring(0, 6));
    }

    private static CostAggregationSinks productionSinks(Stack stack, CostAggregationSettings settings) {
        return new CostAggregationProductionSinks(stack.kafka(), stack.db(), settings.dbFlushInterval());
    }

    private static StreamExecutionEnvironment environment(long checkpointMs) {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(PARALLELISM);
        env.setMaxParallelism(128);
        env.enableCheckpointing(checkpointMs);
        return env;
    }

    private static CostAggregationSettings settings(BudgetBook budgets, Duration outOfOrderness, Duration lateness) {
        // idleness far above any stall in a test: every partition gets data (pushers go to each)
        return CostAggregationSettings.defaults(budgets)
                .withLateness(outOfOrderness, Duration.ofMinutes(10), lateness, lateness)
                .withDbFlushInterval(Duration.ofMillis(200));
    }

    /** One event per partition far in the future: moves every partition's watermark past the data. */
    private static List<CleanEvent> pushers(String prefix, long timeMs) {
        List<CleanEvent> pushers = new ArrayList<>();
        for (int p = 0; p < PARALLELISM; p++) {
            pushers.add(SimulatedTraffic.event(prefix + "-push-" + timeMs + "-" + p, "pusher-" + prefix, "pusher", timeMs, new Random(p)));
        }
        return pushers;
    }

    /** Alternates partitions, keeping each partition in the given order. */
    private static void produce(KafkaBroker broker, EmbeddedSchemaRegistry registry, String topic, List<CleanEvent> events) {
        try (KafkaProducer<String, CleanEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ConfluentAvroSerializer<>(registry.url()))) {
            for (int i = 0; i < events.size(); i++) {
                CleanEvent e = events.get(i);
                producer.send(new ProducerRecord<>(topic, i % PARALLELISM, e.getEventId(), e));
            }
            producer.flush();
        }
    }

    private static CleanEvent copyAt(CleanEvent sample, String id, long timeMs) {
        CleanEvent copy = CleanEvent.newBuilder(sample).setEventId(id).setEventTime(Instant.ofEpochMilli(timeMs)).build();
        copy.setAgentEvent(org.openclaw.oversight.schema.AgentEvent.newBuilder(sample.getAgentEvent()).setEventId(id)
                .setStartTime(Instant.ofEpochMilli(timeMs)).build());
        return copy;
    }

    private static String requestsOf(CleanEvent e, String model, long bucket) {
        return "SELECT requests FROM oversight.agent_metrics_1m WHERE bucket = '" + Instant.ofEpochMilli(bucket) + "' AND tenant_id = '"
                + e.getTenantId() + "' AND agent_id = '" + e.getAgentId() + "' AND model = '" + model + "'";
    }

    private static List<Alert> alerts(KafkaBroker broker, EmbeddedSchemaRegistry registry, String prefix) throws Exception {
        ConfluentAvroDecoder<Alert> decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(registry.url()), Alert.class);
        List<Alert> alerts = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readToEnd(broker.bootstrapServers(), Topics.ALERTS, Duration.ofSeconds(60))) {
            Alert alert = decoder.decode(record.value());
            if (alert.getTenantId() != null && alert.getTenantId().startsWith(prefix)) {
                assertThat(new String(record.key())).isEqualTo(alert.getFingerprint());
                alerts.add(alert);
            }
        }
        return alerts;
    }

    /**
     * The rows on oversight.agent-metrics.v1 (read_committed) against the direct computation: per (minute, tenant,
     * agent, model) and over all models, every revision once (exactly-once), revisions 0..n without a gap, and the
     * last revision equal to the expected window.
     */
    private static List<String> topicMismatches(KafkaBroker broker, EmbeddedSchemaRegistry registry, String prefix,
            Map<ExpectedWindows.Key, ExpectedWindows.Window> expected) throws Exception {
        ConfluentAvroDecoder<org.openclaw.oversight.schema.AgentMetrics> decoder = new ConfluentAvroDecoder<>(
                SchemaRegistryClient.forUrl(registry.url()), org.openclaw.oversight.schema.AgentMetrics.class);
        Map<String, List<org.openclaw.oversight.schema.AgentMetrics>> byRow = new java.util.TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readToEnd(broker.bootstrapServers(), Topics.AGENT_METRICS,
                Duration.ofSeconds(60))) {
            org.openclaw.oversight.schema.AgentMetrics row = decoder.decode(record.value());
            if (!row.getTenantId().startsWith(prefix)) {
                continue;
            }
            assertThat(new String(record.key())).isEqualTo(row.getTenantId() + "/" + row.getAgentId());
            byRow.computeIfAbsent(row.getBucket().toEpochMilli() + "|" + row.getTenantId() + "|" + row.getAgentId() + "|" + row.getModel(),
                    k -> new ArrayList<>()).add(row);
        }
        Map<String, long[]> expectedRows = new java.util.TreeMap<>();
        expected.forEach((key, window) -> {
            for (String model : new String[] {key.model(), null}) {
                long[] totals = expectedRows.computeIfAbsent(key.bucket() + "|" + key.tenant() + "|" + key.agent() + "|" + model,
                        k -> new long[3]);
                totals[0] += window.requests;
                totals[1] += window.errors;
                totals[2] += window.in;
            }
        });
        List<String> problems = new ArrayList<>();
        if (!byRow.keySet().equals(expectedRows.keySet())) {
            problems.add("rows on the topic " + byRow.size() + ", expected " + expectedRows.size());
        }
        byRow.forEach((key, rows) -> {
            List<Integer> revisions = rows.stream().map(org.openclaw.oversight.schema.AgentMetrics::getRevision).sorted().toList();
            if (!revisions.equals(java.util.stream.IntStream.range(0, rows.size()).boxed().toList())) {
                problems.add(key + ": revisions " + revisions);
            }
            org.openclaw.oversight.schema.AgentMetrics last = rows.stream()
                    .max(java.util.Comparator.comparingInt(org.openclaw.oversight.schema.AgentMetrics::getRevision)).orElseThrow();
            long[] want = expectedRows.get(key);
            if (want != null && (last.getRequests() != want[0] || last.getErrors() != want[1] || last.getInputTokens() != want[2])) {
                problems.add(key + ": requests/errors/input " + last.getRequests() + "/" + last.getErrors() + "/" + last.getInputTokens()
                        + ", expected " + want[0] + "/" + want[1] + "/" + want[2]);
            }
        });
        return problems;
    }

    private static List<DeadLetter> deadLetters(KafkaBroker broker, EmbeddedSchemaRegistry registry, String prefix) throws Exception {
        ConfluentAvroDecoder<DeadLetter> decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(registry.url()), DeadLetter.class);
        List<DeadLetter> letters = new ArrayList<>();
        DeadLetterCipher cipher = TestKeys.cipher();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readToEnd(broker.bootstrapServers(), Topics.DEAD_LETTERS, Duration.ofSeconds(60))) {
            DeadLetter letter = decoder.decode(record.value());
            // the Kafka key of a dead letter is its source topic; ours carry the event id, sealed, in the letter's key field
            if (letter.getKey() == null || !letter.getSourceTopic().equals(Topics.CLEAN_EVENTS) || letter.getPartition() != -1) {
                continue;
            }
            byte[] sealed = new byte[letter.getKey().remaining()];
            letter.getKey().duplicate().get(sealed);
            assertThat(letter.getPayloadEncryption()).isEqualTo(DeadLetterCipher.ALGORITHM);
            String eventId = new String(cipher.decrypt(sealed, Topics.CLEAN_EVENTS, -1, -1L, "key"), java.nio.charset.StandardCharsets.UTF_8);
            if (eventId.startsWith(prefix)) {
                letters.add(letter);
            }
        }
        return letters;
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    interface Comparison {
        List<String> mismatches(Connection db) throws SQLException;
    }

    private static void awaitNoMismatches(JdbcConnection jdbc, Comparison comparison) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        List<String> problems;
        do {
            try (Connection db = jdbc.open()) {
                problems = comparison.mismatches(db);
            }
            if (problems.isEmpty()) {
                return;
            }
            Thread.onSpinWait();
        } while (Instant.now().isBefore(deadline) && pause());
        assertThat(problems.subList(0, Math.min(20, problems.size())))
                .as("differences after 120 s (%d in all, first 20 shown)", problems.size()).isEmpty();
    }

    /** Polls {@code sql} (one number; no row counts as null) until it equals {@code expected}. */
    private static void awaitValue(JdbcConnection jdbc, String sql, Long expected, String what) throws Exception {
        Long[] last = new Long[1];
        await(() -> {
            try (Connection db = jdbc.open(); Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                last[0] = rs.next() ? rs.getLong(1) : null;
            }
            return expected.equals(last[0]);
        }, what == null ? sql : what + " (last value " + last[0] + ")");
    }

    private static void await(Callable<Boolean> condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!condition.call()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after 120 s waiting for " + what);
            }
            pause();
        }
    }

    /** Polling interval while waiting for a condition (not a synchronisation: every wait checks a condition). */
    private static boolean pause() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }
}
