package org.openclaw.oversight.bench.ingestion;

import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.openclaw.oversight.connectors.kafka.DecodedStream;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.kafka.KafkaSinks;
import org.openclaw.oversight.connectors.kafka.KafkaSources;
import org.openclaw.oversight.schema.AgentEvent;

/**
 * The baseline: the same raw source, the same Avro decode and the same exactly-once Avro sink as the
 * ingestion job, and nothing in between — what reading and writing Kafka alone costs.
 */
final class PassthroughJob {

    static final String JOB = "bench-passthrough";

    private PassthroughJob() {}

    static void defineWorkflow(StreamExecutionEnvironment env, Source<KafkaRawRecord, ?, ?> source, KafkaConnection kafka,
            String outputTopic) {
        DecodedStream<AgentEvent> decoded = KafkaSources.decode(KafkaSources.read(env, source, "bench-input"),
                AgentEvent.class, kafka, JOB);
        KafkaSinks.attach(decoded.records(),
                KafkaSinks.avro(kafka, JOB, outputTopic, AgentEvent.class, AgentEvent::getTraceId), outputTopic);
    }
}
