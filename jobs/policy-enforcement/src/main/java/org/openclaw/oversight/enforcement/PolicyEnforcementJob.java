package org.openclaw.oversight.enforcement;

import java.util.Objects;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.openclaw.oversight.connectors.flink.JobBootstrap;
import org.openclaw.oversight.connectors.flink.JobContext;
import org.openclaw.oversight.connectors.flink.JobEnvironment;
import org.openclaw.oversight.connectors.flink.OversightJob;
import org.openclaw.oversight.connectors.kafka.DecodedStream;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.ControlCommand;
import org.openclaw.oversight.schema.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy enforcement: {@code oversight.clean-events.v1}, {@code oversight.agent-control.v1} and
 * {@code oversight.policies.v1} → every rule of the policy hierarchy on the stream → {@code policy_violations}
 * and PolicyViolation / PiiLeak / PolicyRejected alerts on {@code oversight.alerts.v1}.
 *
 * <p>The policy travels as broadcast state: a document pushed to the topic is validated once
 * ({@link PolicyTopicValidation}) and applies in every rule operator from its next event on; violations carry the
 * version they were judged by. Four rule operators: per event ({@link EventRulesFunction}), per trace
 * ({@link InteractionRulesFunction}), per agent's conversations ({@link ConversationRulesFunction}), per agent
 * with its control commands ({@link AgentRulesFunction}). Shaped like every job (jobs/README.md).
 */
public final class PolicyEnforcementJob implements OversightJob<PolicyEnforcementSources, PolicyEnforcementSinks> {

    public static final String JOB = "policy-enforcement";
    public static final String CONSUMER_GROUP = "oversight-policy-enforcement";

    private static final Logger LOG = LoggerFactory.getLogger(PolicyEnforcementJob.class);

    private final KafkaConnection kafka;
    private final PolicyEnforcementSettings settings;

    public PolicyEnforcementJob(KafkaConnection kafka, PolicyEnforcementSettings settings) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public static void main(String[] args) throws Exception {
        JobBootstrap.run(args, PolicyEnforcementJob::from);
    }

    public static PolicyEnforcementJob from(JobContext context) {
        PolicyEnforcementSettings settings = PolicyEnforcementSettings.of(context.config());
        LOG.info("policy-enforcement: starting with policies.yml version {} ({} nodes, {} agents assigned)",
                settings.initialPolicy().version(), settings.initialPolicy().names().size(), settings.categories().size());
        return new PolicyEnforcementJob(context.kafka(), settings);
    }

    @Override
    public String name() {
        return JOB;
    }

    @Override
    public PolicyEnforcementSources sources(JobContext context) {
        return new PolicyEnforcementSources(
                KafkaSources.rawRecords(kafka, CONSUMER_GROUP, Topics.CLEAN_EVENTS).startingOffsets(context.startingOffsets()).build(),
                KafkaSources.rawRecords(kafka, CONSUMER_GROUP, Topics.AGENT_CONTROL).startingOffsets(context.startingOffsets()).build(),
                // compacted and small: always read whole, so a fresh start knows the latest document and every approval
                KafkaSources.rawRecords(kafka, CONSUMER_GROUP, Topics.POLICIES).startingOffsets(OffsetsInitializer.earliest()).build());
    }

    @Override
    public PolicyEnforcementSinks sinks(JobContext context) {
        return new PolicyEnforcementProductionSinks(kafka, context.db(), settings.dbFlushInterval());
    }

    @Override
    public void defineWorkflow(StreamExecutionEnvironment env, PolicyEnforcementSources sources, PolicyEnforcementSinks sinks) {
        // no operator of this job mutates its input or keeps a reference to it past the call (rows and pending
        // violations copy the immutable strings they need), so the four rule operators need no defensive copies
        env.getConfig().enableObjectReuse();
        if (env.getMaxParallelism() <= 0) {
            env.setMaxParallelism(JobEnvironment.MAX_PARALLELISM);
        }
        DecodedStream<CleanEvent> events = KafkaSources.decode(
                KafkaSources.read(env, sources.cleanEvents(), Topics.CLEAN_EVENTS, cleanEventTime(settings)), CleanEvent.class, kafka, JOB);
        DecodedStream<ControlCommand> commands = KafkaSources.decode(
                KafkaSources.read(env, sources.agentControl(), Topics.AGENT_CONTROL), ControlCommand.class, kafka, JOB);
        SingleOutputStreamOperator<PolicyMessage> policies = KafkaSources.read(env, sources.policies(), Topics.POLICIES)
                .process(new PolicyTopicValidation(), PolicyTopicValidation.TYPE)
                .name("validate policy documents").uid("validate-policy-documents")
                .setParallelism(1);
        Outputs outputs = enforce(events.records(), commands.records(), policies, settings);
        sinks.violations(outputs.violations());
        sinks.alerts(stampedWithWallClock(outputs.alerts().union(policies.getSideOutput(PolicyTopicValidation.REJECTED)), "alerts"));
        sinks.deadLetters(stampedWithWallClock(events.deadLetters().union(commands.deadLetters()), "dead-letters"));
    }

    /** The rule operators' violations and the (throttled) alerts they raise. */
    public record Outputs(DataStream<Violation> violations, DataStream<Alert> alerts) {}

    /**
     * Every rule over decoded events, commands and validated policy messages: the part of {@link #defineWorkflow}
     * after decoding, which replay runs on a bounded history with a candidate policy. Clean events carry their
     * event time as timestamp, with watermarks from the source ({@link #cleanEventTime}).
     */
    public static Outputs enforce(DataStream<CleanEvent> cleanEvents, DataStream<ControlCommand> controlCommands,
            DataStream<PolicyMessage> policyMessages, PolicyEnforcementSettings settings) {
        PolicyView view = settings.policyView();
        DataStream<CleanEvent> events = cleanEvents;
        DataStream<ControlCommand> commands = controlCommands
                .assignTimestampsAndWatermarks(neverHoldsBack((ControlCommand c, long previous) -> c.getIssuedAt().toEpochMilli()))
                .name("control command timestamps").uid("control-command-timestamps");
        BroadcastStream<PolicyMessage> broadcast = policyMessages
                .assignTimestampsAndWatermarks(neverHoldsBack((PolicyMessage m, long previous) -> previous))
                .name("policy timestamps").uid("policy-timestamps")
                .broadcast(PolicyView.STATE);
        TypeInformation<Violation> violationType = TypeInformation.of(Violation.class);

        SingleOutputStreamOperator<Violation> perEvent = events.connect(broadcast)
                .process(new EventRulesFunction(view), violationType)
                .name("event rules").uid("event-rules");
        TypeInformation<RuleFacts> factsType = TypeInformation.of(RuleFacts.class);
        // the keyed operators of traces and agents get the few fields they judge, not the whole event (RuleFacts)
        SingleOutputStreamOperator<Violation> perInteraction = events
                .filter(e -> e.getAgentEvent() != null).name("spans").uid("spans")
                .map(RuleFacts::of, factsType).name("rule facts of span").uid("rule-facts-span")
                .keyBy(f -> f.interactionId, Types.STRING)
                .connect(broadcast)
                .process(new InteractionRulesFunction(view), violationType)
                .name("interaction rules").uid("interaction-rules");
        SingleOutputStreamOperator<Violation> perConversation = events
                // only what the conversation rules read: messages, spans that name their user, escalations
                .filter(ConversationRulesFunction::reads).name("conversation events").uid("conversation-events")
                .keyBy(Interactions::agentKey, Types.STRING)
                .connect(broadcast)
                .process(new ConversationRulesFunction(view), violationType)
                .name("conversation rules").uid("conversation-rules");
        TypeInformation<AgentSignal> signalType = TypeInformation.of(AgentSignal.class);
        SingleOutputStreamOperator<Violation> perAgent = events
                .map(e -> AgentSignal.of(RuleFacts.of(e)), signalType).name("agent signal of event").uid("agent-signal-event")
                .union(commands.map(AgentSignal::of, signalType).name("agent signal of command").uid("agent-signal-command"))
                .keyBy(AgentSignal::agentId, Types.STRING)
                .connect(broadcast)
                .process(new AgentRulesFunction(view), violationType)
                .name("agent rules").uid("agent-rules");

        DataStream<Violation> violations = perEvent.union(perInteraction, perConversation, perAgent);
        SingleOutputStreamOperator<Alert> alerts = violations
                .map(EnforcementAlerts::of, new AvroTypeInfo<>(Alert.class)).name("alert of violation").uid("alert-of-violation")
                .keyBy(Alert::getFingerprint, Types.STRING)
                .process(new AlertThrottle(settings.alertResend()), new AvroTypeInfo<>(Alert.class))
                .name("alert throttle").uid("alert-throttle");
        return new Outputs(violations, alerts);
    }

    /**
     * Timestamps from the record, and a watermark that never holds event time back: control commands and policy
     * documents are rare, and an idle input would otherwise stop every timer of the operators they join.
     */
    /**
     * Event-time watermarks of the clean-event source, per partition (a history read for replay, or a
     * backlog after a restart, interleaves partitions by minutes: a watermark after decoding would call it late),
     * held at the slower of spans and messages within each partition ({@link SpansAndMessagesWatermarks}).
     */
    static WatermarkStrategy<KafkaRawRecord> cleanEventTime(PolicyEnforcementSettings settings) {
        return SpansAndMessagesWatermarks.strategy(settings.outOfOrderness(), settings.idleness());
    }

    static <T> WatermarkStrategy<T> neverHoldsBack(SerializableTimestampAssigner<T> timestamp) {
        return WatermarkStrategy.<T>forGenerator(context -> new WatermarkGenerator<T>() {
            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE - 1));
            }
        }).withTimestampAssigner(timestamp);
    }

    /** Kafka records leave with the wall-clock time they were produced (CostAggregationJob explains why). */
    static <T> DataStream<T> stampedWithWallClock(DataStream<T> stream, String what) {
        return stream
                .assignTimestampsAndWatermarks(WatermarkStrategy.<T>noWatermarks()
                        .withTimestampAssigner((record, eventTime) -> System.currentTimeMillis()))
                .name("wall-clock timestamps " + what).uid("wall-clock-timestamps-" + what);
    }
}
