package org.openclaw.oversight.ingestion;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.openclaw.oversight.connectors.flink.JobBootstrap;
import org.openclaw.oversight.connectors.flink.JobContext;
import org.openclaw.oversight.connectors.flink.OversightJob;
import org.openclaw.oversight.connectors.kafka.DecodedStream;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.DeadLetter;
import org.openclaw.oversight.secrets.SecretSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The trace collector (issue 4): agent events and channel messages in; validated, de-duplicated,
 * sampled, PII-redacted, tagged and priced events out to the clean topic and the tables; everything
 * it cannot use to the DLQ with a reason. See README.md for the rules.
 *
 * <p>Shaped like every job (jobs/README.md): {@link #main} hands {@link #from} to {@link JobBootstrap};
 * {@link #defineWorkflow} holds the logic and is what tests and the benchmark run, with bounded
 * {@link IngestionSources} and their own {@link IngestionSinks}.
 */
public final class IngestionJob implements OversightJob<IngestionSources, IngestionSinks> {

    /** Name in dead letters, transactional ids and the consumer group. */
    public static final String JOB = "ingestion";
    public static final String CONSUMER_GROUP = "oversight-ingestion";

    private static final Logger LOG = LoggerFactory.getLogger(IngestionJob.class);

    private final KafkaConnection kafka;
    private final IngestionRules rules;
    private final SecretSource piiKey;
    private final Clock clock;

    /**
     * {@code kafka} for decoding and dead letters; {@code piiKey} names where the pseudonym key is read, which
     * happens where the PII operators open (on the TaskManager), so the key itself is never in the job graph.
     */
    public IngestionJob(KafkaConnection kafka, IngestionRules rules, SecretSource piiKey, Clock clock) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.piiKey = Objects.requireNonNull(piiKey, "piiKey");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static void main(String[] args) throws Exception {
        JobBootstrap.run(args, IngestionJob::from);
    }

    /** The job as {@code main} runs it: the config's rules, and no start without the PII key. */
    public static IngestionJob from(JobContext context) {
        IngestionRules rules = IngestionRules.from(context.config());
        SecretSource piiKey = context.piiKey();
        LOG.info("ingestion: {} agents configured, batch scan every {} or {} events, PII key from {}",
                rules.agents().size(), rules.batchFlushInterval(), rules.batchBufferSize(), piiKey);
        return new IngestionJob(context.kafka(), rules, piiKey, Clock.systemUTC());
    }

    @Override
    public String name() {
        return JOB;
    }

    @Override
    public IngestionSources sources(JobContext context) {
        return new IngestionSources(
                KafkaSources.rawRecords(kafka, CONSUMER_GROUP, Topics.AGENT_EVENTS).startingOffsets(context.startingOffsets()).build(),
                KafkaSources.rawRecords(kafka, CONSUMER_GROUP + "-messages", Topics.CHANNEL_MESSAGES)
                        .startingOffsets(context.startingOffsets()).build());
    }

    @Override
    public IngestionSinks sinks(JobContext context) {
        return new IngestionProductionSinks(kafka, context.db(), Topics.CLEAN_EVENTS);
    }

    /** Adds the job to {@code env}: raw records of both topics in, each output to its method of {@code sinks}. */
    @Override
    public void defineWorkflow(StreamExecutionEnvironment env, IngestionSources sources, IngestionSinks sinks) {
        AvroTypeInfo<CleanEvent> cleanType = new AvroTypeInfo<>(CleanEvent.class);

        // 1. decode + validate; everything that fails goes to the DLQ with its bytes and reason
        // both inputs (and their partitions) read in step on event time: a backlog of one must not run minutes
        // ahead of the other on the clean topic (AlignedSourceTime)
        boolean aligned = sources.agentEvents().getBoundedness() == Boundedness.CONTINUOUS_UNBOUNDED
                && sources.channelMessages().getBoundedness() == Boundedness.CONTINUOUS_UNBOUNDED;
        DataStream<KafkaRawRecord> rawEvents = KafkaSources.read(env, sources.agentEvents(), Topics.AGENT_EVENTS,
                AlignedSourceTime.watermarks(AgentEvent.class, "startTime", rules, clock, aligned));
        DataStream<KafkaRawRecord> rawMessages = KafkaSources.read(env, sources.channelMessages(), Topics.CHANNEL_MESSAGES,
                AlignedSourceTime.watermarks(ChannelMessage.class, "timestamp", rules, clock, aligned));
        DecodedStream<AgentEvent> events = KafkaSources.decode(rawEvents, AgentEvent.class, kafka, JOB,
                "decode-agentevent", List.of(EventRules.agentEvents(rules, clock)));
        DecodedStream<ChannelMessage> messages = KafkaSources.decode(rawMessages, ChannelMessage.class, kafka, JOB,
                "decode-channelmessage", List.of(EventRules.channelMessages(rules, clock)));

        // counted per source, chained to it: a count after the union would be a task of its own, and every event,
        // text included, would cross one more serialization on its way to the dedupe
        DataStream<CleanEvent> fromEvents = events.records()
                .map(CleanEvents::of, cleanType).name("wrap agent events").uid("wrap-agent-events")
                .map(new CountEvents<CleanEvent>("eventsIn"), cleanType).name("count agent events in").uid("count-events-in");
        DataStream<CleanEvent> fromMessages = messages.records()
                .map(CleanEvents::of, cleanType).name("wrap channel messages").uid("wrap-channel-messages")
                .map(new CountEvents<CleanEvent>("eventsIn"), cleanType).name("count channel messages in")
                .uid("count-channel-messages-in");

        DataStream<CleanEvent> accepted = fromEvents.union(fromMessages)
                // duplicates are dropped before anything is counted, scanned or stored
                .keyBy(CleanEvents::dedupeKey)
                .process(new DropDuplicates(rules.dedupeWindow()), cleanType).name("drop duplicate event ids").uid("dedupe")
                // 2, 4, 5: sample, tag prompt injection, price
                .map(new TagPriceAndSample(rules), cleanType).name("tag, price and sample").uid("tag-price-sample");

        // 3. PII: real-time agents in the stream, batch agents in micro-batches per agent
        SingleOutputStreamOperator<CleanEvent> routed = accepted
                .process(new SplitByPiiScanMode(rules, piiKey), cleanType).name("route by pii_scan mode").uid("route-pii-scan-mode");
        SingleOutputStreamOperator<CleanEvent> scanned = routed
                .process(new ScanAndRedact(piiKey), cleanType).name("scan and redact PII").uid("scan-redact");
        SingleOutputStreamOperator<CleanEvent> batchScanned = routed.getSideOutput(SplitByPiiScanMode.BATCH_TEXT)
                .keyBy(CleanEvent::getAgentId)
                .process(new BatchPiiScan(piiKey, rules.batchBufferSize(), rules.batchFlushInterval()), cleanType)
                .name("batch scan and redact PII").uid("batch-scan-redact");

        DataStream<CleanEvent> clean = scanned.union(routed.getSideOutput(SplitByPiiScanMode.METRICS_ONLY));
        DataStream<CleanEvent> stored = scanned.union(batchScanned);
        DataStream<PiiFindingRow> findings = scanned.getSideOutput(ScanAndRedact.FINDINGS)
                .union(batchScanned.getSideOutput(ScanAndRedact.FINDINGS));
        DataStream<DeadLetter> deadLetters = events.deadLetters().union(messages.deadLetters());

        sinks.cleanEvents(clean);
        sinks.deadLetters(deadLetters);
        sinks.storedEvents(stored);
        sinks.piiFindings(findings);
    }
}
