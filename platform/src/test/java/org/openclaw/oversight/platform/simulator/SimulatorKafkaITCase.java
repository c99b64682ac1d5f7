package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDeserializer;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.ChannelMessage;
import picocli.CommandLine;

/** `oversight simulate` against a real broker and registry: what it reports sending is what the topics hold. */
@ExtendWith(LocalStackExtension.class)
class SimulatorKafkaITCase {
    private static final int EVENTS = 3_000;
    private static final long RUN_DAY = java.time.Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    private static final List<String> TOPICS = List.of(Topics.AGENT_EVENTS,
            Topics.CHANNEL_MESSAGES, Topics.HEARTBEATS);

    @Test
    void sendsConfluentFramedRecordsThatReadBackCompletely(KafkaBroker broker, EmbeddedSchemaRegistry registry,
            @TempDir Path dir) throws Exception {
        for (String topic : TOPICS) {
            // the records carry event times of 2025 as their timestamps: with the broker's default 7-day
            // retention its cleaner may delete them before they are read back
            broker.createTopic(topic, 3, Map.of("retention.ms", "-1"));
        }
        Path report = dir.resolve("report.json");
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new SimulateCommand()).setErr(new PrintWriter(err)).execute(
                "--events", Integer.toString(EVENTS), "--fast", "--seed", "9", "--start", "2025-01-01T00:00:00Z",
                "--bootstrap-servers", broker.bootstrapServers(), "--registry-url", registry.url(),
                "--report", report.toString());

        assertThat(exit).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(Files.readString(report));
        Map<String, Long> reported = new HashMap<>();
        json.get("emittedByTopic").fields().forEachRemaining(e -> reported.put(e.getKey(), e.getValue().asLong()));
        assertThat(reported.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(EVENTS);

        Map<String, List<ConsumerRecord<String, byte[]>>> read = readAll(broker.bootstrapServers(), reported);
        ConfluentAvroDeserializer<AgentEvent> events = new ConfluentAvroDeserializer<>(registry.url(), AgentEvent.class);
        ConfluentAvroDeserializer<ChannelMessage> messages =
                new ConfluentAvroDeserializer<>(registry.url(), ChannelMessage.class);
        ConfluentAvroDeserializer<AgentHeartbeat> heartbeats =
                new ConfluentAvroDeserializer<>(registry.url(), AgentHeartbeat.class);
        for (String topic : TOPICS) {
            List<ConsumerRecord<String, byte[]>> records = read.get(topic);
            assertThat((long) records.size()).as(topic).isEqualTo(reported.get(topic));
            for (ConsumerRecord<String, byte[]> r : records) {
                assertThat(r.value()[0]).as("magic byte").isZero();
                switch (topic) {
                    case Topics.AGENT_EVENTS -> {
                        AgentEvent e = events.deserialize(topic, r.value());
                        assertThat(r.key()).isEqualTo(e.getTraceId());
                        assertThat(r.timestamp()).isEqualTo(e.getStartTime().toEpochMilli());
                    }
                    case Topics.CHANNEL_MESSAGES ->
                            assertThat(r.key()).isEqualTo(messages.deserialize(topic, r.value()).getConversationId());
                    default -> assertThat(r.key()).isEqualTo(heartbeats.deserialize(topic, r.value()).getAgentId());
                }
            }
        }
        assertThat(err.toString()).contains("Incidents:");
    }

    @Test
    void unreachableBrokerSaysToStartTheStack(EmbeddedSchemaRegistry registry) throws Exception {
        int freePort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new SimulateCommand()).setErr(new PrintWriter(err)).execute(
                "--events", "10", "--bootstrap-servers", "127.0.0.1:" + freePort, "--registry-url", registry.url());

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("unreachable").contains("./oversight up")
                .doesNotContain("\tat org.");
    }

    @Test
    void unreachableRegistrySaysToStartTheStack(KafkaBroker broker) throws Exception {
        broker.createTopic(Topics.HEARTBEATS + "-x", 1, Map.of()); // broker is up and answering
        int freePort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new SimulateCommand()).setErr(new PrintWriter(err)).execute(
                "--events", "10", "--fast", "--bootstrap-servers", broker.bootstrapServers(),
                "--registry-url", "http://127.0.0.1:" + freePort);

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("schema registry").contains("./oversight up")
                .doesNotContain("\tat org.");
    }

    /**
     * The broker is shared by the test classes of the JVM, and other simulator tests write the same topics (in
     * real time, so with event times of today): this run's records are the ones of its simulated day, 2025-01-01.
     */
    private static void keepOurs(Map<String, List<ConsumerRecord<String, byte[]>>> read,
            ConsumerRecord<String, byte[]> r) {
        if (r.timestamp() >= RUN_DAY && r.timestamp() < RUN_DAY + 86_400_000L) {
            read.get(r.topic()).add(r);
        }
    }

    private static Map<String, List<ConsumerRecord<String, byte[]>>> readAll(String bootstrap,
            Map<String, Long> expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "simulator-itcase");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, List<ConsumerRecord<String, byte[]>>> read = new HashMap<>();
        TOPICS.forEach(t -> read.put(t, new ArrayList<>()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(TOPICS);
            while (System.nanoTime() < deadline && !TOPICS.stream()
                    .allMatch(t -> read.get(t).size() >= expected.getOrDefault(t, 0L))) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> keepOurs(read, r));
            }
            // one more poll: nothing beyond what the report says may be there
            consumer.poll(Duration.ofSeconds(1)).forEach(r -> keepOurs(read, r));
        }
        return read;
    }
}
