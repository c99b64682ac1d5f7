package org.openclaw.oversight.platform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroDeserializer;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.ControlAction;
import org.openclaw.oversight.schema.ControlCommand;
import picocli.CommandLine;

/**
 * Closing the loop on a real broker (issue 14): a PAUSE committed to oversight.agent-control.v1 while
 * `simulate` runs in real time stops that agent's records on the topics, and the report says when it was obeyed.
 * A command left on the compacted topic by an earlier run is not for this one.
 */
@ExtendWith(LocalStackExtension.class)
class SimulatorControlITCase {
    private static final String AGENT = "sales-agent";
    private static final String TENANT = "acme-retail";
    private static final List<String> DATA = List.of(Topics.AGENT_EVENTS, Topics.CHANNEL_MESSAGES, Topics.HEARTBEATS);

    @Test
    void aPauseOnTheControlTopicStopsTheAgentsRecords(KafkaBroker broker, EmbeddedSchemaRegistry registry,
            @TempDir Path dir) throws Exception {
        for (String topic : DATA) {
            broker.createTopic(topic, 3, Map.of());
        }
        broker.createTopic(Topics.AGENT_CONTROL, 3, Map.of("cleanup.policy", "compact"));
        ConfluentAvroSerializer<SpecificRecord> serializer = new ConfluentAvroSerializer<>(registry.url());
        // an earlier run's last word for another agent: still on the compacted topic, not for this run
        produce(broker, serializer, command("billing-agent", "globex-finance", ControlAction.SHUTDOWN), "stale");

        Path report = dir.resolve("report.json");
        StringWriter err = new StringWriter();
        long launchedAt = System.currentTimeMillis();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> new CommandLine(new SimulateCommand())
                .setErr(new PrintWriter(err)).execute("--duration", "15s", "--no-incidents", "--seed", "4",
                        "--bootstrap-servers", broker.bootstrapServers(), "--registry-url", registry.url(),
                        "--report", report.toString()));

        try (KafkaConsumer<String, byte[]> events = consumer(broker, List.of(Topics.AGENT_EVENTS))) {
            ConfluentAvroDeserializer<AgentEvent> decoder = new ConfluentAvroDeserializer<>(registry.url(), AgentEvent.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : events.poll(Duration.ofMillis(200))) {
                    // this run's (others of the shared broker have older event times)
                    seen |= r.timestamp() >= launchedAt - 5_000
                            && decoder.deserialize(r.topic(), r.value()).getAgentId().equals(AGENT);
                }
            }
            assertThat(seen).as("the agent's events while it runs; " + err).isTrue();
        }
        long producedAt = System.currentTimeMillis();
        produce(broker, serializer, command(AGENT, TENANT, ControlAction.PAUSE), "incident-response-test");

        assertThat(run.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(err.toString()).contains("the agents obey " + Topics.AGENT_CONTROL);
        JsonNode commands = new ObjectMapper().readTree(Files.readString(report)).get("commands");
        assertThat(commands).hasSize(1);
        JsonNode pause = commands.get(0);
        assertThat(pause.get("agent").asText()).isEqualTo(AGENT);
        assertThat(pause.get("action").asText()).isEqualTo("PAUSE");
        long obeyedAt = Instant.parse(pause.get("obeyedAt").asText()).toEpochMilli();
        // the simulated clock of a real-time run from now is the wall clock: obeyed within moments of the commit
        assertThat(obeyedAt - producedAt).isBetween(0L, 3_000L);
        assertThat(pause.get("suppressedRecords").asLong()).isPositive();

        // the broker is shared by the JVM's test classes: this run's records are those from its start on
        long runStart = new ObjectMapper().readTree(Files.readString(report)).get("startMillis").asLong();
        List<ConsumerRecord<String, byte[]>> records = readAll(broker).stream().filter(r -> r.timestamp() >= runStart)
                .toList();
        ConfluentAvroDeserializer<AgentEvent> events = new ConfluentAvroDeserializer<>(registry.url(), AgentEvent.class);
        ConfluentAvroDeserializer<ChannelMessage> messages =
                new ConfluentAvroDeserializer<>(registry.url(), ChannelMessage.class);
        ConfluentAvroDeserializer<AgentHeartbeat> heartbeats =
                new ConfluentAvroDeserializer<>(registry.url(), AgentHeartbeat.class);
        List<Long> ownWork = new ArrayList<>();
        List<Long> ownBeats = new ArrayList<>();
        List<Long> othersWork = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            String agent = switch (r.topic()) {
                case Topics.AGENT_EVENTS -> events.deserialize(r.topic(), r.value()).getAgentId();
                case Topics.CHANNEL_MESSAGES -> messages.deserialize(r.topic(), r.value()).getAgentId();
                default -> heartbeats.deserialize(r.topic(), r.value()).getAgentId();
            };
            boolean work = !r.topic().equals(Topics.HEARTBEATS);
            (agent.equals(AGENT) ? work ? ownWork : ownBeats : work ? othersWork : new ArrayList<Long>())
                    .add(r.timestamp());
        }
        assertThat(ownWork).isNotEmpty().allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(obeyedAt));
        assertThat(ownBeats).anySatisfy(t -> assertThat(t).isGreaterThan(obeyedAt)); // alive, only idle
        assertThat(othersWork).anySatisfy(t -> assertThat(t).isGreaterThan(obeyedAt + 2_000));
        // billing-agent's stale SHUTDOWN was not obeyed: it kept working
        assertThat(new ObjectMapper().readTree(Files.readString(report)).toString()).doesNotContain("billing-agent");
    }

    private static ControlCommand command(String agent, String tenant, ControlAction action) {
        return ControlCommand.newBuilder().setAgentId(agent).setTenantId(tenant).setAction(action)
                .setReason("SimulatorControlITCase").setIssuedAt(Instant.now()).build();
    }

    /** Produces in a transaction, as incident response does, so the simulator's read_committed sees it at commit. */
    private static void produce(KafkaBroker broker, ConfluentAvroSerializer<SpecificRecord> serializer,
            ControlCommand command, String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.AGENT_CONTROL, command.getAgentId(),
                    serializer.serialize(Topics.AGENT_CONTROL, command)));
            producer.commitTransaction();
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(KafkaBroker broker, List<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "control-itcase-" + topics.hashCode() + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
        return consumer;
    }

    /** Everything on the data topics, read until two polls in a row bring nothing (the run has ended and flushed). */
    private static List<ConsumerRecord<String, byte[]>> readAll(KafkaBroker broker) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(broker, DATA)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int empty = 0;
            while (empty < 2 && System.nanoTime() < deadline) {
                int before = all.size();
                consumer.poll(Duration.ofSeconds(1)).forEach(all::add);
                empty = all.size() == before && !all.isEmpty() ? empty + 1 : 0;
            }
        }
        return all;
    }
}
