package org.openclaw.oversight.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openclaw.oversight.connectors.kafka.AvroEventTime;
import org.openclaw.oversight.connectors.kafka.KafkaRawRecord;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.TopicReader;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;

/**
 * A backlog of both inputs (30 minutes of spans and messages, each partition in event-time order, all spans written
 * before the first message, at once, into the running job as {@code simulate --history} writes into a demo) comes
 * out on the clean topic in step: in every clean partition no record is more than {@link #BOUND} behind the newest
 * before it. Unaligned (checked by hand: the alignment switched off), every span came out before the messages,
 * 25 minutes behind. Not covered: a job that starts on a backlog, where a source whose reader registers late holds
 * nobody back until it does (measured 72-754 s behind in this test's earlier form).
 */
@ExtendWith(LocalStackExtension.class)
class BacklogAlignmentITCase {

    /**
     * Cost-aggregation's allowed lateness (10 min): what this alignment is for is that no record of a backlog is
     * late downstream. Aligned, a record trails by the drift (10 s) plus what a split still emits after it is paused:
     * the records already fetched, up to a poll of 500, which at this test's 1-2 records/s per partition is minutes
     * of event time (72 s on a quiet machine, 281 s once in a loaded CI run). Unaligned, one input of this 30-minute
     * backlog was read whole before the other.
     */
    private static final Duration BOUND = Duration.ofMinutes(10);
    private static final int MINUTES = 30;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(IngestionTestRun.PARALLELISM)
            .build());

    private static JdbcConnection db;

    @BeforeAll
    static void database(LocalPostgres postgres) {
        db = new JdbcConnection(postgres.createDatabase("ingestion_backlog"), postgres.user(), postgres.password());
        DatabaseMigrations.migrate(db);
    }

    @Test
    void aBacklogOfBothInputsLeavesInStepOnEventTime(KafkaBroker kafka, EmbeddedSchemaRegistry registry,
            @org.apache.flink.test.junit5.InjectMiniCluster org.apache.flink.runtime.minicluster.MiniCluster cluster) throws Exception {
        IngestionTestRun run = IngestionTestRun.create(kafka, registry.url(), db, "backlog", Map.of());
        long start = Instant.now().minus(Duration.ofMinutes(MINUTES)).toEpochMilli();
        // unbounded sources, as the live job reads (alignment is for them), stopped once everything is out; started
        // first and the backlog written at once, as `simulate --history` writes it into a running demo: every
        // assigned partition then holds the group at the oldest accepted time until it delivers (a source whose
        // reader has not registered yet holds nobody back, a start-up race a cold backlog can lose)
        StreamExecutionEnvironment env = IngestionTestRun.environment();
        run.defineJob(env, false);
        JobClient job = env.executeAsync("ingestion backlog");
        IngestionTestRun.await(() -> allTasksRunning(cluster, job), Duration.ofSeconds(60), "every task of the job running");
        int spans = 0;
        int messages = 0;
        try (KafkaProducer<byte[], byte[]> producer = run.producer()) {
            // spans at 4/s, messages at 2/s, per partition in event-time order (as the simulator writes them); all
            // spans are on their topic before the first message: read unaligned, the spans come out whole first
            List<ProducerRecord<byte[], byte[]>> later = new ArrayList<>();
            for (long t = start; t < start + MINUTES * 60_000L; t += 250) {
                int p = spans % IngestionTestRun.PARALLELISM;
                AgentEvent span = AgentEvent.newBuilder(TestEvents.toolCall(run.prefix + "s" + spans, TestRules.REAL_TIME_AGENT,
                        "trace-" + spans)).setStartTime(Instant.ofEpochMilli(t)).build();
                producer.send(new ProducerRecord<>(run.events, p, key(span.getTraceId()), run.encode(span)));
                spans++;
                if (spans % 2 == 0) {
                    ChannelMessage message = ChannelMessage.newBuilder(TestEvents.message(run.prefix + "m" + messages,
                            TestRules.REAL_TIME_AGENT, "conv-" + messages, "ok")).setTimestamp(Instant.ofEpochMilli(t)).build();
                    later.add(new ProducerRecord<>(run.messages, messages % IngestionTestRun.PARALLELISM,
                            key(message.getConversationId()), run.encode(message)));
                    messages++;
                }
            }
            producer.flush();
            later.forEach(producer::send);
            producer.flush();
        }

        int expected = spans + messages;
        List<List<ConsumerRecord<byte[], byte[]>>> read = new ArrayList<>(List.of(List.of()));
        try {
            IngestionTestRun.await(() -> {
                read.set(0, TopicReader.readToEnd(kafka.bootstrapServers(), run.clean, Duration.ofSeconds(20)));
                return read.get(0).size() >= expected;
            }, Duration.ofSeconds(120), "all " + expected + " records on the clean topic");
        } finally {
            job.cancel().get();
        }
        List<ConsumerRecord<byte[], byte[]>> clean = read.get(0);

        AvroEventTime time = AvroEventTime.of(CleanEvent.class, "eventTime", 0);
        Map<Integer, Long> newest = new HashMap<>();
        Map<Integer, Long> worst = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : clean) {
            long t = time.extractTimestamp(new KafkaRawRecord(record.topic(), record.partition(), record.offset(),
                    record.timestamp(), record.key(), record.value()), record.timestamp());
            long max = Math.max(newest.getOrDefault(record.partition(), Long.MIN_VALUE), t);
            newest.put(record.partition(), max);
            worst.merge(record.partition(), max - t, Math::max);
        }
        assertThat(clean).as("every span and message published once").hasSize(spans + messages);
        assertThat(worst.values()).as("per clean partition, how far a record is behind the newest before it (ms)")
                .allSatisfy(behind -> assertThat(behind).isLessThanOrEqualTo(BOUND.toMillis()));
    }

    private static boolean allTasksRunning(org.apache.flink.runtime.minicluster.MiniCluster cluster, JobClient job) {
        try {
            return job.getJobStatus().get() == org.apache.flink.api.common.JobStatus.RUNNING
                    && java.util.stream.StreamSupport.stream(cluster.getExecutionGraph(job.getJobID()).get()
                            .getAllExecutionVertices().spliterator(), false)
                            .allMatch(v -> v.getExecutionState() == org.apache.flink.runtime.execution.ExecutionState.RUNNING);
        } catch (Exception e) {
            return false;
        }
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
