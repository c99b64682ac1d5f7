package org.openclaw.oversight.platform.policy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.platform.UserFacingException;

/** Writes one record to the compacted {@code oversight.policies.v1} and waits until the broker has it. */
final class PolicyTopicPublisher {

    private PolicyTopicPublisher() {}

    static RecordMetadata publish(Map<String, Object> producerProperties, String key, String value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties, new StringSerializer(),
                new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(Topics.POLICIES, key, value.getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new UserFacingException("could not publish to " + Topics.POLICIES + ": " + e.getCause().getMessage(),
                    "check that Kafka runs (./oversight status) and the topic exists (./oversight up creates it)", e.getCause());
        } catch (Exception e) {
            throw new UserFacingException("could not publish to " + Topics.POLICIES + ": " + e.getClass().getSimpleName(),
                    "check that Kafka runs (./oversight status)", e);
        }
    }
}
