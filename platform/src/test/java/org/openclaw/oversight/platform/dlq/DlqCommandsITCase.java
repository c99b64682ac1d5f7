package org.openclaw.oversight.platform.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroEncoder;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.DeadLetterCipher;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.timescale.AuditChainVerifier;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.TopicReader;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.platform.OversightCommand;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.DeadLetter;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;
import picocli.CommandLine;

/**
 * {@code oversight dlq list|show|replay} against a real broker, registry and PostgreSQL, on dead
 * letters made as the jobs make them (DeadLetterCipher, the generated DeadLetter) of records that
 * carry planted PII: list shows counts and nothing else, show decrypts and is audited, replay puts
 * the very bytes back on the source topic once, refuses what it cannot replay, and the audit chain
 * holds. Topic names of its own, so other test classes on the shared broker do not interfere.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DlqCommandsITCase {

    private static final String DLQ = "dlq-cli-it.dlq";
    private static final String EVENTS = "dlq-cli-it.agent-events";
    private static final String MESSAGES = "dlq-cli-it.channel-messages";
    private static final String IBAN = "DE89370400440532013000";

    @TempDir
    static Path dataDir;

    @TempDir
    static Path elsewhere;

    private KafkaBroker kafka;
    private EmbeddedSchemaRegistry registry;
    private LocalPostgres postgres;
    private String dbUrl;
    private Path foreignKeyFile;

    /** One planted letter: where it is on the DLQ and what it holds. */
    private record Planted(String position, String sourceTopic, int sourcePartition, byte[] key, byte[] value,
            String errorClass, boolean truncated, boolean foreignKey, List<String> pii) {}

    private final List<Planted> planted = new ArrayList<>();

    @BeforeAll
    void plantLetters(KafkaBroker kafka, EmbeddedSchemaRegistry registry, LocalPostgres postgres) throws Exception {
        this.kafka = kafka;
        this.registry = registry;
        this.postgres = postgres;
        kafka.createTopic(DLQ, 3);
        kafka.createTopic(EVENTS, 6);
        kafka.createTopic(MESSAGES, 6);
        dbUrl = postgres.createDatabase("dlq_cli_it");
        DatabaseMigrations.migrate(dbUrl, postgres.user(), postgres.password());

        DeadLetterCipher cipher = DeadLetterCipher.open(
                SecretSource.file(SecretKind.DLQ_KEY, LocalKeys.ensure(dataDir, SecretKind.DLQ_KEY)));
        foreignKeyFile = LocalKeys.ensure(elsewhere.resolve("foreign"), SecretKind.DLQ_KEY);
        DeadLetterCipher foreign = DeadLetterCipher.open(SecretSource.file(SecretKind.DLQ_KEY, foreignKeyFile));
        ConfluentAvroEncoder encoder = new ConfluentAvroEncoder(SchemaRegistryClient.forUrl(registry.url()));

        Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all");
        try (KafkaProducer<String, DeadLetter> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ConfluentAvroSerializer<>(registry.url()))) {
            int n = 0;
            for (int i = 0; i < 10; i++) {
                boolean truncated = i == 6 || i == 7;
                boolean foreignKey = i == 8;
                boolean message = i == 9;
                String email = "patient" + i + ".private@example.org";
                String phone = "+49 170 555" + (1000 + i);
                String source = message ? MESSAGES : EVENTS;
                int sourcePartition = i % 6;
                long sourceOffset = 1000 + i;
                byte[] key = ("trace-secret-" + i).getBytes(StandardCharsets.UTF_8);
                byte[] value = message
                        ? ("{\"text\":\"call me at " + phone + " or mail " + email + "\"}").getBytes(StandardCharsets.UTF_8)
                        : encoder.encode(EVENTS + "-value", event(i, email, phone));
                byte[] kept = truncated ? Arrays.copyOf(value, 64) : value;
                DeadLetterCipher writer = foreignKey ? foreign : cipher;
                DeadLetter letter = DeadLetter.newBuilder()
                        .setSourceTopic(source).setPartition(sourcePartition).setOffset(sourceOffset)
                        .setKey(ByteBuffer.wrap(writer.encrypt(key, source, sourcePartition, sourceOffset, "key")))
                        .setPayload(ByteBuffer.wrap(writer.encrypt(kept, source, sourcePartition, sourceOffset, "payload")))
                        .setErrorClass(message ? "bad_magic_byte" : truncated ? "text_too_large" : "incompatible_schema")
                        .setErrorMessage(message ? "First byte is 0x7b, expected 0x00" : "field input: 9000 bytes > limit")
                        .setJob("ingestion")
                        .setFailedAt(message ? Instant.now().minus(Duration.ofDays(3)) : Instant.now().minusSeconds(60 - i))
                        .setPayloadEncryption(DeadLetterCipher.ALGORITHM).setKeyId(writer.keyId())
                        .setPayloadSize((long) value.length).setPayloadSha256(OpenedLetter.sha256(value))
                        .setTruncated(truncated)
                        .build();
                RecordMetadata sent = producer.send(new ProducerRecord<>(DLQ, n++ % 3, source, letter)).get();
                planted.add(new Planted(sent.partition() + ":" + sent.offset(), source, sourcePartition, key, value,
                        letter.getErrorClass(), truncated, foreignKey,
                        List.of(email, phone, IBAN, new String(key, StandardCharsets.UTF_8))));
            }
        }
    }

    private static AgentEvent event(int i, String email, String phone) {
        return AgentEvent.newBuilder()
                .setEventId("evt-" + i).setTenantId("acme-retail").setAgentId("support-bot").setAgentVersion("1.0")
                .setTraceId("trace-secret-" + i).setSpanId("span-" + i).setParentSpanId(null)
                .setKind(EventKind.LLM_CALL).setName("chat").setStartTime(Instant.now().minusSeconds(120))
                .setDurationMs(800).setStatus(SpanStatus.OK).setProvider("anthropic").setModel("claude-sonnet-4-6")
                .setInputTokens(100).setOutputTokens(20).setCachedInputTokens(0)
                .setInput("My IBAN is " + IBAN + ", reach me at " + phone)
                .setOutput("Thanks, we will write to " + email)
                .setChannel(Channel.WEBCHAT).setAttributes(Map.of())
                .build();
    }

    @Test
    @Order(1)
    void listCountsByTopicJobAndReasonAndShowsNoContent() {
        Result list = run(Map.of(), "list");
        assertThat(list.exitCode).as(list.output).isZero();
        assertThat(list.output)
                .containsPattern("dlq-cli-it\\.agent-events\\s+ingestion\\s+incompatible_schema\\s+7\\s+0\\s+\\d{4}-")
                .containsPattern("dlq-cli-it\\.agent-events\\s+ingestion\\s+text_too_large\\s+2\\s+2\\s+\\d{4}-")
                .containsPattern("dlq-cli-it\\.channel-messages\\s+ingestion\\s+bad_magic_byte\\s+1\\s+0\\s+\\d{4}-")
                .contains("Total: 10 letters.")
                .contains(planted.get(0).position()); // the first letter of its group, to pass to show
        assertNoContent(list.output);
    }

    @Test
    @Order(2)
    void listFiltersByErrorClassSourceTopicAndTime() {
        Result byClass = run(Map.of(), "list", "--error-class", "text_too_large");
        assertThat(byClass.output).contains("Total: 2 letters.").doesNotContain("incompatible_schema");
        Result recent = run(Map.of(), "list", "--since", "1d");
        assertThat(recent.output).contains("Total: 9 letters.").doesNotContain("bad_magic_byte");
        Result byTopic = run(Map.of(), "list", "--topic", MESSAGES);
        assertThat(byTopic.output).contains("Total: 1 letters.");
        assertNoContent(byClass.output + recent.output + byTopic.output);
    }

    @Test
    @Order(3)
    void showWithoutAnActorIsRefused() throws SQLException {
        Result show = run(Map.of(), "show", planted.get(0).position());
        assertThat(show.exitCode).isNotZero();
        assertThat(show.output).contains("--by");
        assertNoContent(show.output);
        assertThat(auditCount(DlqAudit.SHOW)).isZero();
    }

    @Test
    @Order(4)
    void showDecryptsInMemoryAndIsAudited() throws SQLException {
        Planted replayable = planted.get(0);
        Planted truncated = planted.get(6);
        Planted message = planted.get(9);
        Result show = run(Map.of(), "show", replayable.position(), truncated.position(), message.position(), "--by", "alice");
        assertThat(show.exitCode).as(show.output).isZero();
        assertThat(show.output)
                .contains("DLQ key from the local stack's key file " + LocalKeys.file(dataDir, SecretKind.DLQ_KEY))
                .contains("Showing 3 of 3 matching letters (audit seq")
                .contains("Avro JSON, schema id", "org.openclaw.oversight.schema.AgentEvent")
                .contains(replayable.pii().get(0), IBAN) // the decrypted payload, decoded
                .contains("key          \"trace-secret-0\"")
                .contains("payload matches its sha256")
                .contains("TRUNCATED", "64 bytes kept")
                .contains("hex dump; not shown as Avro", "First byte is 0x7b");
        assertThat(auditDetails(DlqAudit.SHOW)).singleElement().satisfies(details -> {
            assertThat(details).contains("\"count\": 3", "\"positions\"");
            assertNoContent(details);
        });
        assertThat(auditActors(DlqAudit.SHOW)).containsExactly("alice");
    }

    @Test
    @Order(5)
    void aDryRunSaysWhatItWouldSendAndSendsNothing() throws SQLException {
        Result dry = run(Map.of(), "replay", "--source-topic", EVENTS, "--by", "alice", "--dry-run");
        assertThat(dry.exitCode).as(dry.output).isEqualTo(DlqReplayCommand.EXIT_SOME_REFUSED);
        assertThat(dry.output).contains("9 letters selected", "6 to send, 3 refused, 0 already replayed",
                "Dry run: nothing sent, nothing audited.");
        assertThat(dry.output.lines().filter(l -> l.contains("would send"))).hasSize(6);
        assertNoContent(dry.output);
        assertThat(TopicReader.count(kafka.bootstrapServers(), EVENTS, Duration.ofSeconds(60))).isZero();
        assertThat(auditCount(DlqAudit.REPLAY)).isZero();
    }

    @Test
    @Order(6)
    void replayPutsTheSameBytesOnTheSourceTopicAndRefusesWhatItCannotReplay() throws SQLException {
        Result replay = run(Map.of(), "replay", "--source-topic", EVENTS, "--by", "alice");
        assertThat(replay.exitCode).as(replay.output).isEqualTo(DlqReplayCommand.EXIT_SOME_REFUSED);
        assertThat(replay.output)
                .contains("refused: 2 x truncated", "refused: 1 x cannot decrypt")
                .contains("Replayed 6 letters: {" + EVENTS + "=6}");
        assertNoContent(replay.output);

        List<ConsumerRecord<byte[], byte[]>> sent = committedOnSourceTopic(6);
        assertThat(sent).extracting(r -> r.partition(), r -> HexFormat.of().formatHex(r.key()),
                        r -> HexFormat.of().formatHex(r.value()))
                .containsExactlyInAnyOrderElementsOf(planted.stream().filter(p -> replayable(p))
                        .map(p -> tuple(p.sourcePartition(), HexFormat.of().formatHex(p.key()), HexFormat.of().formatHex(p.value())))
                        .toList());
        assertThat(sent).allSatisfy(r -> assertThat(new String(r.headers().lastHeader(ReplayPublisher.REPLAYED_FROM_HEADER)
                .value(), StandardCharsets.UTF_8)).startsWith(DLQ + ":"));

        assertThat(auditDetails(DlqAudit.REPLAY)).singleElement().satisfies(details -> {
            assertThat(details).contains("\"count\": 6", "\"refused\": 3", "\"again\": false",
                    "\"sourceTopic\": \"" + EVENTS + "\"", "\"dlqOffsetRange\"");
            assertNoContent(details);
        });
        try (Connection connection = connect()) {
            assertThat(AuditChainVerifier.verify(connection).ok()).isTrue();
        }
    }

    @Test
    @Order(7)
    void aSecondReplaySkipsWhatWasReplayedUnlessAgain() throws SQLException {
        Result second = run(Map.of(), "replay", "--source-topic", EVENTS, "--by", "alice");
        assertThat(second.output).contains("0 to send, 3 refused, 6 already replayed", "skipped 6 letters",
                "--again", "last 24 h", "Nothing to replay; nothing audited.");
        assertThat(TopicReader.count(kafka.bootstrapServers(), EVENTS, Duration.ofSeconds(60))).isEqualTo(6);
        assertThat(auditCount(DlqAudit.REPLAY)).isEqualTo(1);

        Result again = run(Map.of(), "replay", planted.get(0).position(), "--again", "--by", "bob");
        assertThat(again.exitCode).as(again.output).isZero();
        assertThat(again.output).contains("Replayed 1 letters");
        assertThat(committedOnSourceTopic(7)).hasSize(7);
        assertThat(auditActors(DlqAudit.REPLAY)).containsExactly("alice", "bob");
        try (Connection connection = connect()) {
            AuditChainVerifier.Result chain = AuditChainVerifier.verify(connection);
            assertThat(chain.ok()).as(chain.toString()).isTrue();
            assertThat(chain.rowsChecked()).isEqualTo(3); // show, replay, replay again
        }
    }

    @Test
    @Order(8)
    void aWrongKeyDecryptsNothingAndSendsNothing() throws SQLException {
        Map<String, String> wrongKey = Map.of("OVERSIGHT_DLQ_KEY_FILE", foreignKeyFile.toString());
        Result show = run(wrongKey, "show", planted.get(1).position(), "--by", "carol");
        assertThat(show.exitCode).as(show.output).isZero();
        assertThat(show.output).contains("DLQ key from the environment, OVERSIGHT_DLQ_KEY_FILE=" + foreignKeyFile)
                .contains("NOT DECRYPTED encrypted with DLQ key id");
        assertNoContent(show.output);

        Result replay = run(wrongKey, "replay", planted.get(1).position(), "--again", "--by", "carol");
        assertThat(replay.exitCode).isEqualTo(DlqReplayCommand.EXIT_SOME_REFUSED);
        assertThat(replay.output).contains("refused: 1 x cannot decrypt", "Nothing to replay");
        assertThat(TopicReader.count(kafka.bootstrapServers(), EVENTS, Duration.ofSeconds(60))).isEqualTo(7);
    }

    @Test
    @Order(9)
    void aMissingOrShortKeyFailsClosedWithTheMessage() throws Exception {
        long auditRows = auditCount(DlqAudit.SHOW) + auditCount(DlqAudit.REPLAY);
        Path noKeys = Files.createDirectories(elsewhere.resolve("no-keys"));
        Result missing = run(Map.of(), "show", planted.get(0).position(), "--by", "dave", "--data-dir", noKeys.toString());
        assertThat(missing.exitCode).isEqualTo(1);
        assertThat(missing.output).contains("No dead-letter key", "OVERSIGHT_DLQ_KEY_FILE", "./oversight up");
        assertNoContent(missing.output);

        Path shortKey = Files.writeString(elsewhere.resolve("short.key"), "0123456789");
        Result tooShort = run(Map.of("OVERSIGHT_DLQ_KEY_FILE", shortKey.toString()), "replay", "--all", "--by", "dave");
        assertThat(tooShort.exitCode).isEqualTo(1);
        assertThat(tooShort.output).contains("at least 32").doesNotContain("0123456789");
        assertThat(TopicReader.count(kafka.bootstrapServers(), EVENTS, Duration.ofSeconds(60))).isEqualTo(7);
        assertThat(auditCount(DlqAudit.SHOW) + auditCount(DlqAudit.REPLAY)).isEqualTo(auditRows);
    }

    private static boolean replayable(Planted p) {
        return p.sourceTopic().equals(EVENTS) && !p.truncated() && !p.foreignKey();
    }

    /** No planted PII value or record key, and no payload bytes in hex, in what was printed or stored. */
    private void assertNoContent(String text) {
        for (Planted p : planted) {
            for (String value : p.pii()) {
                assertThat(text).doesNotContain(value);
            }
            assertThat(text.toLowerCase()).doesNotContain(HexFormat.of().formatHex(p.value(), 5, 21));
        }
        assertThat(text).doesNotContain(readKeyHex(dataDir));
    }

    private static String readKeyHex(Path dataDir) {
        try {
            return Files.readString(LocalKeys.file(dataDir, SecretKind.DLQ_KEY)).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Result(int exitCode, String output) {}

    private Result run(Map<String, String> extraEnvironment, String command, String... args) {
        StringWriter text = new StringWriter();
        PrintWriter writer = new PrintWriter(text, true);
        CommandLine cli = OversightCommand.commandLine();
        cli.setOut(writer);
        cli.setErr(writer);
        Map<String, String> environment = new HashMap<>(Map.of(
                "OVERSIGHT_DB_USER", postgres.user(), "OVERSIGHT_DB_PASSWORD", postgres.password()));
        environment.putAll(extraEnvironment);
        CommandLine dlq = cli.getSubcommands().get("dlq");
        ((DlqListCommand) dlq.getSubcommands().get("list").getCommand()).options.environment = environment;
        ((DlqShowCommand) dlq.getSubcommands().get("show").getCommand()).options.environment = environment;
        ((DlqReplayCommand) dlq.getSubcommands().get("replay").getCommand()).options.environment = environment;
        List<String> all = new ArrayList<>(List.of("dlq", command, "--bootstrap-servers", kafka.bootstrapServers(),
                "--registry-url", registry.url(), "--db-url", dbUrl, "--dlq-topic", DLQ));
        List<String> given = List.of(args);
        if (!given.contains("--data-dir")) {
            all.addAll(List.of("--data-dir", dataDir.toString()));
        }
        all.addAll(given);
        int code = cli.execute(all.toArray(String[]::new));
        return new Result(code, text.toString());
    }

    private Connection connect() throws SQLException {
        return java.sql.DriverManager.getConnection(dbUrl, postgres.user(), postgres.password());
    }

    private long auditCount(String action) throws SQLException {
        return auditDetails(action).size();
    }

    private List<String> auditDetails(String action) throws SQLException {
        return auditColumn(action, "jsonb_pretty(details)");
    }

    private List<String> auditActors(String action) throws SQLException {
        return auditColumn(action, "actor");
    }

    private List<String> auditColumn(String action, String column) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + column + " FROM oversight.audit_log WHERE action = '"
                     + action + "' ORDER BY seq")) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /**
     * The committed records of the source topic once {@code expected} are visible (or what is there after 60 s):
     * a replay's commit returns before its transaction markers reach the partitions, and until then a
     * read_committed reader's end offset is still the old one.
     */
    private List<ConsumerRecord<byte[], byte[]>> committedOnSourceTopic(int expected) {
        Instant giveUp = Instant.now().plusSeconds(60);
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readToEnd(kafka.bootstrapServers(), EVENTS, Duration.ofSeconds(60));
        while (records.size() < expected && Instant.now().isBefore(giveUp)) {
            records = TopicReader.readToEnd(kafka.bootstrapServers(), EVENTS, Duration.ofSeconds(60));
        }
        return records;
    }
}
