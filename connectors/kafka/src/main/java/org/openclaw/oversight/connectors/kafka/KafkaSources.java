package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one way our jobs read Kafka: a {@link KafkaSource} of raw bytes that cannot fail, then
 * {@link #decode} into the Avro type with a dead-letter side output.
 *
 * <pre>{@code
 * KafkaSource<KafkaRawRecord> source = KafkaSources.rawRecords(connection, "oversight-ingestion", Topics.AGENT_EVENTS).build();
 * DataStream<KafkaRawRecord> raw = KafkaSources.read(env, source, Topics.AGENT_EVENTS);
 * DecodedStream<AgentEvent> events = KafkaSources.decode(raw, AgentEvent.class, connection, "ingestion", validators);
 * }</pre>
 */
public final class KafkaSources {

    private KafkaSources() {}

    /**
     * A raw-record source over {@code topics}, reading committed data only
     * ({@code isolation.level=read_committed}), starting from the group's committed offsets and
     * falling back to the earliest offset for partitions the group has never committed.
     */
    public static RawSourceBuilder rawRecords(KafkaConnection connection, String groupId, String... topics) {
        return new RawSourceBuilder(connection, groupId, Arrays.asList(topics));
    }

    /**
     * Adds {@code source} to the job, named after what it reads and with a stable uid
     * ({@code kafka-source-<name>}) so savepoints map its offsets back after code changes.
     * No watermarks: for jobs (or inputs) without event time.
     */
    public static DataStream<KafkaRawRecord> read(StreamExecutionEnvironment env, Source<KafkaRawRecord, ?, ?> source, String name) {
        return read(env, source, name, WatermarkStrategy.noWatermarks());
    }

    /**
     * As {@link #read(StreamExecutionEnvironment, Source, String)}, with event-time watermarks generated per
     * partition by the source (see {@link AvroEventTime}: the only way a backlog's partitions do not make
     * each other's events late). Records leave with their event time as stream timestamp.
     */
    public static DataStream<KafkaRawRecord> read(StreamExecutionEnvironment env, Source<KafkaRawRecord, ?, ?> source, String name,
            WatermarkStrategy<KafkaRawRecord> watermarks) {
        return env.fromSource(source, watermarks, "kafka-source " + name)
                .uid("kafka-source-" + uidPart(name));
    }

    /**
     * Decodes {@code raw} into {@code type}, dead-lettering undecodable and oversized records and those a
     * validator rejects. The operator's uid is {@code decode-<type>}.
     *
     * @throws org.openclaw.oversight.secrets.MissingSecretException when {@code connection} has no dead-letter key
     */
    @SafeVarargs
    public static <T extends SpecificRecordBase> DecodedStream<T> decode(DataStream<KafkaRawRecord> raw, Class<T> type,
            KafkaConnection connection, String job, RecordValidator<? super T>... validators) {
        return decode(raw, type, connection, job, "decode-" + uidPart(type.getSimpleName()), List.of(validators));
    }

    /** As {@link #decode(DataStream, Class, KafkaConnection, String, RecordValidator[])} with an explicit uid. */
    public static <T extends SpecificRecordBase> DecodedStream<T> decode(DataStream<KafkaRawRecord> raw, Class<T> type,
            KafkaConnection connection, String job, String uid, List<RecordValidator<? super T>> validators) {
        SingleOutputStreamOperator<T> records = raw
                .process(new DecodeOrDeadLetter<>(type, connection, job, validators), new AvroTypeInfo<>(type))
                .name("decode " + type.getSimpleName())
                .uid(uid);
        return new DecodedStream<>(records, records.getSideOutput(DeadLetters.TAG));
    }

    static String uidPart(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-");
    }

    /** Options of a raw-record source; defaults suit a long-running job. */
    public static final class RawSourceBuilder {
        private final KafkaConnection connection;
        private final String groupId;
        private final List<String> topics;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private OffsetsInitializer startingOffsets = OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        private OffsetsInitializer stoppingOffsets;

        private RawSourceBuilder(KafkaConnection connection, String groupId, List<String> topics) {
            this.connection = Objects.requireNonNull(connection, "connection");
            if (groupId == null || groupId.isBlank()) {
                throw new IllegalArgumentException("A Kafka source needs a consumer group id (e.g. oversight-<job>).");
            }
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("A Kafka source needs at least one topic.");
            }
            this.groupId = groupId;
            this.topics = List.copyOf(topics);
        }

        /** Where to start when the job starts without a checkpoint/savepoint (default: committed, else earliest). */
        public RawSourceBuilder startingOffsets(OffsetsInitializer startingOffsets) {
            this.startingOffsets = Objects.requireNonNull(startingOffsets);
            return this;
        }

        /** Makes the source bounded: it finishes at these offsets (e.g. {@code OffsetsInitializer.latest()}). */
        public RawSourceBuilder bounded(OffsetsInitializer stoppingOffsets) {
            this.stoppingOffsets = Objects.requireNonNull(stoppingOffsets);
            return this;
        }

        /** A consumer property for this source only (overrides the connection's). */
        public RawSourceBuilder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public KafkaSource<KafkaRawRecord> build() {
            KafkaSourceBuilder<KafkaRawRecord> builder = KafkaSource.<KafkaRawRecord>builder()
                    .setProperties(connection.clientPropertiesWithBootstrap())
                    .setBootstrapServers(connection.bootstrapServers())
                    .setTopics(topics)
                    .setGroupId(groupId)
                    .setClientIdPrefix(groupId)
                    .setStartingOffsets(startingOffsets)
                    .setDeserializer(new RawRecordDeserializationSchema())
                    // exactly-once producers leave aborted transactions in the log; never read them
                    .setProperty("isolation.level", "read_committed");
            properties.forEach(builder::setProperty);
            if (stoppingOffsets != null) {
                builder.setBounded(stoppingOffsets);
            }
            return builder.build();
        }
    }
}
