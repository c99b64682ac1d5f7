package org.openclaw.oversight.anomaly;

import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
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
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.AgentMetrics;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.AlertType;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * Anomaly detection: {@code oversight.clean-events.v1}, {@code oversight.heartbeats.v1} and
 * {@code oversight.agent-metrics.v1} (cost-aggregation's minute rows: no windows are computed twice) →
 * alerts on {@code oversight.alerts.v1} (exactly-once) and anomalous minutes in {@code oversight.anomalies}.
 *
 * <p>Detectors (module README): {@link TokenAnomalyDetector} per LLM call; {@link MinuteBaselineDetector}
 * (3σ against the agent's last N minutes) with {@link AnomalousMinutesPattern} and
 * {@link AlignmentBelowMinimumPattern}; {@link LlmLatencyThreshold} and {@link ChannelErrorRate} (seed
 * thresholds); {@link TraceTopology} with {@link CascadingErrorsPattern} and {@link ErrorRateCascadePattern};
 * {@link AgentLiveness}. Every detection and clear passes {@link AlertLifecycle}, which makes them the
 * alert stream (fire once, update on escalation, resolve). Shaped like every job (jobs/README.md).
 */
public final class AnomalyDetectionJob implements OversightJob<AnomalyDetectionSources, AnomalyDetectionSinks> {

    public static final String JOB = "anomaly-detection";
    public static final String CONSUMER_GROUP = "oversight-anomaly-detection";
    /**
     * The job's default checkpoint interval (an explicit {@code --checkpoint-interval} wins): alerts become
     * readable when the checkpoint after them commits, so the interval bounds detection latency; 1 s keeps
     * the token detector's p99 under 2 s (module README, benchmark).
     */
    public static final String DEFAULT_CHECKPOINT_INTERVAL = "1s";

    private final KafkaConnection kafka;
    private final DetectionSettings settings;
    private final JdbcConnection warmStartDb;
    private final Duration dbFlushInterval;

    /** {@code warmStartDb} null: baselines start empty. */
    public AnomalyDetectionJob(KafkaConnection kafka, DetectionSettings settings, JdbcConnection warmStartDb, Duration dbFlushInterval) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.warmStartDb = warmStartDb;
        this.dbFlushInterval = Objects.requireNonNull(dbFlushInterval, "dbFlushInterval");
    }

    public static void main(String[] args) throws Exception {
        JobBootstrap.run(withDefaultCheckpointInterval(args), AnomalyDetectionJob::from);
    }

    public static AnomalyDetectionJob from(JobContext context) {
        return new AnomalyDetectionJob(context.kafka(), DetectionSettings.of(context.config()), context.db(), Duration.ofSeconds(1));
    }

    /** {@code --checkpoint-interval 1s} in front of the arguments: a later one given by the user overrides it. */
    static String[] withDefaultCheckpointInterval(String[] args) {
        return Stream.concat(Stream.of("--checkpoint-interval", DEFAULT_CHECKPOINT_INTERVAL), Stream.of(args)).toArray(String[]::new);
    }

    @Override
    public String name() {
        return JOB;
    }

    @Override
    public AnomalyDetectionSources sources(JobContext context) {
        return new AnomalyDetectionSources(
                KafkaSources.rawRecords(kafka, CONSUMER_GROUP, Topics.CLEAN_EVENTS).startingOffsets(context.startingOffsets()).build(),
                KafkaSources.rawRecords(kafka, CONSUMER_GROUP, Topics.HEARTBEATS).startingOffsets(context.startingOffsets()).build(),
                KafkaSources.rawRecords(kafka, CONSUMER_GROUP, Topics.AGENT_METRICS).startingOffsets(context.startingOffsets()).build());
    }

    @Override
    public AnomalyDetectionSinks sinks(JobContext context) {
        return new AnomalyDetectionProductionSinks(kafka, context.db(), dbFlushInterval);
    }

    @Override
    public void defineWorkflow(StreamExecutionEnvironment env, AnomalyDetectionSources sources, AnomalyDetectionSinks sinks) {
        if (env.getMaxParallelism() <= 0) {
            env.setMaxParallelism(JobEnvironment.MAX_PARALLELISM);
        }
        Duration outOfOrderness = settings.anomaly().outOfOrderness();
        Duration idleness = settings.anomaly().idleness();
        // event-time watermarks per partition, at the sources (AvroEventTime): a backlog does not make itself late
        DecodedStream<CleanEvent> clean = KafkaSources.decode(KafkaSources.read(env, sources.cleanEvents(), Topics.CLEAN_EVENTS,
                AvroEventTime.watermarks(CleanEvent.class, "eventTime", 0, outOfOrderness, idleness)), CleanEvent.class, kafka, JOB);
        DecodedStream<AgentHeartbeat> heartbeats = KafkaSources.decode(
                KafkaSources.read(env, sources.heartbeats(), Topics.HEARTBEATS), AgentHeartbeat.class, kafka, JOB);
        DecodedStream<AgentMetrics> metrics = KafkaSources.decode(
                KafkaSources.read(env, sources.agentMetrics(), Topics.AGENT_METRICS,
                        // a minute row is timed at its window's last millisecond
                        AvroEventTime.watermarks(AgentMetrics.class, "bucket", 59_999, outOfOrderness, idleness)),
                AgentMetrics.class, kafka, JOB);
        DataStream<Alert> detections = detect(clean.records(), heartbeats.records(), metrics.records(), settings, warmStartDb, sinks);
        sinks.alerts(stampedWithWallClock(lifecycle(detections, settings), "alerts"));
        sinks.deadLetters(stampedWithWallClock(clean.deadLetters().union(heartbeats.deadLetters(), metrics.deadLetters()), "dead-letters"));
    }

    /**
     * Every detector over the decoded inputs: detections and clears, before {@link #lifecycle}; anomalous minutes go to
     * {@code sinks}. Clean events and minute rows carry their event time as timestamp, with watermarks.
     */
    static DataStream<Alert> detect(DataStream<CleanEvent> cleanEvents, DataStream<AgentHeartbeat> heartbeats,
            DataStream<AgentMetrics> agentMetrics, DetectionSettings settings, JdbcConnection warmStartDb, AnomalyDetectionSinks sinks) {
        AvroTypeInfo<Alert> alertType = new AvroTypeInfo<>(Alert.class);
        Duration outOfOrderness = settings.anomaly().outOfOrderness();
        DataStream<CleanEvent> events = cleanEvents;

        // 1: tokens per LLM call against the tenant's distribution
        DataStream<Alert> tokens = events.filter(LlmCall::isLlmCall).name("llm calls").uid("llm-calls")
                .map(LlmCall::of, TypeInformation.of(LlmCall.class)).name("llm call tokens").uid("llm-call-tokens")
                .keyBy(c -> c.tenantId, Types.STRING)
                .process(new TokenAnomalyDetector(settings), alertType).name("token anomaly per call").uid("token-anomaly-detector");

        // 3: channel errors per tenant, channel and minute
        DataStream<Alert> channels = events.filter(ChannelError::isChannelError).name("failed channel messages").uid("channel-errors")
                .map(ChannelError::of, TypeInformation.of(ChannelError.class)).name("channel error").uid("channel-error")
                .keyBy(ChannelError::key, Types.STRING)
                .process(new ChannelErrorRate(settings), alertType).name("channel errors per minute").uid("channel-error-rate");

        // 4: failed spans with who is upstream of them, then the cascade pattern per tenant
        DataStream<ErrorSpan> errorSpans = events.filter(SpanNode::isSpan).name("spans").uid("spans")
                .map(SpanNode::of, TypeInformation.of(SpanNode.class)).name("span node").uid("span-node")
                .keyBy(n -> n.traceId, Types.STRING)
                .process(new TraceTopology(outOfOrderness.toMillis(),
                        Math.max(2 * settings.anomaly().cascadeWithin().toMillis(), Duration.ofMinutes(5).toMillis())),
                        TypeInformation.of(ErrorSpan.class))
                .name("trace topology").uid("trace-topology");
        CascadingErrorsPattern spanCascade = new CascadingErrorsPattern(settings);
        DataStream<Alert> spanCascades = CEP.pattern(errorSpans.keyBy(e -> e.tenantId, Types.STRING), spanCascade.pattern()).inEventTime()
                .process(spanCascade.process(), alertType).name("cascading errors pattern").uid("cascading-errors-pattern");

        // 5: liveness over heartbeats and any event (processing time)
        DataStream<LivenessSignal> signals = heartbeats
                .map(LivenessSignal::of, TypeInformation.of(LivenessSignal.class)).name("heartbeat signal").uid("heartbeat-signal")
                .union(cleanEvents.map(LivenessSignal::of, TypeInformation.of(LivenessSignal.class))
                        .name("event signal").uid("event-signal"));
        DataStream<Alert> liveness = signals.keyBy(LivenessSignal::agentKey, Types.STRING)
                .process(new AgentLiveness(settings), alertType).name("agent liveness").uid("agent-liveness");

        // 2 and 6: the minute rows
        DataStream<AgentMetrics> rows = agentMetrics;
        SingleOutputStreamOperator<MinuteJudgement> judgements = rows.filter(r -> r.getModel() == null)
                .name("rows over all models").uid("agent-rows")
                .keyBy(r -> DetectionSettings.key(r.getTenantId(), r.getAgentId()), Types.STRING)
                .process(new MinuteBaselineDetector(settings, warmStartDb), TypeInformation.of(MinuteJudgement.class))
                .name("minute baselines").uid("minute-baseline-detector");
        AnomalyAlerts alerts = new AnomalyAlerts(settings);
        sinks.anomalies(judgements.filter(j -> j.anomalous).name("anomalous minutes").uid("anomalous-minutes")
                .map(j -> AnomalyRow.of(j, alerts), TypeInformation.of(AnomalyRow.class)).name("anomaly row").uid("anomaly-row"));

        AnomalousMinutesPattern minutesPattern = new AnomalousMinutesPattern(settings);
        SingleOutputStreamOperator<Alert> minuteAlerts = CEP.pattern(
                        judgements.filter(j -> j.anomalous && j.metric != MinuteMetric.ALIGNMENT_MINIMUM)
                                .name("anomalous sigma minutes").uid("anomalous-sigma-minutes")
                                .keyBy(MinuteJudgement::patternKey, Types.STRING), minutesPattern.pattern()).inEventTime()
                .process(minutesPattern.process(), alertType).name("anomalous minutes pattern").uid("anomalous-minutes-pattern");
        AlignmentBelowMinimumPattern alignmentPattern = new AlignmentBelowMinimumPattern(settings);
        DataStream<Alert> alignment = CEP.pattern(
                        judgements.filter(j -> j.metric == MinuteMetric.ALIGNMENT_MINIMUM)
                                .name("alignment against minimum").uid("alignment-minimum-minutes")
                                .keyBy(MinuteJudgement::patternKey, Types.STRING), alignmentPattern.pattern()).inEventTime()
                .process(alignmentPattern.process(), alertType).name("alignment below minimum pattern").uid("alignment-minimum-pattern");
        DataStream<Alert> clears = judgements.filter(j -> !j.anomalous).name("normal minutes").uid("normal-minutes")
                .flatMap(new NormalMinuteClears(settings), alertType).name("clears of normal minutes").uid("normal-minute-clears");
        ErrorRateCascadePattern rateCascade = new ErrorRateCascadePattern(settings);
        DataStream<Alert> rateCascades = CEP.pattern(
                        minuteAlerts.filter(a -> AlertType.ERROR_RATE_ANOMALY.alertname().equals(a.getAlertname()))
                                .name("error rate anomalies").uid("error-rate-anomalies")
                                .keyBy(Alert::getTenantId, Types.STRING), rateCascade.pattern()).inEventTime()
                .process(rateCascade.process(), alertType).name("error rate cascade pattern").uid("error-rate-cascade-pattern");

        // 3: LLM latency per model row
        DataStream<Alert> latency = rows.filter(LlmLatencyThreshold::isLlmModelRow).name("llm model rows").uid("llm-model-rows")
                .flatMap(new LlmLatencyThreshold(settings), alertType).name("llm latency threshold").uid("llm-latency-threshold");

        long cascadeQuietMs = 2 * Math.max(settings.anomaly().cascadeWithin().toMillis(),
                settings.anomaly().cascadeErrorRateWithin().toMillis());
        DataStream<Alert> cascades = spanCascades.union(rateCascades).keyBy(Alert::getFingerprint, Types.STRING)
                .process(new QuietResolution(cascadeQuietMs), alertType).name("cascade resolution").uid("cascade-quiet-resolution");

        return tokens.union(channels, cascades, liveness, minuteAlerts, alignment, clears, latency);
    }

    /** Detections and clears → the alert stream (one operator, keyed by fingerprint). */
    static DataStream<Alert> lifecycle(DataStream<Alert> detections, DetectionSettings settings) {
        return detections.keyBy(Alert::getFingerprint, Types.STRING)
                .process(new AlertLifecycle(settings.anomaly().forgetAgentAfter()), new AvroTypeInfo<>(Alert.class))
                .name("alert lifecycle").uid("alert-lifecycle");
    }

    /** A normal minute clears its metric's alert. */
    static final class NormalMinuteClears implements FlatMapFunction<MinuteJudgement, Alert> {
        private final AnomalyAlerts alerts;

        NormalMinuteClears(DetectionSettings settings) {
            this.alerts = new AnomalyAlerts(settings);
        }

        @Override
        public void flatMap(MinuteJudgement j, Collector<Alert> out) {
            out.collect(MinuteAlerts.clear(alerts, j));
        }
    }

    /**
     * Kafka writes each record with its stream timestamp, here event time; a broker refuses timestamps
     * more than an hour ahead of its clock, and old ones fall to retention at once. Records leave with
     * the time they were produced (Kafka's CreateTime).
     */
    static <T> DataStream<T> stampedWithWallClock(DataStream<T> stream, String what) {
        return stream
                .assignTimestampsAndWatermarks(WatermarkStrategy.<T>noWatermarks()
                        .withTimestampAssigner((record, eventTime) -> System.currentTimeMillis()))
                .name("wall-clock timestamps " + what).uid("wall-clock-timestamps-" + what);
    }
}
