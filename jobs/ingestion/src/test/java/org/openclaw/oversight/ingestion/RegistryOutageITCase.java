package org.openclaw.oversight.ingestion;

import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.connectors.kafka.ConfluentWireFormat;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.Ports;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, part 1: a registry <em>outage</em> is not a bad record. The registry is stopped mid-stream
 * while records keep coming — records whose writer schemas the job has not seen yet, so it must ask
 * the registry — and started again on the same port with the same data: nothing is dead-lettered,
 * nothing is lost, every record is stored and published once, and the job (without a restart
 * strategy) keeps running throughout; the decode operator waits for the registry instead.
 */
@ExtendWith(LocalStackExtension.class)
class RegistryOutageITCase {

    /** Long enough for the decoder to retry several times, far shorter than its 2-minute bound. */
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final int PER_PHASE = 20;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(IngestionTestRun.PARALLELISM)
            .build());

    private static JdbcConnection db;

    @BeforeAll
    static void database(LocalPostgres postgres) {
        db = new JdbcConnection(postgres.createDatabase("ingestion_outage"), postgres.user(), postgres.password());
        DatabaseMigrations.migrate(db);
    }

    /** {@code base} plus one optional field at the end: a compatible writer schema with an id of its own. */
    private static Schema withExtraField(Schema base, String field) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field(field, Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "added for the outage test", JsonProperties.NULL_VALUE));
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }

    /** {@code v1} re-framed for a writer schema with one more (null) union field at the end: same body plus branch 0. */
    private static byte[] asWriter(int schemaId, byte[] v1) {
        byte[] bytes = Arrays.copyOf(v1, v1.length + 1);
        ConfluentWireFormat.writeHeader(schemaId, bytes, 0);
        bytes[v1.length] = 0;
        return bytes;
    }

    @Test
    void stoppingTheRegistryMidStreamDeadLettersNothingAndLosesNothing(KafkaBroker kafka, @TempDir Path registryDir)
            throws Exception {
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(registryDir, Ports.LOOPBACK, 0);
        int port = registry.port();
        JobClient job = null;
        try {
            IngestionTestRun run = IngestionTestRun.create(kafka, registry.url(), db, "outage", Map.of());
            // writer schemas the job has not met: registered by another client, so the job's shared client has no cache of them
            SchemaRegistryClient other = new SchemaRegistryClient(registry.url());
            int eventsV2 = other.register(run.events + "-v2-value", withExtraField(AgentEvent.getClassSchema(), "v2"));
            int eventsV3 = other.register(run.events + "-v3-value", withExtraField(AgentEvent.getClassSchema(), "v3"));
            int messagesV2 = other.register(run.messages + "-v2-value", withExtraField(ChannelMessage.getClassSchema(), "v2"));
            Set<String> expected = new HashSet<>();
            List<ProducerRecord<byte[], byte[]>> duringOutage = new ArrayList<>();
            List<ProducerRecord<byte[], byte[]>> beforeOutage = new ArrayList<>();
            for (int i = 0; i < PER_PHASE; i++) {
                beforeOutage.add(event(run, "before-e" + i, 1, -1, expected));
                beforeOutage.add(message(run, "before-m" + i, -1, expected));
                duringOutage.add(event(run, "v2-e" + i, 2, eventsV2, expected));
                duringOutage.add(event(run, "v3-e" + i, 3, eventsV3, expected));
                duringOutage.add(message(run, "v2-m" + i, messagesV2, expected));
                duringOutage.add(event(run, "during-e" + i, 1, -1, expected));
            }

            StreamExecutionEnvironment env = IngestionTestRun.environment();
            run.defineJob(env, false);
            job = env.executeAsync("ingestion registry outage");
            JobClient running = job;
            try (KafkaProducer<byte[], byte[]> producer = run.producer()) {
                beforeOutage.forEach(producer::send);
                producer.flush();
                // the clean sink has written (and so registered its schema) once the first records are committed
                IngestionTestRun.await(() -> run.cleanEvents().size() == beforeOutage.size(), Duration.ofSeconds(90),
                        "the records before the outage on the clean topic");

                registry.close();
                Instant outageEnds = Instant.now().plus(OUTAGE);
                duringOutage.forEach(producer::send);
                producer.flush();
                while (Instant.now().isBefore(outageEnds)) {
                    assertThat(running.getJobStatus().get()).as("job status during the outage").isEqualTo(JobStatus.RUNNING);
                    IngestionTestRun.awaitQuietly(Duration.ofMillis(200));
                }
                // the outage was real: records of the new schemas could not be decoded, and were not dead-lettered
                assertThat(run.query("SELECT event_id FROM oversight.agent_events WHERE event_id LIKE '" + run.prefix + "v%'"))
                        .as("records of unseen schemas stored while the registry was down").isEmpty();
                assertThat(run.deadLetters()).as("dead letters during the outage").isEmpty();

                registry = EmbeddedSchemaRegistry.start(registryDir, Ports.LOOPBACK, port);
            }

            IngestionTestRun.await(() -> storedCount(run) == expected.size(), Duration.ofSeconds(90), "every record stored");
            IngestionTestRun.await(() -> run.cleanEvents().size() >= expected.size(), Duration.ofSeconds(60), "every record published");
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);

            assertThat(run.deadLetters()).as("nothing wrongly dead-lettered").isEmpty();
            assertThat(run.storedIdCounts()).containsExactlyInAnyOrderElementsOf(expected.stream().map(id -> id + "=1").toList());
            List<CleanEvent> clean = run.cleanEvents();
            Map<String, Long> published = clean.stream().collect(Collectors.groupingBy(CleanEvent::getEventId, Collectors.counting()));
            assertThat(published.keySet()).isEqualTo(expected);
            assertThat(published.values()).containsOnly(1L);
            System.out.printf("registry outage: %d records before, %d during a %d s outage; 0 dead letters, all stored once%n",
                    beforeOutage.size(), duringOutage.size(), OUTAGE.toSeconds());
        } finally {
            if (job != null) {
                job.cancel().get();
            }
            registry.close();
        }
    }

    private static int storedCount(IngestionTestRun run) {
        try {
            return run.storedIdCounts().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProducerRecord<byte[], byte[]> event(IngestionTestRun run, String name, int version, int schemaId, Set<String> expected) {
        String id = run.prefix + name;
        expected.add(id);
        byte[] v1 = run.encode(TestEvents.llmCall(id, TestRules.REAL_TIME_AGENT, "trace-" + id, "input of " + name, "ok"));
        return new ProducerRecord<>(run.events, null, version == 1 ? v1 : asWriter(schemaId, v1));
    }

    private static ProducerRecord<byte[], byte[]> message(IngestionTestRun run, String name, int schemaId, Set<String> expected) {
        String id = run.prefix + name;
        expected.add(id);
        byte[] v1 = run.encode(TestEvents.message(id, TestRules.REAL_TIME_AGENT, "conv-" + id, "text of " + name));
        return new ProducerRecord<>(run.messages, null, schemaId < 0 ? v1 : asWriter(schemaId, v1));
    }
}
