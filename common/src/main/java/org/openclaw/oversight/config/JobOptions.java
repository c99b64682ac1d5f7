package org.openclaw.oversight.config;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

/**
 * The options every job's {@code main} takes, parsed once: locally they come from `oversight run`, on
 * Kubernetes from the FlinkDeployment's {@code job.args}. Each option falls back to an environment
 * variable and then to the local default of DESIGN §8, so a job started with no arguments talks to
 * the stack of `oversight up`.
 */
public record JobOptions(
        String bootstrapServers,
        String registryUrl,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String alertmanagerUrl,
        String configDir,
        Duration checkpointInterval,
        int parallelism,
        int webUiPort,
        String metricsPorts,
        boolean local,
        boolean fromBeginning,
        String dlqKeyFile,
        String piiKeyFile,
        String checkpointDir,
        String fromSavepoint,
        boolean fresh,
        String jobsDir) implements Serializable {

    private static final Map<String, Option> OPTIONS = new LinkedHashMap<>();

    private record Option(String env, String defaultValue, String help) {}

    static {
        option("bootstrap-servers", "OVERSIGHT_KAFKA_BOOTSTRAP", LocalAddresses.KAFKA_BOOTSTRAP, "Kafka bootstrap servers");
        option("registry-url", "OVERSIGHT_REGISTRY_URL", LocalAddresses.REGISTRY_URL, "Confluent-compatible schema registry");
        option("db-url", "OVERSIGHT_DB_URL", LocalAddresses.DB_URL, "JDBC URL of PostgreSQL/TimescaleDB");
        option("db-user", "OVERSIGHT_DB_USER", LocalAddresses.DB_USER, "database user");
        option("db-password", "OVERSIGHT_DB_PASSWORD", LocalAddresses.DB_PASSWORD, "database password");
        option("alertmanager-url", "OVERSIGHT_ALERTMANAGER_URL", LocalAddresses.ALERTMANAGER_URL, "Alertmanager base URL");
        option("config-dir", "OVERSIGHT_CONFIG_DIR", "config", "folder with oversight.yml, policies.yml, pricing.yml");
        option("checkpoint-interval", null, "10s", "checkpoint interval (exactly-once sinks commit on checkpoints)");
        option("parallelism", null, "0", "job parallelism; 0 = the cluster default");
        option("web-ui-port", null, Integer.toString(LocalAddresses.WEB_UI_PORT),
                "first Flink web UI port tried when --local; when taken, the next free one of the following 99 (0 = any free port)");
        option("metrics-ports", null, LocalAddresses.METRICS_PORTS, "Prometheus reporter port range (the first free one is taken)");
        option("local", null, "false", "run on an in-process MiniCluster (what `oversight run` does)");
        option("from-beginning", null, "false", "ignore committed offsets and read the input topics from the start");
        option("dlq-key-file", SecretKind.DLQ_KEY.fileVariable(), "",
                "file holding the dead-letter key (else env " + SecretKind.DLQ_KEY.valueVariable() + "; no key, no job)");
        option("pii-key-file", SecretKind.PII_KEY.fileVariable(), "",
                "file holding the PII pseudonym key (else env " + SecretKind.PII_KEY.valueVariable()
                        + "; jobs that pseudonymise refuse to start without it)");
        // durable state (issue 9): where checkpoints live and what a start restores
        option("checkpoint-dir", "OVERSIGHT_CHECKPOINT_DIR", "",
                "folder (or URI) for this job's checkpoints, retained on cancel; a start resumes from the latest one (empty = the cluster's setting)");
        option("from-savepoint", null, "", "resume from this savepoint or checkpoint instead of the latest checkpoint");
        option("fresh", null, "false", "ignore earlier checkpoints: start with empty state from the committed offsets");
        option("jobs-dir", null, "", "with --local: folder where the run registers itself (pid, web UI, metrics port) for `oversight status`/`down`");
    }

    private static void option(String name, String env, String defaultValue, String help) {
        OPTIONS.put(name, new Option(env, defaultValue, help));
    }

    /** Parses {@code --name value} and {@code --name=value}; flags may stand alone ({@code --local}). */
    public static JobOptions parse(String[] args) {
        return parse(args, System.getenv());
    }

    public static JobOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; options look like --name value. "
                        + usage());
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = "true";
            }
            if (!OPTIONS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + ". " + usage());
            }
            given.put(name, value);
        }
        Map<String, String> values = new LinkedHashMap<>();
        OPTIONS.forEach((name, option) -> {
            String fromEnv = option.env() == null ? null : env.get(option.env());
            values.put(name, given.getOrDefault(name,
                    fromEnv != null && !fromEnv.isBlank() ? fromEnv : option.defaultValue()));
        });
        return new JobOptions(
                values.get("bootstrap-servers"),
                values.get("registry-url"),
                values.get("db-url"),
                values.get("db-user"),
                values.get("db-password"),
                values.get("alertmanager-url"),
                values.get("config-dir"),
                DurationSyntax.parse(values.get("checkpoint-interval")).orElseThrow(() -> new IllegalArgumentException(
                        "--checkpoint-interval: " + DurationSyntax.HELP)),
                integer(values, "parallelism"),
                integer(values, "web-ui-port"),
                values.get("metrics-ports"),
                Boolean.parseBoolean(values.get("local")),
                Boolean.parseBoolean(values.get("from-beginning")),
                values.get("dlq-key-file"),
                values.get("pii-key-file"),
                values.get("checkpoint-dir"),
                values.get("from-savepoint"),
                Boolean.parseBoolean(values.get("fresh")),
                values.get("jobs-dir"));
    }

    /**
     * Where the dead-letter key comes from: {@code --dlq-key-file} (or {@code OVERSIGHT_DLQ_KEY_FILE}),
     * else {@code OVERSIGHT_DLQ_KEY}. Checks now that the key can be read, so a job without its key
     * refuses to start; operators read it again where they open.
     *
     * @throws MissingSecretException naming what to set
     */
    public SecretSource dlqKey() {
        return dlqKey(System.getenv());
    }

    public SecretSource dlqKey(Map<String, String> env) {
        return secret(SecretKind.DLQ_KEY, dlqKeyFile, env);
    }

    /**
     * Where the PII pseudonym key comes from: {@code --pii-key-file} (or {@code OVERSIGHT_PII_KEY_FILE}),
     * else {@code OVERSIGHT_PII_KEY}. Checked now, so a job that pseudonymises refuses to start without a
     * key of at least {@link SecretSource#MIN_BYTES} bytes; the operators read it again where they open.
     *
     * @throws MissingSecretException naming what to set
     */
    public SecretSource piiKey() {
        return piiKey(System.getenv());
    }

    public SecretSource piiKey(Map<String, String> env) {
        return secret(SecretKind.PII_KEY, piiKeyFile, env);
    }

    private static SecretSource secret(SecretKind kind, String keyFile, Map<String, String> env) {
        if (keyFile != null && !keyFile.isBlank()) {
            SecretSource source = SecretSource.file(kind, Path.of(keyFile.trim()));
            Arrays.fill(source.read(), (byte) 0); // fail now, not on the first record that needs it
            return source;
        }
        return SecretSource.fromEnvironment(kind, env);
    }

    /** As a path; kept as text in the record because {@link Path} is not serializable. */
    public Path configPath() {
        return Path.of(configDir);
    }

    /** The same options as arguments, e.g. to hand to a job's main in-process. */
    public String[] toArgs() {
        String[] args = {
            "--bootstrap-servers", bootstrapServers, "--registry-url", registryUrl, "--db-url", dbUrl,
            "--db-user", dbUser, "--db-password", dbPassword, "--alertmanager-url", alertmanagerUrl,
            "--config-dir", configDir, "--checkpoint-interval", checkpointInterval.toMillis() + "ms",
            "--parallelism", Integer.toString(parallelism), "--web-ui-port", Integer.toString(webUiPort),
            "--metrics-ports", metricsPorts, "--local=" + local, "--from-beginning=" + fromBeginning,
            "--checkpoint-dir=" + checkpointDir, "--from-savepoint=" + fromSavepoint, "--fresh=" + fresh,
            "--jobs-dir=" + jobsDir};
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (dlqKeyFile != null && !dlqKeyFile.isBlank()) {
            all.addAll(List.of("--dlq-key-file", dlqKeyFile));
        }
        if (piiKeyFile != null && !piiKeyFile.isBlank()) {
            all.addAll(List.of("--pii-key-file", piiKeyFile));
        }
        return all.toArray(String[]::new);
    }

    public static String usage() {
        StringBuilder text = new StringBuilder("Options:");
        OPTIONS.forEach((name, option) -> text.append("\n  --").append(name).append("  ").append(option.help())
                .append(" (default ").append(option.defaultValue().isEmpty() ? "none" : option.defaultValue())
                .append(option.env() == null ? "" : ", env " + option.env()).append(')'));
        return text.toString();
    }

    /** The option names, for tests and help text. */
    public static Set<String> names() {
        return new TreeSet<>(OPTIONS.keySet());
    }

    private static int integer(Map<String, String> values, String name) {
        try {
            return Integer.parseInt(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + values.get(name) + "'");
        }
    }

    /** Never print the password. */
    @Override
    public String toString() {
        return "JobOptions[bootstrapServers=" + bootstrapServers + ", registryUrl=" + registryUrl + ", dbUrl=" + dbUrl
                + ", dbUser=" + dbUser + ", alertmanagerUrl=" + alertmanagerUrl + ", configDir=" + configDir
                + ", checkpointInterval=" + checkpointInterval + ", parallelism=" + parallelism + ", local=" + local
                + ", dlqKeyFile=" + dlqKeyFile + ", piiKeyFile=" + piiKeyFile + ", checkpointDir=" + checkpointDir + ", fresh=" + fresh + "]";
    }
}
