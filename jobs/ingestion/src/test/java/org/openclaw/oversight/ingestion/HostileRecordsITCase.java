package org.openclaw.oversight.ingestion;

import org.openclaw.oversight.connectors.kafka.TestKeys;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openclaw.oversight.connectors.kafka.ConfluentWireFormat;
import org.openclaw.oversight.connectors.kafka.DeadLetterCipher;
import org.openclaw.oversight.connectors.kafka.DeadLetters;
import org.openclaw.oversight.connectors.kafka.DecodeFailure;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.DeadLetter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, part 1: no single record may stop the job. A hostile corpus — random bytes, every prefix
 * of a header, negative and huge schema ids, tombstones, a huge key, records around every size limit
 * (the job's 640 KiB, the DLQ letter's 768 KiB, 1 MiB − 300 bytes, and 1.5 and 3 MiB on an events
 * topic that allows 4 MiB) — on both input topics, a valid record after each hostile one on the same
 * partition. The job has no restart strategy, so one failure would fail it; its status is sampled
 * throughout. Every hostile record must be in the DLQ with a reason and its bytes (or, when cut, its
 * size and SHA-256); every valid one stored once and published once.
 */
@ExtendWith(LocalStackExtension.class)
class HostileRecordsITCase {

    private static final int ONE_MIB = 1024 * 1024;
    private static final Set<String> DECODE_REASONS = Arrays.stream(DecodeFailure.values())
            .map(DecodeFailure::errorClass).collect(Collectors.toSet());

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(IngestionTestRun.PARALLELISM)
            .build());

    private static JdbcConnection db;

    @BeforeAll
    static void database(LocalPostgres postgres) {
        db = new JdbcConnection(postgres.createDatabase("ingestion_hostile"), postgres.user(), postgres.password());
        DatabaseMigrations.migrate(db);
    }

    /** A hostile record: its bytes, and the reason expected (null: any decode reason will do, e.g. for random bytes). */
    private record Hostile(String name, byte[] key, byte[] value, String reason) {}

    /** Everything hostile we can think of for one topic, given a valid record's bytes and how to make valid ones of a size. */
    private static List<Hostile> corpus(byte[] valid, Function<Integer, byte[]> validOfSize, boolean bigTopic, long seed) {
        List<Hostile> corpus = new ArrayList<>();
        Random random = new Random(seed);
        String tooLarge = DecodeFailure.RECORD_TOO_LARGE.errorClass();
        String unknownId = DecodeFailure.UNKNOWN_SCHEMA_ID.errorClass();
        // random bytes, and random bytes behind a zero magic byte (half of those carry a negative id)
        for (int i = 0; i < 40; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            corpus.add(new Hostile("random " + i, null, bytes, null));
            byte[] zero = new byte[5 + random.nextInt(300)];
            random.nextBytes(zero);
            zero[0] = 0;
            corpus.add(new Hostile("random behind 0x00 " + i, null, zero, null));
        }
        // every prefix of the header, and of the body behind a real header
        for (int length = 0; length <= ConfluentWireFormat.HEADER_LENGTH; length++) {
            corpus.add(new Hostile("header prefix " + length, null, Arrays.copyOf(valid, length),
                    length < ConfluentWireFormat.HEADER_LENGTH ? DecodeFailure.TRUNCATED.errorClass() : DecodeFailure.TRUNCATED_AVRO.errorClass()));
        }
        for (int cut : new int[] {6, 7, 10, 20, valid.length / 2, valid.length - 2, valid.length - 1}) {
            corpus.add(new Hostile("body cut at " + cut, null, Arrays.copyOf(valid, cut), null));
        }
        // a valid body behind ids the registry never issued
        for (int id : new int[] {-1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, 1_999_999_999, 0}) {
            byte[] bytes = valid.clone();
            ConfluentWireFormat.writeHeader(id, bytes, 0);
            corpus.add(new Hostile("schema id " + id, null, bytes, unknownId));
        }
        corpus.add(new Hostile("tombstone", "k".getBytes(StandardCharsets.UTF_8), null, DecodeFailure.NULL_PAYLOAD.errorClass()));
        corpus.add(new Hostile("empty", null, new byte[0], DecodeFailure.TRUNCATED.errorClass()));
        corpus.add(new Hostile("plain JSON", null, "{\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                DecodeFailure.BAD_MAGIC_BYTE.errorClass()));
        corpus.add(new Hostile("trailing bytes", null, Arrays.copyOf(valid, valid.length + 3), DecodeFailure.TRAILING_BYTES.errorClass()));
        byte[] hugeKey = new byte[200 * 1024];
        random.nextBytes(hugeKey);
        corpus.add(new Hostile("200 KiB key", hugeKey, new byte[] {1, 2, 3, 4, 5, 6}, DecodeFailure.BAD_MAGIC_BYTE.errorClass()));
        // sizes around the limits: a valid record of exactly the job's limit passes (it is not in this list), one byte more does not
        int limit = KafkaConnection.DEFAULT_MAX_RECORD_BYTES;
        corpus.add(new Hostile("valid record of limit + 1", null, validOfSize.apply(limit + 1), tooLarge));
        corpus.add(new Hostile("valid record of 1 MiB - 300", null, validOfSize.apply(ONE_MIB - 300), tooLarge));
        for (int size : new int[] {DeadLetters.DEFAULT_MAX_LETTER_BYTES - 1, DeadLetters.DEFAULT_MAX_LETTER_BYTES,
                DeadLetters.DEFAULT_MAX_LETTER_BYTES + 1, ONE_MIB - 1000, ONE_MIB - 300}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            bytes[0] = 0;
            corpus.add(new Hostile(size + " random bytes", null, bytes, tooLarge));
        }
        if (bigTopic) {
            for (int size : new int[] {ONE_MIB + 1, 3 * ONE_MIB / 2, 3 * ONE_MIB}) {
                byte[] bytes = new byte[size];
                random.nextBytes(bytes);
                corpus.add(new Hostile(size + " random bytes (big topic)", null, bytes, tooLarge));
            }
            corpus.add(new Hostile("valid record of 2 MiB (big topic)", null, validOfSize.apply(2 * ONE_MIB), tooLarge));
        }
        return corpus;
    }

    /** A valid agent event whose encoding is exactly {@code size} bytes: padded in an attribute (text limits do not apply). */
    private static byte[] agentEventOfSize(IngestionTestRun run, String id, int size) {
        AgentEvent event = TestEvents.llmCall(id, TestRules.REAL_TIME_AGENT, "trace-" + id, "hello", "world");
        return padded(size, pad -> {
            event.getAttributes().put("pad", pad);
            return run.encode(event);
        });
    }

    private static byte[] messageOfSize(IngestionTestRun run, String id, int size) {
        ChannelMessage message = TestEvents.message(id, TestRules.REAL_TIME_AGENT, "conv-" + id, "hallo");
        // the message text counts towards text_too_large (256 KiB), so big messages are padded in the media type
        return padded(size, pad -> {
            message.setMediaType(pad);
            return run.encode(message);
        });
    }

    private static byte[] padded(int size, Function<String, byte[]> encodeWithPad) {
        int pad = 0;
        byte[] bytes = encodeWithPad.apply("");
        for (int i = 0; i < 10 && bytes.length != size; i++) {
            pad = Math.max(0, pad + size - bytes.length);
            bytes = encodeWithPad.apply("p".repeat(pad));
        }
        assertThat(bytes).as("a valid record of exactly %d bytes", size).hasSize(size);
        return bytes;
    }

    @Test
    void noHostileRecordStopsTheJobAndEachEndsAsADeadLetterOrACleanEvent(KafkaBroker kafka, EmbeddedSchemaRegistry registry)
            throws Exception {
        IngestionTestRun run = IngestionTestRun.create(kafka, registry.url(), db, "hostile",
                Map.of("max.message.bytes", String.valueOf(4 * ONE_MIB)));
        Map<String, Hostile> hostileAt = new LinkedHashMap<>(); // topic/partition/offset -> what we sent there
        Set<String> validIds = new HashSet<>();
        int[] counter = {0};
        Function<Boolean, String> nextId = isEvent -> run.prefix + (isEvent ? "e" : "m") + counter[0]++;

        Map<Future<RecordMetadata>, Hostile> pending = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = run.producer()) {
            byte[] validEvent = run.encode(TestEvents.llmCall(run.prefix + "template", TestRules.REAL_TIME_AGENT, "t", "hi", "ok"));
            List<Hostile> events = corpus(validEvent, size -> agentEventOfSize(run, run.prefix + "big-e" + size, size), true, 1);
            // a valid record of exactly the job's limit must pass, whole, to the tables and the clean topic
            String atLimitId = run.prefix + "e-at-limit";
            sendValid(producer, run.events, 0, agentEventOfSize(run, atLimitId, KafkaConnection.DEFAULT_MAX_RECORD_BYTES));
            validIds.add(atLimitId);
            for (int i = 0; i < events.size(); i++) {
                int partition = i % IngestionTestRun.PARALLELISM;
                pending.put(producer.send(new ProducerRecord<>(run.events, partition, events.get(i).key(), events.get(i).value())),
                        events.get(i));
                String id = nextId.apply(true);
                sendValid(producer, run.events, partition, run.encode(TestEvents.llmCall(id, TestRules.REAL_TIME_AGENT, "t-" + id,
                        "after " + events.get(i).name(), "ok")));
                validIds.add(id);
            }

            byte[] validMessage = run.encode(TestEvents.message(run.prefix + "mtemplate", TestRules.REAL_TIME_AGENT, "c", "hallo"));
            List<Hostile> messages = corpus(validMessage, size -> messageOfSize(run, run.prefix + "big-m" + size, size), false, 2);
            String messageAtLimitId = run.prefix + "m-at-limit";
            sendValid(producer, run.messages, 1, messageOfSize(run, messageAtLimitId, KafkaConnection.DEFAULT_MAX_RECORD_BYTES));
            validIds.add(messageAtLimitId);
            for (int i = 0; i < messages.size(); i++) {
                int partition = i % IngestionTestRun.PARALLELISM;
                pending.put(producer.send(new ProducerRecord<>(run.messages, partition, messages.get(i).key(), messages.get(i).value())),
                        messages.get(i));
                String id = nextId.apply(false);
                sendValid(producer, run.messages, partition, run.encode(TestEvents.message(id, TestRules.REAL_TIME_AGENT, "c-" + id,
                        "after " + messages.get(i).name())));
                validIds.add(id);
            }
            producer.flush();
            for (Map.Entry<Future<RecordMetadata>, Hostile> sent : pending.entrySet()) {
                hostileAt.put(IngestionTestRun.where(sent.getKey().get()), sent.getValue());
            }
        }

        StreamExecutionEnvironment env = IngestionTestRun.environment();
        run.defineJob(env, true);
        Duration took = IngestionTestRun.runToEnd(env, "ingestion hostile corpus");

        // every hostile record: exactly one dead letter, with a reason, its bytes or their size and hash
        DeadLetterCipher cipher = TestKeys.cipher();
        Map<String, DeadLetter> letters = new HashMap<>();
        int truncated = 0;
        for (DeadLetter letter : run.deadLetters()) {
            String where = IngestionTestRun.where(letter.getSourceTopic(), letter.getPartition(), letter.getOffset());
            assertThat(letters.put(where, letter)).as("one dead letter for %s", where).isNull();
        }
        assertThat(letters.keySet()).as("dead letters exactly for the hostile records").isEqualTo(hostileAt.keySet());
        for (Map.Entry<String, Hostile> entry : hostileAt.entrySet()) {
            Hostile sent = entry.getValue();
            DeadLetter letter = letters.get(entry.getKey());
            String as = sent.name() + " at " + entry.getKey();
            if (sent.reason() != null) {
                assertThat(letter.getErrorClass()).as("reason for %s", as).isEqualTo(sent.reason());
            } else {
                assertThat(letter.getErrorClass()).as("reason for %s", as).isIn(DECODE_REASONS);
            }
            assertThat(letter.getErrorMessage()).as("message for %s", as).isNotBlank();
            assertThat(letter.getPayloadEncryption()).isEqualTo(DeadLetterCipher.ALGORITHM);
            assertThat(letter.getKeyId()).isEqualTo(cipher.keyId());
            byte[] kept = IngestionTestRun.payload(cipher, letter);
            if (sent.value() == null) {
                assertThat(kept).as("payload of %s", as).isNull();
                assertThat(letter.getPayloadSize()).isNull();
            } else {
                assertThat(letter.getPayloadSize()).as("size of %s", as).isEqualTo(sent.value().length);
                assertThat(letter.getPayloadSha256()).as("hash of %s", as).isEqualTo(DeadLetters.sha256(sent.value()));
                assertThat(kept).as("kept bytes of %s", as).isEqualTo(Arrays.copyOf(sent.value(), kept.length));
                boolean keyCut = sent.key() != null && sent.key().length > 16 * 1024;
                if (letter.getTruncated()) {
                    truncated++;
                }
                if (letter.getTruncated() && !keyCut) {
                    assertThat(kept.length).as("cut payload of %s", as).isLessThan(sent.value().length);
                } else {
                    assertThat(kept).as("whole payload of %s", as).isEqualTo(sent.value());
                }
            }
            byte[] key = IngestionTestRun.key(cipher, letter);
            if (sent.key() == null) {
                assertThat(key).isNull();
            } else if (sent.key().length > 16 * 1024) {
                assertThat(letter.getTruncated()).as("a cut key marks the letter truncated").isTrue();
                assertThat(key).isEqualTo(Arrays.copyOf(sent.key(), key.length));
            } else {
                assertThat(key).isEqualTo(sent.key());
            }
        }
        assertThat(truncated).as("letters of records over the letter cap were cut").isGreaterThanOrEqualTo(8);

        // every valid record: stored once, published once
        List<String> stored = run.storedIdCounts();
        assertThat(stored).containsExactlyInAnyOrderElementsOf(validIds.stream().map(id -> id + "=1").toList());
        List<CleanEvent> clean = run.cleanEvents();
        Map<String, Long> published = clean.stream().collect(Collectors.groupingBy(CleanEvent::getEventId, Collectors.counting()));
        assertThat(published.keySet()).isEqualTo(validIds);
        assertThat(published.values()).containsOnly(1L);
        assertThat(clean.stream().filter(e -> e.getEventId().endsWith("-at-limit")).count()).isEqualTo(2);
        System.out.printf("hostile corpus: %d hostile + %d valid records, %d letters cut, job finished in %d ms without a failure%n",
                hostileAt.size(), validIds.size(), truncated, took.toMillis());
    }

    /** Sent without waiting: the producer keeps the order of one partition, so it lands right after the hostile one before it. */
    private static void sendValid(KafkaProducer<byte[], byte[]> producer, String topic, int partition, byte[] value) {
        producer.send(new ProducerRecord<>(topic, partition, null, value));
    }
}
