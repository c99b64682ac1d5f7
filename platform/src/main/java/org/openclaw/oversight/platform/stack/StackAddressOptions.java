package org.openclaw.oversight.platform.stack;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.platform.UserFacingException;
import picocli.CommandLine.Option;

/**
 * Where the commands that talk to a running platform (dlq, policy, incidents) find Kafka, the registry and the
 * database. Each address comes from its option, else from the variable the jobs read
 * ({@code OVERSIGHT_KAFKA_BOOTSTRAP}, {@code OVERSIGHT_REGISTRY_URL}, {@code OVERSIGHT_DB_URL} with
 * {@code _USER}/{@code _PASSWORD}), else from the local stack's {@code stack.json}; so the same commands serve the
 * local stack and production. Subclasses add their commands' own options (picocli reads inherited fields).
 */
public abstract class StackAddressOptions {

    public static final String BOOTSTRAP_VARIABLE = "OVERSIGHT_KAFKA_BOOTSTRAP";
    public static final String REGISTRY_VARIABLE = "OVERSIGHT_REGISTRY_URL";

    @Option(names = "--home", description = "Repository root with config/ (default: where ./oversight lives); the "
            + "local stack's data dir is <home>/.oversight.")
    protected Path home = Paths.get(System.getProperty("oversight.home", ".")).toAbsolutePath().normalize();

    @Option(names = "--data-dir", description = "The local stack's data dir (stack.json, keys/; default: <home>/.oversight).")
    protected Path dataDir;

    @Option(names = "--bootstrap-servers", description = "Kafka (default: $" + BOOTSTRAP_VARIABLE
            + ", else the local stack's).")
    protected String bootstrapServers;

    @Option(names = "--registry-url", description = "Schema registry (default: $" + REGISTRY_VARIABLE
            + ", else the local stack's).")
    protected String registryUrl;

    @Option(names = "--db-url", description = "JDBC URL of the database (default: $" + JdbcConnection.URL_VARIABLE
            + " with $" + JdbcConnection.USER_VARIABLE + "/$" + JdbcConnection.PASSWORD_VARIABLE
            + ", else the local stack's).")
    protected String dbUrl;

    /** The process environment; tests replace it. */
    public Map<String, String> environment = System.getenv();

    private StackState stack;

    public Path dataDir() {
        return dataDir != null ? dataDir.toAbsolutePath().normalize() : home.resolve(".oversight");
    }

    public String bootstrapServers() {
        return first(bootstrapServers, environment.get(BOOTSTRAP_VARIABLE))
                .or(() -> stack().component(StackComponents.KAFKA).map(StackState.Component::address))
                .orElseThrow(() -> notFound("Kafka", "--bootstrap-servers", BOOTSTRAP_VARIABLE));
    }

    public String registryUrl() {
        return first(registryUrl, environment.get(REGISTRY_VARIABLE))
                .or(() -> stack().component(StackComponents.SCHEMA_REGISTRY).map(StackState.Component::address))
                .orElseThrow(() -> notFound("the schema registry", "--registry-url", REGISTRY_VARIABLE));
    }

    public JdbcConnection database() {
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
