package org.openclaw.oversight.connectors.kafka;

import org.openclaw.oversight.localstack.TopicReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Our serializer -> real broker -> our deserializer, with schemas in the embedded registry. */
@ExtendWith(LocalStackExtension.class)
class KafkaAvroRoundTripITCase {

    @Test
    void agentEventsAndHeartbeatsSurviveTheBroker(KafkaBroker kafka, EmbeddedSchemaRegistry registry) throws Exception {
        String events = "it.agent-events." + UUID.randomUUID();
        String heartbeats = "it.heartbeats." + UUID.randomUUID();
        kafka.createTopic(events, 3);
        kafka.createTopic(heartbeats, 2);
        List<AgentEvent> sentEvents = IntStream.range(0, 50).mapToObj(TestRecords::agentEvent).toList();
        List<AgentHeartbeat> sentBeats = IntStream.range(0, 20).mapToObj(TestRecords::heartbeat).toList();

        Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, AgentEvent> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new ConfluentAvroSerializer<>(registry.url()))) {
            for (AgentEvent e : sentEvents) {
                producer.send(new ProducerRecord<>(events, e.getTraceId(), e));
            }
            producer.flush();
        }
        // the Kafka-constructed style: serializer class + schema.registry.url in the producer config
        Map<String, Object> reflective = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class.getName(),
                ConfluentAvroSerializer.REGISTRY_URL_CONFIG, registry.url());
        try (KafkaProducer<String, AgentHeartbeat> producer = new KafkaProducer<>(reflective)) {
            for (AgentHeartbeat h : sentBeats) {
                producer.send(new ProducerRecord<>(heartbeats, h.getAgentId(), h));
            }
            producer.flush();
        }

        SchemaRegistryClient fresh = new SchemaRegistryClient(registry.url());
        ConfluentAvroDeserializer<AgentEvent> eventDecoder = new ConfluentAvroDeserializer<>(fresh, AgentEvent.class);
        List<ConsumerRecord<byte[], byte[]>> eventRecords =
                TopicReader.readToEnd(kafka.bootstrapServers(), events, Duration.ofSeconds(60));
        assertThat(eventRecords).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8))
                .isEqualTo(eventDecoder.deserialize(events, r.value()).getTraceId()));
        assertThat(eventRecords.stream().map(r -> eventDecoder.deserialize(events, r.value())).toList())
                .containsExactlyInAnyOrderElementsOf(sentEvents);

        ConfluentAvroDeserializer<AgentHeartbeat> beatDecoder = new ConfluentAvroDeserializer<>(fresh, AgentHeartbeat.class);
        List<ConsumerRecord<byte[], byte[]>> beatRecords =
                TopicReader.readToEnd(kafka.bootstrapServers(), heartbeats, Duration.ofSeconds(60));
        assertThat(beatRecords.stream().map(r -> beatDecoder.deserialize(heartbeats, r.value())).toList())
                .containsExactlyInAnyOrderElementsOf(sentBeats);

        // registered under TopicNameStrategy subjects, and the header carries that subject's id
        assertThat(ConfluentWireFormat.schemaId(eventRecords.get(0).value()))
                .isEqualTo(latestId(registry.url(), ConfluentWireFormat.valueSubject(events)));
        assertThat(ConfluentWireFormat.schemaId(beatRecords.get(0).value()))
                .isEqualTo(latestId(registry.url(), ConfluentWireFormat.valueSubject(heartbeats)));
    }

    static int latestId(String registryUrl, String subject) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registryUrl + "/subjects/" + subject + "/versions/latest")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("subject %s exists", subject).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).get("id").asInt();
    }
}
