package org.openclaw.oversight.platform.simulator;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openclaw.oversight.connectors.kafka.ConfluentAvroSerializer;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryException;
import org.openclaw.oversight.platform.UserFacingException;

/**
 * Sends simulated records to Kafka: keys as UTF-8 strings, values in the Confluent wire format through the
 * project's {@link ConfluentAvroSerializer} (which registers {@code <topic>-value} subjects on first use).
 */
public final class KafkaRecordPublisher implements RecordPublisher {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final String registryUrl;
    private final KafkaProducer<String, byte[]> producer;
    private final ConfluentAvroSerializer<SpecificRecord> serializer;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

    private KafkaRecordPublisher(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "oversight-simulator");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(CONNECT_TIMEOUT.toMillis()));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.serializer = new ConfluentAvroSerializer<>(registryUrl);
    }

    /**
     * Connects, checking first that the broker answers so that a stack that is down fails fast with a clear
     * message instead of a producer blocking on metadata.
     *
     * @throws UserFacingException when the broker does not answer
     */
    public static KafkaRecordPublisher connect(String bootstrapServers, String registryUrl) {
        checkBroker(bootstrapServers);
        return new KafkaRecordPublisher(bootstrapServers, registryUrl);
    }

    private static void checkBroker(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(CONNECT_TIMEOUT.toMillis()));
        // one attempt per address is enough to know whether the stack is up
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserFacingException("interrupted while connecting to Kafka", null, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new UserFacingException("Kafka at " + bootstrapServers + " is unreachable",
                    "is the stack up? run ./oversight up (or pass --bootstrap-servers host:port)", e);
        }
    }

    @Override
    public void publish(SimulatedRecord record) {
        Exception failed = sendFailure.get();
        if (failed != null) {
            throw sendFailed(failed);
        }
        byte[] value;
        try {
            value = serializer.serialize(record.topic(), record.value());
        } catch (SchemaRegistryException e) {
            throw new UserFacingException("the schema registry at " + registryUrl + " cannot be used: "
                    + e.getMessage(), "is the stack up? run ./oversight up (or pass --registry-url)", e);
        }
        producer.send(new ProducerRecord<>(record.topic(), null, record.eventTime(), record.key(), value),
                (metadata, exception) -> {
                    if (exception != null) {
                        sendFailure.compareAndSet(null, exception);
                    }
                });
    }

    @Override
    public void flush() {
        producer.flush();
        Exception failed = sendFailure.get();
        if (failed != null) {
            throw sendFailed(failed);
        }
    }

    private UserFacingException sendFailed(Exception e) {
        return new UserFacingException("sending to Kafka at " + bootstrapServers + " failed: "
                + e.getMessage(), "check that the broker is still up (./oversight status) and the topics exist "
                + "(./oversight up creates them)", e);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
