package org.openclaw.oversight.connectors.kafka;

import org.apache.flink.connector.base.DeliveryGuarantee;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where Kafka and the schema registry are, plus client properties every source and sink of a job
 * shares (security settings, for instance). Immutable and serializable: jobs build one in
 * {@code main} and hand it to {@link KafkaSources} and {@link KafkaSinks}.
 */
public final class KafkaConnection implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String LOCAL_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    public static final String LOCAL_REGISTRY_URL = "http://127.0.0.1:8081";
    /**
     * Below the broker's transaction.max.timeout.ms (15 min by default, 900000 in the local stack)
     * and well above checkpoint interval + restart time, so a transaction is never aborted by the
     * broker while a checkpoint that covers it is still completing.
     */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    private final String bootstrapServers;
    private final String schemaRegistryUrl;
    private final Map<String, String> clientProperties;
    private final long transactionTimeoutMs;
    private final DeliveryGuarantee deliveryGuarantee;

    private KafkaConnection(Builder b) {
        this.bootstrapServers = requireText(b.bootstrapServers, "bootstrap servers");
        this.schemaRegistryUrl = SchemaRegistryClient.normalise(requireText(b.schemaRegistryUrl, "schema registry URL"));
        this.clientProperties = Map.copyOf(b.clientProperties);
        this.transactionTimeoutMs = b.transactionTimeout.toMillis();
        this.deliveryGuarantee = b.deliveryGuarantee;
        if (transactionTimeoutMs <= 0) {
            throw new IllegalArgumentException("transaction timeout must be positive, got " + b.transactionTimeout);
        }
    }

    public static KafkaConnection of(String bootstrapServers, String schemaRegistryUrl) {
        return builder().bootstrapServers(bootstrapServers).schemaRegistryUrl(schemaRegistryUrl).build();
    }

    /** The local stack's default addresses (DESIGN §8). */
    public static KafkaConnection local() {
        return of(LOCAL_BOOTSTRAP_SERVERS, LOCAL_REGISTRY_URL);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    /** Extra client properties, applied to every consumer and producer. */
    public Map<String, String> clientProperties() {
        return clientProperties;
    }

    public long transactionTimeoutMs() {
        return transactionTimeoutMs;
    }

    public DeliveryGuarantee deliveryGuarantee() {
        return deliveryGuarantee;
    }

    /** Client properties as {@link Properties}, with the bootstrap servers set. */
    public Properties clientPropertiesWithBootstrap() {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.setProperty("bootstrap.servers", bootstrapServers);
        return props;
    }

    public Builder toBuilder() {
        Builder b = new Builder()
                .bootstrapServers(bootstrapServers)
                .schemaRegistryUrl(schemaRegistryUrl)
                .transactionTimeout(Duration.ofMillis(transactionTimeoutMs))
                .deliveryGuarantee(deliveryGuarantee);
        b.clientProperties.putAll(clientProperties);
        return b;
    }

    @Override
    public String toString() {
        // client properties may hold credentials (sasl.jaas.config), so only their names are shown
        return "KafkaConnection{bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl
                + ", clientProperties=" + clientProperties.keySet() + ", transactionTimeoutMs=" + transactionTimeoutMs
                + ", deliveryGuarantee=" + deliveryGuarantee + "}";
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Kafka connection needs the " + what + ".");
        }
        return value.trim();
    }

    public static final class Builder {
        private String bootstrapServers;
        private String schemaRegistryUrl;
        private final Map<String, String> clientProperties = new LinkedHashMap<>();
        private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
        private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.EXACTLY_ONCE;

        private Builder() {}

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder schemaRegistryUrl(String schemaRegistryUrl) {
            this.schemaRegistryUrl = schemaRegistryUrl;
            return this;
        }

        /** A client property for every consumer and producer (e.g. security.protocol). */
        public Builder property(String key, String value) {
            clientProperties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder properties(Map<String, String> properties) {
            properties.forEach(this::property);
            return this;
        }

        /** Kafka transaction timeout for exactly-once sinks; must stay below the broker's transaction.max.timeout.ms. */
        public Builder transactionTimeout(Duration timeout) {
            this.transactionTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** EXACTLY_ONCE by default; AT_LEAST_ONCE for jobs that run without checkpointing. */
        public Builder deliveryGuarantee(DeliveryGuarantee guarantee) {
            this.deliveryGuarantee = Objects.requireNonNull(guarantee);
            return this;
        }

        public KafkaConnection build() {
            return new KafkaConnection(this);
        }
    }
}
