package org.openclaw.oversight.connectors.kafka;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.openclaw.oversight.schema.AgentEvent;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The smallest job shaped like ours: raw Kafka source -> decode (dead letters on the side) ->
 * a mapper that fails once in the first attempt -> exactly-once Kafka sinks.
 */
final class ForwardAgentEventsJob {

    static final String JOB = "connectors-it";
    /** How often {@link FailOnceAt} threw, across the MiniCluster (same JVM). */
    static final AtomicInteger INJECTED_FAILURES = new AtomicInteger();

    private ForwardAgentEventsJob() {}

    static void defineWorkflow(StreamExecutionEnvironment env, Source<KafkaRawRecord, ?, ?> source, KafkaConnection connection,
            String failAtEventId, Consumer<DecodedStream<AgentEvent>> sinks) {
        DataStream<KafkaRawRecord> raw = KafkaSources.read(env, source, "agent-events");
        DecodedStream<AgentEvent> decoded = KafkaSources.decode(raw, AgentEvent.class, connection, JOB,
                event -> event.getName().equals("forbidden")
                        ? Optional.of(Rejection.of("test_rejected", "name 'forbidden' is refused by the test rule"))
                        : Optional.empty());
        DataStream<AgentEvent> mapped = decoded.records()
                .map(new FailOnceAt(failAtEventId), new AvroTypeInfo<>(AgentEvent.class))
                .name("fail once")
                .uid("fail-once");
        sinks.accept(new DecodedStream<>(mapped, decoded.deadLetters()));
    }

    /** Throws in the first execution attempt when it meets the given event, so the job restarts mid-stream. */
    static final class FailOnceAt extends RichMapFunction<AgentEvent, AgentEvent> {
        private final String eventId;

        FailOnceAt(String eventId) {
            this.eventId = eventId;
        }

        @Override
        public AgentEvent map(AgentEvent event) {
            if (event.getEventId().equals(eventId) && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                INJECTED_FAILURES.incrementAndGet();
                throw new IllegalStateException("injected failure at " + eventId);
            }
            return event;
        }
    }
}
