package org.openclaw.oversight.platform.incident;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.platform.stack.StackComponents;
import org.openclaw.oversight.platform.stack.StackState;
import picocli.CommandLine.Option;

/**
 * Where the incidents table and the command topic are: each address from its option, else the variable the
 * jobs read, else the local stack's {@code stack.json} (as the dlq commands resolve them).
 */
public final class IncidentStackOptions {

    static final String BOOTSTRAP_VARIABLE = "OVERSIGHT_KAFKA_BOOTSTRAP";
    static final String REGISTRY_VARIABLE = "OVERSIGHT_REGISTRY_URL";
    private static final Pattern ACTOR = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._@+#:/-]{0,99}");

    @Option(names = "--home", description = "Repository root (default: where ./oversight lives).")
    Path home = Paths.get(System.getProperty("oversight.home", ".")).toAbsolutePath().normalize();

    @Option(names = "--data-dir", description = "The local stack's data dir (default: <home>/.oversight).")
    Path dataDir;

    @Option(names = "--bootstrap-servers", description = "Kafka (default: $" + BOOTSTRAP_VARIABLE + ", else the local stack's).")
    String bootstrapServers;

    @Option(names = "--registry-url", description = "Schema registry (default: $" + REGISTRY_VARIABLE + ", else the local stack's).")
    String registryUrl;

    @Option(names = "--db-url", description = "JDBC URL of the database with the incidents (default: $"
            + JdbcConnection.URL_VARIABLE + ", else the local stack's).")
    String dbUrl;

    /** The process environment; tests replace it. */
    Map<String, String> environment = System.getenv();

    private StackState stack;

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
            throw notFound("the incidents database", "--db-url", JdbcConnection.URL_VARIABLE);
        }
        return new JdbcConnection(state.jdbcUrl(), state.dbUser(), state.dbPassword());
    }

    /** The {@code --by} of a command: who did it, as the audit log's actor. */
    static String actor(String by) {
        String name = by == null ? "" : by.strip();
        if (!ACTOR.matcher(name).matches()) {
            throw new UserFacingException("--by must name who does this (a person, a team or a ticket: letters, digits,"
                    + " space and ._@+#:/-, at most 100 characters)",
                    "pass e.g. --by alice; the incident-response job writes it to the audit log");
        }
        return name;
    }

    private Path dataDir() {
        return dataDir != null ? dataDir.toAbsolutePath().normalize() : home.resolve(".oversight");
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
