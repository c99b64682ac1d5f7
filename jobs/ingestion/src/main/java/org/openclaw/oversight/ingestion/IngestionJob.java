package org.openclaw.oversight.ingestion;

import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.openclaw.oversight.config.JobOptions;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.connectors.flink.JobEnvironment;
import org.openclaw.oversight.connectors.flink.JobRunner;
import org.openclaw.oversight.connectors.kafka.DecodedStream;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.ingestion.pii.PiiScanner;
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
import java.util.function.Consumer;

/**
 * The trace collector (issue 4): agent events and channel messages in; validated, de-duplicated,
 * sampled, PII-redacted, tagged and priced events out to the clean topic and the tables; everything
 * it cannot use to the DLQ with a reason. See README.md for the rules.
 *
 * <p>Shaped as STYLE.md asks: the sources and sinks are injected, {@link #defineWorkflow} holds the
 * logic and is what tests run with bounded sources; {@link #main} only wires the real Kafka and
 * database.
 */
public final class IngestionJob {

    /** Name in dead letters, transactional ids and the consumer group. */
    public static final String JOB = "ingestion";
    public static final String CONSUMER_GROUP = "oversight-ingestion";

    private static final Logger LOG = LoggerFactory.getLogger(IngestionJob.class);

    private final KafkaConnection kafka;
    private final IngestionRules rules;
    private final PiiScanner scanner;
    private final Clock clock;

    public IngestionJob(KafkaConnection kafka, IngestionRules rules, PiiScanner scanner, Clock clock) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static void main(String[] args) throws Exception {
        JobOptions options = JobOptions.parse(args);
        // no key, no job: dead letters hold raw records and are only ever written encrypted
        SecretSource deadLetterKey = options.dlqKey();
        OversightConfiguration config = OversightConfiguration.load(options.configPath());
        IngestionRules rules = IngestionRules.from(config);
        KafkaConnection kafka = KafkaConnection.of(options.bootstrapServers(), options.registryUrl()).withDeadLetterKey(deadLetterKey);
        JdbcConnection db = new JdbcConnection(options.dbUrl(), options.dbUser(), options.dbPassword());
        DatabaseMigrations.migrate(db);
        LOG.info("ingestion: {} agents configured, batch scan every {} or {} events, options {}",
                rules.agents().size(), rules.batchFlushInterval(), rules.batchBufferSize(), options);

        OffsetsInitializer start = options.fromBeginning()
                ? OffsetsInitializer.earliest()
                : OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        StreamExecutionEnvironment env = JobEnvironment.create(options);
        new IngestionJob(kafka, rules, PiiScanner.fromEnvironment(), Clock.systemUTC()).defineWorkflow(env,
                KafkaSources.rawRecords(kafka, CONSUMER_GROUP, Topics.AGENT_EVENTS).startingOffsets(start).build(),
                KafkaSources.rawRecords(kafka, CONSUMER_GROUP + "-messages", Topics.CHANNEL_MESSAGES).startingOffsets(start).build(),
                IngestionSinks.of(kafka, db));
        JobRunner.run(env, options, JOB);
    }

    /**
     * Adds the job to {@code env}: raw records of both topics in, {@code sinks} given the outputs.
     * Returns the outputs too, for tests that want to look at them.
     */
    public IngestionOutputs defineWorkflow(StreamExecutionEnvironment env, Source<KafkaRawRecord, ?, ?> agentEventSource,
            Source<KafkaRawRecord, ?, ?> channelMessageSource, Consumer<IngestionOutputs> sinks) {
        AvroTypeInfo<CleanEvent> cleanType = new AvroTypeInfo<>(CleanEvent.class);

        // 1. decode + validate; everything that fails goes to the DLQ with its bytes and reason
        DataStream<KafkaRawRecord> rawEvents = KafkaSources.read(env, agentEventSource, Topics.AGENT_EVENTS);
        DataStream<KafkaRawRecord> rawMessages = KafkaSources.read(env, channelMessageSource, Topics.CHANNEL_MESSAGES);
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
                .process(new SplitByPiiScanMode(rules, scanner), cleanType).name("route by pii_scan mode").uid("route-pii-scan-mode");
        SingleOutputStreamOperator<CleanEvent> scanned = routed
                .process(new ScanAndRedact(scanner), cleanType).name("scan and redact PII").uid("scan-redact");
        SingleOutputStreamOperator<CleanEvent> batchScanned = routed.getSideOutput(SplitByPiiScanMode.BATCH_TEXT)
                .keyBy(CleanEvent::getAgentId)
                .process(new BatchPiiScan(scanner, rules.batchBufferSize(), rules.batchFlushInterval()), cleanType)
                .name("batch scan and redact PII").uid("batch-scan-redact");

        DataStream<CleanEvent> clean = scanned.union(routed.getSideOutput(SplitByPiiScanMode.METRICS_ONLY));
        DataStream<CleanEvent> stored = scanned.union(batchScanned);
        DataStream<PiiFindingRow> findings = scanned.getSideOutput(ScanAndRedact.FINDINGS)
                .union(batchScanned.getSideOutput(ScanAndRedact.FINDINGS));
        DataStream<DeadLetter> deadLetters = events.deadLetters().union(messages.deadLetters());

        IngestionOutputs outputs = new IngestionOutputs(clean, stored, findings, deadLetters);
        sinks.accept(outputs);
        return outputs;
    }
}
