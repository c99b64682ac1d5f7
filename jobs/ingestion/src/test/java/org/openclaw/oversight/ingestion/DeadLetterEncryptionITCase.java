package org.openclaw.oversight.ingestion;

import org.openclaw.oversight.connectors.kafka.TestKeys;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openclaw.oversight.connectors.kafka.ConfluentWireFormat;
import org.openclaw.oversight.connectors.kafka.DeadLetterCipher;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.DeadLetter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, part 4: the DLQ keeps raw records recoverable but not readable. Records full of planted
 * PII (in the value and in the Kafka key) are dead-lettered for many reasons; the raw bytes of
 * {@code oversight.dlq.v1} — what anyone allowed to read the topic sees — contain none of the planted
 * values, and decrypting with the DLQ key gives every record back byte for byte.
 */
@ExtendWith(LocalStackExtension.class)
class DeadLetterEncryptionITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(IngestionTestRun.PARALLELISM)
            .build());

    private static JdbcConnection db;

    @BeforeAll
    static void database(LocalPostgres postgres) {
        db = new JdbcConnection(postgres.createDatabase("ingestion_dlq_crypto"), postgres.user(), postgres.password());
        DatabaseMigrations.migrate(db);
    }

    /** Planted values as written and in the spellings a reader might search for. */
    private static List<String> planted() {
        List<String> values = new ArrayList<>();
        for (PlantedPii.Plant plant : PlantedPii.ALL) {
            values.add(plant.value());
            values.add(plant.value().replace(" ", "").replace("-", ""));
        }
        return values;
    }

    @Test
    void plantedPiiIsNotInTheTopicsBytesAndDecryptsBackWithTheKey(KafkaBroker kafka, EmbeddedSchemaRegistry registry) throws Exception {
        IngestionTestRun run = IngestionTestRun.create(kafka, registry.url(), db, "dlqcrypto", Map.of());
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            PlantedPii.Plant plant = PlantedPii.forIndex(i);
            String text = plant.sentence() + " " + PlantedPii.forIndex(i + 1).sentence();
            byte[] key = plant.value().getBytes(StandardCharsets.UTF_8); // a person's data as the Kafka key, too
            AgentEvent event = TestEvents.llmCall(run.prefix + "e" + i, TestRules.REAL_TIME_AGENT, "t" + i, text, text);
            byte[] value;
            switch (i % 6) {
                case 0 -> { // unknown schema id, valid body full of PII
                    value = run.encode(event);
                    ConfluentWireFormat.writeHeader(-1 - i, value, 0);
                }
                case 1 -> { // text_too_large: the PII is repeated past 256 KiB
                    event.setOutput(text.repeat(300 * 1024 / text.length()));
                    value = run.encode(event);
                }
                case 2 -> { // missing_id
                    event.setTraceId("");
                    value = run.encode(event);
                }
                case 3 -> value = ("{\"note\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8); // bad_magic_byte
                case 4 -> { // record_too_large: PII in the first and the last bytes
                    event.setAttributes(Map.of("pad", "x".repeat(700 * 1024), "who", text));
                    value = run.encode(event);
                }
                default -> { // a message with an id too long to index
                    ChannelMessage message = TestEvents.message(run.prefix + "m" + i, TestRules.REAL_TIME_AGENT, "c" + i, text);
                    message.setConversationId("c".repeat(600) + text);
                    sent.add(new ProducerRecord<>(run.messages, 0, key, run.encode(message)));
                    continue;
                }
            }
            sent.add(new ProducerRecord<>(run.events, i % IngestionTestRun.PARALLELISM, key, value));
        }
        try (KafkaProducer<byte[], byte[]> producer = run.producer()) {
            sent.forEach(producer::send);
        }

        StreamExecutionEnvironment env = IngestionTestRun.environment();
        run.defineJob(env, true);
        IngestionTestRun.runToEnd(env, "ingestion dlq encryption");

        // what a reader of the topic sees: no planted value in any byte of any letter (payload, key, message)
        List<byte[]> raw = run.rawDeadLetterValues();
        assertThat(raw).hasSizeGreaterThanOrEqualTo(sent.size());
        for (byte[] value : raw) {
            String asText = new String(value, StandardCharsets.ISO_8859_1);
            String asUtf8 = new String(value, StandardCharsets.UTF_8);
            for (String pii : planted()) {
                assertThat(asText).as("planted value in the DLQ's bytes").doesNotContain(pii);
                assertThat(asUtf8).as("planted value in the DLQ's bytes").doesNotContain(pii);
            }
        }

        // what the DLQ key gives back: every record, byte for byte, key included
        DeadLetterCipher cipher = TestKeys.cipher();
        List<DeadLetter> letters = run.deadLetters();
        assertThat(letters).hasSameSizeAs(sent);
        List<String> recovered = new ArrayList<>();
        for (DeadLetter letter : letters) {
            assertThat(letter.getPayloadEncryption()).isEqualTo(DeadLetterCipher.ALGORITHM);
            assertThat(letter.getKeyId()).isEqualTo(cipher.keyId());
            assertThat(letter.getTruncated()).isFalse();
            recovered.add(new String(IngestionTestRun.key(cipher, letter), StandardCharsets.UTF_8) + "|"
                    + new String(IngestionTestRun.payload(cipher, letter), StandardCharsets.ISO_8859_1));
        }
        List<String> expected = sent.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8) + "|"
                + new String(r.value(), StandardCharsets.ISO_8859_1)).toList();
        assertThat(recovered).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(letters.stream().map(DeadLetter::getErrorClass).distinct())
                .containsExactlyInAnyOrder("unknown_schema_id", EventRules.TEXT_TOO_LARGE, EventRules.MISSING_ID, "bad_magic_byte",
                        "record_too_large", EventRules.ID_TOO_LONG);
        System.out.printf("dlq encryption: %d letters, %d planted values searched in %d raw letters at %s, none found%n",
                letters.size(), planted().size(), raw.size(), Instant.now());
    }
}
