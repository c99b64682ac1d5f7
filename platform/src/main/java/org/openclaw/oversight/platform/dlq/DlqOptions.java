package org.openclaw.oversight.platform.dlq;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.platform.stack.StackAddressOptions;
import picocli.CommandLine.Option;

/** Where the dead letters, the registry, the audit log and the DLQ key are (addresses: {@link StackAddressOptions}). */
public final class DlqOptions extends StackAddressOptions {

    @Option(names = "--client-config", paramLabel = "FILE", description = "Kafka client properties (security.protocol, "
            + "sasl.*, ssl.*) for every client these commands open, like Kafka's --command-config.")
    Path clientConfig;

    @Option(names = "--dlq-topic", defaultValue = Topics.DEAD_LETTERS, description = "Dead-letter topic "
            + "(default: ${DEFAULT-VALUE}).")
    String dlqTopic;

    @Option(names = "--read-timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "Give up when the topic yields nothing for this long before its end (default: ${DEFAULT-VALUE}).")
    Duration readTimeout;

    String dlqTopic() {
        return dlqTopic;
    }

    Duration readTimeout() {
        return readTimeout;
    }

    /** The DLQ key; fails closed with a message that says what to set. */
    DlqKey key() {
        return DlqKey.resolve(environment, dataDir());
    }

    /** Properties of every Kafka client: the bootstrap servers plus {@code --client-config}. */
    Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>();
        if (clientConfig != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(clientConfig, StandardCharsets.UTF_8)) {
                file.load(reader);
            } catch (IOException e) {
                throw new UserFacingException("cannot read the Kafka client config " + clientConfig + " ("
                        + e.getClass().getSimpleName() + ")", "give a readable Java properties file");
            }
            file.forEach((k, v) -> properties.put(k.toString(), v));
        }
        properties.put("bootstrap.servers", bootstrapServers());
        return properties;
    }

    SchemaRegistryClient registry() {
        return SchemaRegistryClient.forUrl(registryUrl());
    }

    /** The reader of this DLQ topic, with these client properties and read timeout, every dlq command uses. */
    DeadLetterReader reader(SchemaRegistryClient registry) {
        return new DeadLetterReader(clientProperties(), registry, dlqTopic(), readTimeout());
    }
}
