package org.openclaw.oversight.enforcement;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.policy.PolicyHierarchy;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.ControlCommand;

/**
 * Policy what-if: the job's own rule code ({@link PolicyEnforcementJob#enforce}) with a candidate policy over a
 * bounded stretch of the clean topic, collecting the violations instead of writing them. No table, no topic, no
 * alert, no committed offset (a consumer group of its own, no checkpoints). Approvals of the policies topic count
 * as in the live job; its documents do not (the candidate is judged, not what was pushed).
 */
public final class PolicyReplay {

    /**
     * Kafka timestamps of clean events are at or after their event time; reading from a little before {@code from}
     * finds every event of the period even when ingestion wrote it late.
     */
    static final Duration READ_BEFORE = Duration.ofHours(1);

    private PolicyReplay() {}

    /** Violations {@code candidate} raises over events with event time in [from, to) on the broker's clean topic. */
    public static List<Violation> overTopics(StreamExecutionEnvironment env, KafkaConnection kafka, PolicyEnforcementSettings settings,
            PolicyHierarchy candidate, Instant from, Instant to) throws Exception {
        String group = "oversight-policy-replay-" + UUID.randomUUID();
        long startMs = from.minus(READ_BEFORE).toEpochMilli();
        DataStream<KafkaRawRecord> clean = KafkaSources.read(env, source(kafka, group, Topics.CLEAN_EVENTS, OffsetsInitializer.timestamp(startMs)),
                Topics.CLEAN_EVENTS, PolicyEnforcementJob.cleanEventTime(settings));
        DataStream<KafkaRawRecord> control = KafkaSources.read(env, source(kafka, group, Topics.AGENT_CONTROL,
                OffsetsInitializer.timestamp(startMs)), Topics.AGENT_CONTROL);
        DataStream<KafkaRawRecord> policies = KafkaSources.read(env, source(kafka, group, Topics.POLICIES, OffsetsInitializer.earliest()),
                Topics.POLICIES);
        DataStream<CleanEvent> events = KafkaSources.decode(clean, CleanEvent.class, kafka, "policy-replay").records();
        DataStream<ControlCommand> commands = KafkaSources.decode(control, ControlCommand.class, kafka, "policy-replay").records();
        DataStream<PolicyMessage> approvals = policies.process(new PolicyTopicValidation(), PolicyTopicValidation.TYPE)
                .name("validate policy records").uid("replay-validate-policy-records").setParallelism(1)
                .filter(m -> !m.isDocument()).name("approvals only").uid("replay-approvals-only");
        return evaluate(events, commands, approvals, settings.withInitialPolicy(candidate), from, to);
    }

    /** The rules over given streams; what {@link #overTopics} runs and what tests feed with their own bounded sources. */
    public static List<Violation> evaluate(DataStream<CleanEvent> events, DataStream<ControlCommand> commands,
            DataStream<PolicyMessage> approvals, PolicyEnforcementSettings settings, Instant from, Instant to) throws Exception {
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        DataStream<CleanEvent> period = events
                .filter(e -> e.getEventTime().toEpochMilli() >= fromMs && e.getEventTime().toEpochMilli() < toMs)
                .name("events of the period").uid("replay-period");
        DataStream<Violation> violations = PolicyEnforcementJob.enforce(period, commands, approvals, settings).violations();
        List<Violation> collected = new ArrayList<>();
        try (CloseableIterator<Violation> it = violations.executeAndCollect("policy replay")) {
            it.forEachRemaining(collected::add);
        }
        return collected;
    }

    private static org.apache.flink.api.connector.source.Source<KafkaRawRecord, ?, ?> source(KafkaConnection kafka, String group,
            String topic, OffsetsInitializer start) {
        return KafkaSources.rawRecords(kafka, group, topic).startingOffsets(start).bounded(OffsetsInitializer.latest())
                .property("commit.offsets.on.checkpoint", "false").build();
    }
}
