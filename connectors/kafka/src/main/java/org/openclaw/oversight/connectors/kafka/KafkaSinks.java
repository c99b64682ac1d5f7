package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.util.function.SerializableFunction;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.DeadLetter;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The one way our jobs write Kafka: Avro values in the Confluent wire format, a String key taken
 * from the record (DESIGN §3), exactly-once through Kafka transactions.
 *
 * <pre>{@code
 * KafkaSink<CleanEvent> sink = KafkaSinks.avro(connection, "ingestion", Topics.CLEAN_EVENTS, CleanEvent.class, CleanEvent::getTraceId);
 * KafkaSinks.attach(cleanEvents, sink, Topics.CLEAN_EVENTS);
 * KafkaSinks.attach(deadLetters, KafkaSinks.deadLetters(connection, "ingestion"), Topics.DEAD_LETTERS);
 * }</pre>
 */
public final class KafkaSinks {

    private KafkaSinks() {}

    /**
     * A sink writing {@code type} records to {@code topic}, value schema registered under
     * {@code <topic>-value}, key = {@code key.apply(record)} as UTF-8 (null allowed).
     *
     * <p>With the connection's default EXACTLY_ONCE guarantee the records become visible to
     * read_committed consumers when the checkpoint that covers them completes, so the job must
     * enable checkpointing.
     */
    public static <T extends SpecificRecord> KafkaSink<T> avro(KafkaConnection connection, String job, String topic,
            Class<T> type, SerializableFunction<T, String> key) {
        Objects.requireNonNull(key, "key extractor");
        SerializationSchema<T> keySchema = record -> utf8(key.apply(record));
        SerializationSchema<T> values = ConfluentAvroFormat.serializationSchema(type, connection.schemaRegistryUrl(), topic);
        if (type == Alert.class) {
            @SuppressWarnings("unchecked") // type == Alert.class, so T is Alert
            SerializationSchema<T> counted = (SerializationSchema<T>) (SerializationSchema<?>)
                    new CountAlertsByName((SerializationSchema<Alert>) (SerializationSchema<?>) values);
            values = counted;
        }
        KafkaRecordSerializationSchema<T> serializer = KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setKeySerializationSchema(keySchema)
                .setValueSerializationSchema(values)
                .build();
        return build(connection, job, topic, serializer);
    }

    /** The dead-letter sink: {@code DeadLetter} records to {@code oversight.dlq.v1}, keyed by source topic. */
    public static KafkaSink<DeadLetter> deadLetters(KafkaConnection connection, String job) {
        return avro(connection, job, Topics.DEAD_LETTERS, DeadLetter.class, DeadLetter::getSourceTopic);
    }

    /**
     * Attaches {@code sink} to {@code stream}, named after the topic, with the stable uid
     * {@code kafka-sink-<topic>} (savepoints keep the sink's pending transactions under it).
     */
    public static <T> DataStreamSink<T> attach(DataStream<T> stream, KafkaSink<T> sink, String topic) {
        return stream.sinkTo(sink).name("kafka-sink " + topic).uid("kafka-sink-" + KafkaSources.uidPart(topic));
    }

    /**
     * Transactional id prefix of a job's sink to a topic. Stable across restarts (so Flink can abort
     * its own lingering transactions on recovery) and unique per job and topic (two sinks sharing a
     * prefix would fence each other's producers).
     */
    public static String transactionalIdPrefix(String job, String topic) {
        return "oversight-" + KafkaSources.uidPart(job) + "-" + KafkaSources.uidPart(topic);
    }

    private static <T> KafkaSink<T> build(KafkaConnection connection, String job, String topic,
            KafkaRecordSerializationSchema<T> serializer) {
        if (job == null || job.isBlank()) {
            throw new IllegalArgumentException("A Kafka sink needs the job name (it is part of the transactional id).");
        }
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(connection.clientPropertiesWithBootstrap())
                .setBootstrapServers(connection.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(connection.deliveryGuarantee())
                .setTransactionalIdPrefix(transactionalIdPrefix(job, topic))
                .setProperty("transaction.timeout.ms", String.valueOf(connection.transactionTimeoutMs()))
                .build();
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

}
