package org.openclaw.oversight.platform.policy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;
import org.openclaw.oversight.platform.stack.StackAddressOptions;
import picocli.CommandLine.Option;

/** Where the policy commands find config, Kafka and the database (addresses: {@link StackAddressOptions}). */
public final class PolicyOptions extends StackAddressOptions {

    @Option(names = "--config-dir", description = "Folder with oversight.yml, policies.yml, pricing.yml (default: <home>/config).")
    Path configDir;

    Path configDir() {
        return configDir != null ? configDir : home.resolve("config");
    }

    /** Kafka with the DLQ key (decoding needs one): $OVERSIGHT_DLQ_KEY_FILE / $OVERSIGHT_DLQ_KEY, else the local stack's. */
    KafkaConnection kafka() {
        SecretKind kind = SecretKind.DLQ_KEY;
        SecretSource key = environment.containsKey(kind.fileVariable()) || environment.containsKey(kind.valueVariable())
                ? SecretSource.fromEnvironment(kind, environment)
                : SecretSource.file(kind, LocalKeys.file(dataDir(), kind));
        return KafkaConnection.builder().bootstrapServers(bootstrapServers()).schemaRegistryUrl(registryUrl()).deadLetterKey(key).build();
    }

    Map<String, Object> producerProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("bootstrap.servers", bootstrapServers());
        properties.put("acks", "all");
        properties.put("enable.idempotence", "true");
        properties.put("delivery.timeout.ms", "30000");
        properties.put("request.timeout.ms", "10000");
        properties.put("max.block.ms", "15000");
        return properties;
    }
}
