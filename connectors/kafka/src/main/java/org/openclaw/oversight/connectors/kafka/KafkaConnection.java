package org.openclaw.oversight.connectors.kafka;

import org.apache.flink.connector.base.DeliveryGuarantee;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.openclaw.oversight.config.LocalAddresses;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretSource;

/**
 * Where Kafka and the schema registry are, plus what every source and sink of a job shares: client
 * properties (security settings, for instance), where the dead-letter key comes from (a
 * {@link SecretSource}, never the key: operators read it in {@code open()}), the size limits that
 * keep every record a job writes under the topics' limits, and how registry outages are ridden out.
 * Immutable and serializable: jobs build one in {@code main} and hand it to {@link KafkaSources} and
 * {@link KafkaSinks}.
 */
public final class KafkaConnection implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String LOCAL_BOOTSTRAP_SERVERS = LocalAddresses.KAFKA_BOOTSTRAP;
    public static final String LOCAL_REGISTRY_URL = LocalAddresses.REGISTRY_URL;
    /**
     * Below the broker's transaction.max.timeout.ms (15 min by default, 900000 in the local stack)
     * and well above checkpoint interval + restart time, so a transaction is never aborted by the
     * broker while a checkpoint that covers it is still completing.
     */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);
    /**
     * Largest value a job accepts from a topic; larger ones are dead-lettered as {@code record_too_large}
     * before decoding. 640 KiB: a record's clean event is the record plus a few hundred bytes of envelope
     * (and whatever redaction adds), which must stay under {@link #DEFAULT_MAX_VALUE_BYTES}.
     */
    public static final int DEFAULT_MAX_RECORD_BYTES = 640 * 1024;
    /**
     * Largest value a job writes: dead letters are cut to it and outputs checked against it. 768 KiB stays
     * well under the producer's {@code max.request.size} and the broker's {@code message.max.bytes}
     * (1 MiB each by default) with room for the record key, headers and batch overhead.
     */
    public static final int DEFAULT_MAX_VALUE_BYTES = DeadLetters.DEFAULT_MAX_LETTER_BYTES;
    /** Kafka's default producer {@code max.request.size}. */
    private static final int KAFKA_DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    /** What a produce request needs besides the value: key (a topic name at most), headers, batch overhead. */
    private static final int REQUEST_OVERHEAD_RESERVE = 16 * 1024;

    private final String bootstrapServers;
    private final String schemaRegistryUrl;
    private final Map<String, String> clientProperties;
    private final long transactionTimeoutMs;
    private final DeliveryGuarantee deliveryGuarantee;
    private final SecretSource deadLetterKey;
    private final int maxRecordBytes;
    private final int maxValueBytes;
    private final SchemaRegistryRetry registryRetry;

    private KafkaConnection(Builder b) {
        this.bootstrapServers = requireText(b.bootstrapServers, "bootstrap servers");
        this.schemaRegistryUrl = SchemaRegistryClient.normalise(requireText(b.schemaRegistryUrl, "schema registry URL"));
        this.clientProperties = Map.copyOf(b.clientProperties);
        this.transactionTimeoutMs = b.transactionTimeout.toMillis();
        this.deliveryGuarantee = b.deliveryGuarantee;
        this.deadLetterKey = b.deadLetterKey;
        this.maxRecordBytes = b.maxRecordBytes;
        this.maxValueBytes = b.maxValueBytes;
        this.registryRetry = b.registryRetry;
        if (transactionTimeoutMs <= 0) {
            throw new IllegalArgumentException("transaction timeout must be positive, got " + b.transactionTimeout);
        }
        if (maxValueBytes < DeadLetters.MIN_MAX_LETTER_BYTES) {
            throw new IllegalArgumentException("max value bytes must be at least " + DeadLetters.MIN_MAX_LETTER_BYTES
                    + " (a dead letter's other fields need room), got " + maxValueBytes);
        }
        int maxRequest = maxRequestSize(clientProperties);
        if (maxValueBytes > maxRequest - REQUEST_OVERHEAD_RESERVE) {
            throw new IllegalArgumentException("max value bytes " + maxValueBytes + " does not leave "
                    + REQUEST_OVERHEAD_RESERVE + " bytes of room under the producer's max.request.size " + maxRequest
                    + "; lower it, or raise max.request.size (and the topics' max.message.bytes) with .property(...).");
        }
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("max record bytes must be positive, got " + maxRecordBytes);
        }
    }

    private static int maxRequestSize(Map<String, String> properties) {
        String configured = properties.get("max.request.size");
        if (configured == null) {
            return KAFKA_DEFAULT_MAX_REQUEST_SIZE;
        }
        try {
            return Integer.parseInt(configured.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("max.request.size must be a number of bytes, got '" + configured + "'");
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

    /**
     * Where the dead-letter key comes from; every operator that writes dead letters needs it.
     *
     * @throws MissingSecretException when the connection was built without one
     */
    public SecretSource deadLetterKey() {
        if (deadLetterKey == null) {
            throw new MissingSecretException("This job writes dead letters, which are encrypted, but its KafkaConnection has no"
                    + " dead-letter key: build it with .deadLetterKey(options.dlqKey()) (--dlq-key-file, "
                    + "OVERSIGHT_DLQ_KEY_FILE or OVERSIGHT_DLQ_KEY).");
        }
        return deadLetterKey;
    }

    /** This connection with the dead-letter key read from {@code key}. */
    public KafkaConnection withDeadLetterKey(SecretSource key) {
        return toBuilder().deadLetterKey(key).build();
    }

    /** Largest value accepted from a topic; larger: {@code record_too_large}. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** Largest value written to a topic: dead letters are cut to it, outputs checked against it. */
    public int maxValueBytes() {
        return maxValueBytes;
    }

    /** How registry outages are retried before the task fails. */
    public SchemaRegistryRetry registryRetry() {
        return registryRetry;
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
                .deliveryGuarantee(deliveryGuarantee)
                .maxRecordBytes(maxRecordBytes)
                .maxValueBytes(maxValueBytes)
                .registryRetry(registryRetry);
        b.deadLetterKey = deadLetterKey;
        b.clientProperties.putAll(clientProperties);
        return b;
    }

    @Override
    public String toString() {
        // client properties may hold credentials (sasl.jaas.config), so only their names are shown
        return "KafkaConnection{bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl
                + ", clientProperties=" + clientProperties.keySet() + ", transactionTimeoutMs=" + transactionTimeoutMs
                + ", deliveryGuarantee=" + deliveryGuarantee + ", deadLetterKey=" + deadLetterKey
                + ", maxRecordBytes=" + maxRecordBytes + ", maxValueBytes=" + maxValueBytes + ", registryRetry=" + registryRetry + "}";
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
        private SecretSource deadLetterKey;
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
        private SchemaRegistryRetry registryRetry = SchemaRegistryRetry.DEFAULT;

        private Builder() {}

        /** Where the dead-letter key is read (a key file or variable, e.g. {@code JobOptions.dlqKey()}); required to decode. */
        public Builder deadLetterKey(SecretSource key) {
            this.deadLetterKey = Objects.requireNonNull(key, "dead-letter key source");
            return this;
        }

        /** Largest value accepted from a topic (default {@link #DEFAULT_MAX_RECORD_BYTES}). */
        public Builder maxRecordBytes(int bytes) {
            this.maxRecordBytes = bytes;
            return this;
        }

        /**
         * Largest value written to a topic (default {@link #DEFAULT_MAX_VALUE_BYTES}); must leave room under the
         * producer's max.request.size and stay below the topics' max.message.bytes.
         */
        public Builder maxValueBytes(int bytes) {
            this.maxValueBytes = bytes;
            return this;
        }

        /** How registry outages are retried before a task fails (default {@link SchemaRegistryRetry#DEFAULT}). */
        public Builder registryRetry(SchemaRegistryRetry retry) {
            this.registryRetry = Objects.requireNonNull(retry, "registry retry");
            return this;
        }

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
