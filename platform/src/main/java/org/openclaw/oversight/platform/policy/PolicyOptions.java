package org.openclaw.oversight.platform.policy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.platform.stack.StackComponents;
import org.openclaw.oversight.platform.stack.StackState;
import picocli.CommandLine.Option;

/**
 * Where the policy commands find config, Kafka and the database: each option, else the variable the jobs read
 * ({@code OVERSIGHT_KAFKA_BOOTSTRAP}, {@code OVERSIGHT_DB_URL} with {@code _USER}/{@code _PASSWORD}), else the local
 * stack's {@code stack.json} — the same resolution as the dlq commands.
 */
public final class PolicyOptions {

    static final String BOOTSTRAP_VARIABLE = "OVERSIGHT_KAFKA_BOOTSTRAP";

    @Option(names = "--home", description = "Repository root with config/ (default: where ./oversight lives).")
    Path home = Paths.get(System.getProperty("oversight.home", ".")).toAbsolutePath().normalize();

    @Option(names = "--data-dir", description = "The local stack's data dir with stack.json (default: <home>/.oversight).")
    Path dataDir;

    @Option(names = "--config-dir", description = "Folder with oversight.yml, policies.yml, pricing.yml (default: <home>/config).")
    Path configDir;

    @Option(names = "--bootstrap-servers", description = "Kafka (default: $" + BOOTSTRAP_VARIABLE + ", else the local stack's).")
    String bootstrapServers;

    @Option(names = "--registry-url", description = "Schema registry (default: $OVERSIGHT_REGISTRY_URL, else the local stack's).")
    String registryUrl;

    @Option(names = "--db-url", description = "JDBC URL of the database (default: $" + JdbcConnection.URL_VARIABLE + " with $"
            + JdbcConnection.USER_VARIABLE + "/$" + JdbcConnection.PASSWORD_VARIABLE + ", else the local stack's).")
    String dbUrl;

    /** The process environment; tests replace it. */
    Map<String, String> environment = System.getenv();

    private StackState stack;

    Path configDir() {
        return configDir != null ? configDir : home.resolve("config");
    }

    Path dataDir() {
        return dataDir != null ? dataDir.toAbsolutePath().normalize() : home.resolve(".oversight");
    }

    String bootstrapServers() {
        return first(bootstrapServers, environment.get(BOOTSTRAP_VARIABLE))
                .or(() -> stack().component(StackComponents.KAFKA).map(StackState.Component::address))
                .orElseThrow(() -> notFound("Kafka", "--bootstrap-servers", BOOTSTRAP_VARIABLE));
    }

    String registryUrl() {
        return first(registryUrl, environment.get("OVERSIGHT_REGISTRY_URL"))
                .or(() -> stack().component(StackComponents.SCHEMA_REGISTRY).map(StackState.Component::address))
                .orElseThrow(() -> notFound("the schema registry", "--registry-url", "OVERSIGHT_REGISTRY_URL"));
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

    JdbcConnection database() {
        if (dbUrl != null && !dbUrl.isBlank()) {
            return new JdbcConnection(dbUrl.trim(), environment.get(JdbcConnection.USER_VARIABLE),
                    environment.get(JdbcConnection.PASSWORD_VARIABLE));
        }
        String url = environment.get(JdbcConnection.URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return JdbcConnection.fromEnvironment(environment);
        }
        StackState state = stack();
        if (state.jdbcUrl() == null) {
            throw notFound("the database", "--db-url", JdbcConnection.URL_VARIABLE);
        }
        return new JdbcConnection(state.jdbcUrl(), state.dbUser(), state.dbPassword());
    }

    private StackState stack() {
        if (stack == null) {
            stack = StackState.load(dataDir().resolve("stack.json"));
        }
        return stack;
    }

    private UserFacingException notFound(String what, String option, String variable) {
        return new UserFacingException("no address for " + what + ": no " + option + ", no $" + variable
                + ", and no local stack in " + dataDir(),
                "pass " + option + " (or set " + variable + "), or start the local stack with ./oversight up");
    }

    private static Optional<String> first(String option, String variable) {
        if (option != null && !option.isBlank()) {
            return Optional.of(option.trim());
        }
        return variable != null && !variable.isBlank() ? Optional.of(variable.trim()) : Optional.empty();
    }
}
