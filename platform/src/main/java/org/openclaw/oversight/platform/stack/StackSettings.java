package org.openclaw.oversight.platform.stack;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.openclaw.oversight.config.LocalAddresses;
import picocli.CommandLine.Option;

/** Where the local stack lives and listens; defaults are DESIGN §8's addresses, all on 127.0.0.1. */
public final class StackSettings {

    public static final String HOST = LocalAddresses.HOST;

    @Option(names = "--home", description = "Repository root with config/ and deploy/ (default: where ./oversight lives).")
    Path home = Paths.get(System.getProperty("oversight.home", ".")).toAbsolutePath().normalize();

    @Option(names = "--data-dir", description = "Folder for all local data and logs (default: <home>/.oversight).")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "" + LocalAddresses.KAFKA_PORT, description = "Kafka broker port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--controller-port", defaultValue = "" + LocalAddresses.KAFKA_CONTROLLER_PORT, description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--registry-port", defaultValue = "" + LocalAddresses.REGISTRY_PORT, description = "Schema registry port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--db-port", defaultValue = "" + LocalAddresses.DB_PORT,
            description = "Local PostgreSQL port (default: ${DEFAULT-VALUE}); ignored when OVERSIGHT_DB_URL is set.")
    int dbPort;

    @Option(names = "--alertmanager-port", defaultValue = "" + LocalAddresses.ALERTMANAGER_PORT, description = "Alertmanager port (default: ${DEFAULT-VALUE}).")
    int alertmanagerPort;

    /** DESIGN §8: Prometheus (when in the stack) on 127.0.0.1:9090. */
    public static final int DEFAULT_PROMETHEUS_PORT = 9090;

    @Option(names = "--prometheus-port", defaultValue = "" + DEFAULT_PROMETHEUS_PORT, description = "Prometheus port (default: ${DEFAULT-VALUE}).")
    int prometheusPort;

    public Path home() {
        return home;
    }

    public Path dataDir() {
        return dataDir != null ? dataDir.toAbsolutePath().normalize() : home.resolve(".oversight");
    }

    public Path configDir() {
        return home.resolve("config");
    }

    public Path alertmanagerConfig() {
        return home.resolve("deploy/alertmanager/alertmanager.yml");
    }

    public Path stateFile() {
        return dataDir().resolve("stack.json");
    }

    public String bootstrapServers() {
        return HOST + ":" + kafkaPort;
    }

    public String registryUrl() {
        return "http://" + HOST + ":" + registryPort;
    }

    public String alertmanagerUrl() {
        return "http://" + HOST + ":" + alertmanagerPort;
    }

    public int kafkaPort() { return kafkaPort; }
    public int controllerPort() { return controllerPort; }
    public int registryPort() { return registryPort; }
    public int dbPort() { return dbPort; }
    public int alertmanagerPort() { return alertmanagerPort; }
    public int prometheusPort() { return prometheusPort; }

    public String prometheusUrl() {
        return "http://" + HOST + ":" + prometheusPort;
    }

    /** The alert and recording rules of deploy/prometheus, which the local Prometheus evaluates. */
    public java.util.List<Path> prometheusRules() {
        return java.util.List.of(home.resolve("deploy/prometheus/rules/openclaw-alerts.yml"),
                home.resolve("deploy/prometheus/rules/budgets.yml"));
    }

    /** The option that sets {@code port}, e.g. {@code --db-port}; empty when no port option has that value. */
    public java.util.Optional<String> flagFor(int port) {
        if (port == kafkaPort) {
            return java.util.Optional.of("--kafka-port");
        }
        if (port == controllerPort) {
            return java.util.Optional.of("--controller-port");
        }
        if (port == registryPort) {
            return java.util.Optional.of("--registry-port");
        }
        if (port == dbPort) {
            return java.util.Optional.of("--db-port");
        }
        if (port == alertmanagerPort) {
            return java.util.Optional.of("--alertmanager-port");
        }
        if (port == prometheusPort) {
            return java.util.Optional.of("--prometheus-port");
        }
        return java.util.Optional.empty();
    }

    /** An external database named by OVERSIGHT_DB_URL replaces the local PostgreSQL. */
    public static ExternalDatabase externalDatabase() {
        String url = System.getenv("OVERSIGHT_DB_URL");
        if (url == null || url.isBlank()) {
            return null;
        }
        return new ExternalDatabase(url, System.getenv().getOrDefault("OVERSIGHT_DB_USER", "oversight"),
                System.getenv().getOrDefault("OVERSIGHT_DB_PASSWORD", ""));
    }

    public record ExternalDatabase(String jdbcUrl, String user, String password) {}
}
