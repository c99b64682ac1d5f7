package org.openclaw.oversight.cost;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.openclaw.oversight.connectors.flink.JobBootstrap;
import org.openclaw.oversight.connectors.flink.JobContext;
import org.openclaw.oversight.connectors.flink.JobEnvironment;
import org.openclaw.oversight.connectors.flink.OversightJob;
import org.openclaw.oversight.connectors.kafka.DecodedStream;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.AvroEventTime;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.DeadLetter;
import org.openclaw.oversight.secrets.SecretSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cost aggregation: {@code oversight.clean-events.v1} → event-time windows of 1 min and 1 h per
 * (tenant, agent, model) → {@code agent_metrics_1m/1h}, the fleet per minute →
 * {@code system_metrics_1m}, daily budgets → {@code BudgetForecastExceeded}/{@code BudgetExceeded},
 * agents whose LLM calls are too often unpriced → {@code UnpricedModel}, both on
 * {@code oversight.alerts.v1}, every fired minute (per model and over all models, with its revision) →
 * {@code oversight.agent-metrics.v1} for anomaly detection, and the seed's Prometheus metrics.
 *
 * <p>Shaped like every job (jobs/README.md): {@link #main} hands {@link #from} to {@link JobBootstrap};
 * {@link #defineWorkflow} is the job, which tests and the benchmark run with bounded
 * {@link CostAggregationSources} and their own {@link CostAggregationSinks}. The budgets come from the
 * config; {@code oversight migrate} writes them into {@code oversight.budgets} for the dashboards.
 */
public final class CostAggregationJob implements OversightJob<CostAggregationSources, CostAggregationSinks> {

    public static final String JOB = "cost-aggregation";
    public static final String CONSUMER_GROUP = "oversight-cost-aggregation";

    private static final Logger LOG = LoggerFactory.getLogger(CostAggregationJob.class);
    private static final TypeInformation<Tuple3<String, String, String>> KEY_TYPE = Types.TUPLE(Types.STRING, Types.STRING, Types.STRING);

    private final KafkaConnection kafka;
    private final CostAggregationSettings settings;

    /** {@code kafka} for decoding and dead letters (its dead-letter key also seals late events). */
    public CostAggregationJob(KafkaConnection kafka, CostAggregationSettings settings) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public static void main(String[] args) throws Exception {
        JobBootstrap.run(args, CostAggregationJob::from);
    }

    /** The job as {@code main} runs it: the config's budgets and UnpricedModel thresholds, production lateness. */
    public static CostAggregationJob from(JobContext context) {
        BudgetBook budgets = BudgetBook.of(context.config().settings());
        LOG.info("cost-aggregation: {} daily budgets configured", budgets.size());
        return new CostAggregationJob(context.kafka(), CostAggregationSettings.defaults(budgets)
                .withUnpricedModel(UnpricedModelRule.of(context.config().settings().thresholds())));
    }

    @Override
    public String name() {
        return JOB;
    }

    @Override
    public CostAggregationSources sources(JobContext context) {
        return new CostAggregationSources(KafkaSources.rawRecords(kafka, CONSUMER_GROUP, Topics.CLEAN_EVENTS)
                .startingOffsets(context.startingOffsets()).build());
    }

    @Override
    public CostAggregationSinks sinks(JobContext context) {
        return new CostAggregationProductionSinks(kafka, context.db(), settings.dbFlushInterval());
    }

    /** The whole job: decode the clean events (undecodable ones become dead letters), then {@link #aggregate}. */
    @Override
    public void defineWorkflow(StreamExecutionEnvironment env, CostAggregationSources sources, CostAggregationSinks sinks) {
        // no operator of this job mutates or keeps a reference to its input, so records need no
        // defensive copies between chained operators (each event fans out to four of them)
        env.getConfig().enableObjectReuse();
        if (env.getMaxParallelism() <= 0) {
            env.setMaxParallelism(JobEnvironment.MAX_PARALLELISM);
        }
        DataStream<KafkaRawRecord> raw = KafkaSources.read(env, sources.cleanEvents(), Topics.CLEAN_EVENTS,
                AvroEventTime.watermarks(CleanEvent.class, "eventTime", 0, settings.outOfOrderness(), settings.idleness()));
        DecodedStream<CleanEvent> decoded = KafkaSources.decode(raw, CleanEvent.class, kafka, JOB);
        aggregate(decoded.records(), decoded.deadLetters(), settings, sinks, kafka.deadLetterKey());
    }

    /**
     * Windows, fleet roll-up, budgets, unpriced models and metrics over decoded clean events that carry their
     * event time as timestamp and watermarks (per partition from the source, {@link AvroEventTime}); late events
     * become dead letters sealed with the key from {@code deadLetterKey} (read where the operator opens).
     * The part of {@link #defineWorkflow} after decoding, for the tests that feed it events directly.
     */
    static void aggregate(DataStream<CleanEvent> events, DataStream<DeadLetter> deadLetters, CostAggregationSettings settings,
            CostAggregationSinks sinks, SecretSource deadLetterKey) {
        SingleOutputStreamOperator<UsageEvent> usage = events
                .map(UsageEvent::of, TypeInformation.of(UsageEvent.class))
                .name("usage of clean event").uid("usage-event");

        usage.flatMap(new FleetMetricsRecorder(), Types.VOID)
                .name("prometheus fleet metrics").uid("prometheus-fleet-metrics")
                .sinkTo(new DiscardingSink<>())
                .name("discard").uid("prometheus-fleet-metrics-discard");

        SingleOutputStreamOperator<AgentMetrics> rows1m = windowed(usage, settings);
        DataStream<AgentMetrics> rows1h = rows1m.getSideOutput(AgentWindows.HOURLY);

        SingleOutputStreamOperator<SystemMetrics> system = rows1m
                .keyBy(row -> row.bucket, Types.LONG)
                .process(new SystemMetricsFunction(Duration.ofMinutes(1).toMillis(), settings.allowedLateness1m().toMillis()),
                        TypeInformation.of(SystemMetrics.class))
                .name("system metrics 1m").uid("system-metrics-1m");

        SingleOutputStreamOperator<Alert> alerts = rows1m.getSideOutput(AgentWindows.SPENDS)
                .flatMap(new BudgetSpends(settings.budgets()), TypeInformation.of(BudgetSpend.class))
                .name("budget spends").uid("budget-spends")
                .keyBy(BudgetSpend::budgetKey, Types.STRING)
                .process(new BudgetTracker(settings.budgets()), new AvroTypeInfo<>(Alert.class))
                .name("budget tracker").uid("budget-tracker");

        SingleOutputStreamOperator<Alert> unpricedModels = rows1m
                .filter(row -> row.llmCalls > 0).name("rows with llm calls").uid("unpriced-model-rows")
                .keyBy(UnpricedModelTracker::agentKey, Types.STRING)
                .process(new UnpricedModelTracker(settings.unpricedModel(), settings.budgets()), new AvroTypeInfo<>(Alert.class))
                .name("unpriced model tracker").uid("unpriced-model-tracker");

        SingleOutputStreamOperator<org.openclaw.oversight.schema.AgentMetrics> published = rows1m.getSideOutput(AgentWindows.MINUTE_TOTALS)
                .keyBy(MinuteTotals::agentKey, Types.STRING)
                .process(new AgentMetricsPublisher(settings.allowedLateness1m().toMillis()),
                        new AvroTypeInfo<>(org.openclaw.oversight.schema.AgentMetrics.class))
                .name("agent metrics rows for the topic").uid("agent-metrics-publisher");

        AvroTypeInfo<DeadLetter> deadLetterType = new AvroTypeInfo<>(DeadLetter.class);
        DataStream<DeadLetter> lateLetters1m = rows1m.getSideOutput(AgentWindows.LATE_1M)
                .map(new LateEventDeadLetters("1m", deadLetterKey), deadLetterType).name("late events 1m").uid("late-events-1m");
        DataStream<DeadLetter> lateLetters1h = rows1m.getSideOutput(AgentWindows.LATE_1H)
                .map(new LateEventDeadLetters("1h", deadLetterKey), deadLetterType).name("late events 1h").uid("late-events-1h");

        sinks.agentMetrics1m(rows1m);
        sinks.agentMetrics1h(rows1h);
        sinks.systemMetrics1m(system);
        sinks.agentMetricsTopic(stampedWithWallClock(published, "agent-metrics"));
        sinks.alerts(stampedWithWallClock(alerts.union(unpricedModels), "alerts"));
        sinks.deadLetters(stampedWithWallClock(deadLetters.union(lateLetters1m, lateLetters1h), "dead-letters"));
    }

    /**
     * The Kafka sink writes each record with its stream timestamp, which here is event time (a
     * resolved budget alert carries the coming midnight, a late event its own time). A broker
     * refuses timestamps more than {@code log.message.timestamp.after.max.ms} (1 h by default)
     * ahead of its clock, and the job would restart forever; so records leave with the time they
     * were produced, which is also what Kafka's CreateTime means.
     */
    static <T> DataStream<T> stampedWithWallClock(DataStream<T> stream, String what) {
        return stream
                .assignTimestampsAndWatermarks(WatermarkStrategy.<T>noWatermarks()
                        .withTimestampAssigner((record, eventTime) -> System.currentTimeMillis()))
                .name("wall-clock timestamps " + what).uid("wall-clock-timestamps-" + what);
    }

    /** The 1-minute and 1-hour windows per (tenant, agent, model) ({@link AgentWindows}); also what the harness tests drive. */
    static SingleOutputStreamOperator<AgentMetrics> windowed(DataStream<UsageEvent> usage, CostAggregationSettings settings) {
        return usage
                .keyBy(usageKey(), KEY_TYPE)
                .process(new AgentWindows(settings.allowedLateness1m(), settings.allowedLateness1h()),
                        TypeInformation.of(AgentMetrics.class))
                .name("agent metrics 1m and 1h").uid("agent-metrics-windows");
    }

    static KeySelector<UsageEvent, Tuple3<String, String, String>> usageKey() {
        return e -> Tuple3.of(e.tenantId, e.agentId, e.model);
    }
}
