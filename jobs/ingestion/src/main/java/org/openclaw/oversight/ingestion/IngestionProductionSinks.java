package org.openclaw.oversight.ingestion;

import java.util.Objects;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaSinks;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * The real sinks of the job: the clean topic (exactly-once, key traceId / conversationId), the DLQ,
 * and the three tables (idempotent upserts on their primary keys).
 */
public final class IngestionProductionSinks implements IngestionSinks {

    private final KafkaConnection kafka;
    private final JdbcConnection db;
    private final String cleanTopic;

    /** {@code cleanTopic}: {@link Topics#CLEAN_EVENTS} in production, a topic of their own in tests and benchmarks. */
    public IngestionProductionSinks(KafkaConnection kafka, JdbcConnection db, String cleanTopic) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.db = Objects.requireNonNull(db, "db");
        this.cleanTopic = Objects.requireNonNull(cleanTopic, "cleanTopic");
    }

    @Override
    public void cleanEvents(DataStream<CleanEvent> events) {
        AvroTypeInfo<CleanEvent> cleanType = new AvroTypeInfo<>(CleanEvent.class);
        KafkaSinks.attach(
                events
                        // an oversized record must never reach the sink, whose failure would restart the job forever
                        .flatMap(new FitCleanEventsToTopic(kafka.maxValueBytes()), cleanType)
                        .name("fit clean events to the topic limit").uid("fit-clean-events")
                        .map(new CountEvents<CleanEvent>("eventsOut"), cleanType)
                        .name("count events out").uid("count-events-out"),
                KafkaSinks.avro(kafka, IngestionJob.JOB, cleanTopic, CleanEvent.class, CleanEvents::kafkaKey),
                cleanTopic);
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        KafkaSinks.attach(
                deadLetters
                        .map(new CountDeadLetters(), new AvroTypeInfo<>(DeadLetter.class))
                        .name("count dead letters").uid("count-dead-letters"),
                KafkaSinks.deadLetters(kafka, IngestionJob.JOB),
                Topics.DEAD_LETTERS);
    }

    // No keyBy before the table sinks: after DropDuplicates each event id flows through exactly one
    // subtask (the dedupe subtask of its id, or the batch-scan subtask of its agent), once per attempt,
    // so "last write wins per subtask" already holds per key and a shuffle would only cost throughput.

    @Override
    public void storedEvents(DataStream<CleanEvent> events) {
        events.filter(IngestionTables::isAgentEvent).name("agent events only").uid("filter-agent-events")
                .sinkTo(IngestionTables.agentEvents(db)).name("table agent_events").uid("sink-agent-events");
        events.filter(IngestionTables::isChannelMessage).name("channel messages only").uid("filter-channel-messages")
                .sinkTo(IngestionTables.channelMessages(db)).name("table channel_messages").uid("sink-channel-messages");
    }

    @Override
    public void piiFindings(DataStream<PiiFindingRow> findings) {
        findings.sinkTo(IngestionTables.piiFindings(db)).name("table pii_findings").uid("sink-pii-findings");
    }
}
