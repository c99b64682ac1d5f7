package org.openclaw.oversight.platform.dlq;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.platform.stack.StackComponents;
import org.openclaw.oversight.platform.stack.StackState;
import picocli.CommandLine.Option;

/**
 * Where the dead letters, the registry, the audit log and the DLQ key are. Each address comes from
 * its option, else from the variable the jobs read ({@code OVERSIGHT_KAFKA_BOOTSTRAP},
 * {@code OVERSIGHT_REGISTRY_URL}, {@code OVERSIGHT_DB_URL}/{@code _USER}/{@code _PASSWORD}), else from
 * the local stack's {@code stack.json}; so the same commands serve the local stack and production.
 */
public final class DlqOptions {

    static final String BOOTSTRAP_VARIABLE = "OVERSIGHT_KAFKA_BOOTSTRAP";
    static final String REGISTRY_VARIABLE = "OVERSIGHT_REGISTRY_URL";

    @Option(names = "--home", description = "Repository root (default: where ./oversight lives); the local stack's "
            + "data dir is <home>/.oversight.")
    Path home = Paths.get(System.getProperty("oversight.home", ".")).toAbsolutePath().normalize();

    @Option(names = "--data-dir", description = "The local stack's data dir (stack.json, keys/dlq.key; "
            + "default: <home>/.oversight).")
    Path dataDir;

    @Option(names = "--bootstrap-servers", description = "Kafka (default: $" + BOOTSTRAP_VARIABLE
            + ", else the local stack's).")
    String bootstrapServers;

    @Option(names = "--registry-url", description = "Schema registry (default: $" + REGISTRY_VARIABLE
            + ", else the local stack's).")
    String registryUrl;

    @Option(names = "--db-url", description = "JDBC URL of the database with the audit log (default: $"
            + JdbcConnection.URL_VARIABLE + " with $" + JdbcConnection.USER_VARIABLE + "/$"
            + JdbcConnection.PASSWORD_VARIABLE + ", else the local stack's).")
    String dbUrl;

    @Option(names = "--client-config", paramLabel = "FILE", description = "Kafka client properties (security.protocol, "
            + "sasl.*, ssl.*) for every client these commands open, like Kafka's --command-config.")
    Path clientConfig;

    @Option(names = "--dlq-topic", defaultValue = Topics.DEAD_LETTERS, description = "Dead-letter topic "
            + "(default: ${DEFAULT-VALUE}).")
    String dlqTopic;

    @Option(names = "--read-timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "Give up when the topic yields nothing for this long before its end (default: ${DEFAULT-VALUE}).")
    Duration readTimeout;

    /** The process environment; tests replace it. */
    Map<String, String> environment = System.getenv();

    private StackState stack;

    Path dataDir() {
        return dataDir != null ? dataDir.toAbsolutePath().normalize() : home.resolve(".oversight");
    }

    String dlqTopic() {
        return dlqTopic;
    }

    Duration readTimeout() {
        return readTimeout;
    }

    String bootstrapServers() {
        return first(bootstrapServers, environment.get(BOOTSTRAP_VARIABLE))
                .or(() -> stack().component(StackComponents.KAFKA).map(StackState.Component::address))
                .orElseThrow(() -> notFound("Kafka", "--bootstrap-servers", BOOTSTRAP_VARIABLE));
    }

    String registryUrl() {
        return first(registryUrl, environment.get(REGISTRY_VARIABLE))
                .or(() -> stack().component(StackComponents.SCHEMA_REGISTRY).map(StackState.Component::address))
                .orElseThrow(() -> notFound("the schema registry", "--registry-url", REGISTRY_VARIABLE));
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
            throw notFound("the audit database", "--db-url", JdbcConnection.URL_VARIABLE);
        }
        return new JdbcConnection(state.jdbcUrl(), state.dbUser(), state.dbPassword());
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
