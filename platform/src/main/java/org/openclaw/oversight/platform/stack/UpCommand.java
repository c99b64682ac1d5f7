package org.openclaw.oversight.platform.stack;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.openclaw.oversight.config.LocalAddresses;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.connectors.kafka.SchemaRegistryClient;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalAlertmanager;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalPrometheus;
import org.openclaw.oversight.localstack.Ports;
import org.openclaw.oversight.localstack.ServerProcess;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.platform.UserFacingException;
import org.openclaw.oversight.platform.cluster.FlinkClusterSettings;
import org.openclaw.oversight.platform.stack.StackState.Component;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Starts the local stack idempotently: servers that already run (per the state file) are left alone,
 * then topics, schemas and migrations are brought up to date, which is harmless to repeat.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the local stack (Kafka, schema registry, PostgreSQL, Alertmanager) on 127.0.0.1, "
                + "create topics, register schemas, migrate the database and write its config tables (what `oversight "
                + "migrate` does), create the local keys. Safe to run twice.")
public final class UpCommand implements Callable<Integer> {

    private static final Duration REGISTRY_START_TIMEOUT = Duration.ofSeconds(90);

    @Mixin
    StackSettings settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return upWithRollback(spec.commandLine().getOut());
    }

    /** What `oversight up` does, for a command that needs the stack first (`oversight demo`). */
    public static int up(StackSettings settings, PrintWriter out) throws Exception {
        UpCommand up = new UpCommand();
        up.settings = settings;
        return up.upWithRollback(out);
    }

    private int upWithRollback(PrintWriter out) throws Exception {
        UpRollback rollback = UpRollback.begin(settings.stateFile());
        try {
            int exitCode = bringUp(out);
            rollback.commit();
            return exitCode;
        } catch (Exception e) {
            throw rollback.undo(e, settings);
        }
    }

    private int bringUp(PrintWriter out) throws Exception {
        Path data = settings.dataDir();
        Files.createDirectories(data);
        StackState state = StackState.load(settings.stateFile());
        Progress progress = new Progress(out, 10);

        OversightConfiguration[] config = new OversightConfiguration[1];
        progress.step("Checking config/ (oversight.yml, policies.yml, pricing.yml)", () -> {
            config[0] = OversightConfiguration.load(settings.configDir());
            return "ok, " + config[0].settings().agents().size() + " agents";
        });
        Duration deadLetterRetention = config[0].settings().storage().retention().deadLetters();
        progress.step("Kafka broker (KRaft) on " + settings.bootstrapServers(), () -> startKafka(state, data));
        progress.step("Schema registry on " + settings.registryUrl(), () -> startRegistry(state, data));
        progress.step("PostgreSQL", () -> startPostgres(state, data));
        progress.step("Alertmanager on " + settings.alertmanagerUrl(), () -> startAlertmanager(state, data));
        progress.step("Prometheus on " + settings.prometheusUrl(), () -> startPrometheus(state, data));
        String bootstrap = state.component(StackComponents.KAFKA).orElseThrow().address();
        String registry = state.component(StackComponents.SCHEMA_REGISTRY).orElseThrow().address();
        progress.step("Topics", () -> createTopics(bootstrap, deadLetterRetention));
        progress.step("Schemas (TopicNameStrategy subjects)", () -> registerSchemas(registry));
        // what `oversight migrate` does: the only place the schema and the config tables change
        JdbcConnection db = new JdbcConnection(state.jdbcUrl(), state.dbUser(), state.dbPassword());
        progress.step("Database migrations (schema oversight)", () -> DatabaseSetup.migrate(db));
        progress.step("Config tables (daily budgets of config/oversight.yml)", () -> DatabaseSetup.writeConfigTables(db, config[0]));

        Path dlqKey = LocalKeys.ensure(data, SecretKind.DLQ_KEY);
        Path piiKey = LocalKeys.ensure(data, SecretKind.PII_KEY);

        out.println();
        out.println("The stack is up. Data and logs: " + data);
        out.println("  Kafka          " + bootstrap);
        out.println("  registry       " + registry);
        out.println("  PostgreSQL     " + state.jdbcUrl() + " (user " + state.dbUser() + ")");
        printPsqlLine(out, state);
        out.println("  Alertmanager   " + state.component(StackComponents.ALERTMANAGER).orElseThrow().address());
        out.println("  Prometheus     " + state.component(StackComponents.PROMETHEUS).orElseThrow().address()
                + " (scrapes the jobs' metrics ports " + LocalAddresses.METRICS_PORTS + " and the cluster's "
                + FlinkClusterSettings.DEFAULT_METRICS_PORTS + "; rules of deploy/prometheus)");
        out.println("  keys (0600)    DLQ " + dlqKey + ", PII " + piiKey);
        out.println("Next: ./oversight simulate   |   ./oversight status   |   ./oversight down");
        return 0;
    }

    /** Analysts connect with psql; the line is the one thing they need from this output. */
    private static void printPsqlLine(PrintWriter out, StackState state) {
        PsqlLine.of(state).ifPresent(line -> out.println("  psql           " + line));
    }

    private String startKafka(StackState state, Path data) {
        if (alreadyRunning(state, StackComponents.KAFKA)) {
            return "already running";
        }
        KafkaBroker broker = KafkaBroker.start(data.resolve("kafka"), settings.kafkaPort(), settings.controllerPort());
        state.put(component(StackComponents.KAFKA, broker.pid(), broker.bootstrapServers(), broker.logFile(),
                broker.stats().startDuration(), broker.stats().residentBytes()));
        return "ok, pid " + broker.pid() + ", " + broker.stats().residentMiB() + " MiB";
    }

    /** The registry runs in its own JVM so it outlives this command, like the other servers. */
    private String startRegistry(StackState state, Path data) {
        if (alreadyRunning(state, StackComponents.SCHEMA_REGISTRY)) {
            return "already running";
        }
        Ports.requireFree("schema registry", settings.registryPort());
        Path dir = data.resolve("schema-registry");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                EmbeddedSchemaRegistry.class.getName(),
                "--host", StackSettings.HOST, "--port", Integer.toString(settings.registryPort()),
                "--data-dir", dir.toString());
        ServerProcess process = ServerProcess.launch("schema registry", command, data, dir.resolve("registry.log"),
                Map.of());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI subjects = URI.create(settings.registryUrl() + "/subjects");
        process.awaitReady(REGISTRY_START_TIMEOUT,
                () -> http.send(HttpRequest.newBuilder(subjects).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200,
                "read the log; another program may hold the data dir");
        state.put(component(StackComponents.SCHEMA_REGISTRY, process.pid(), settings.registryUrl(),
                process.logFile(), process.startDuration(), -1));
        return "ok, pid " + process.pid();
    }

    private String startPostgres(StackState state, Path data) {
        Optional<LocalPostgres> external = LocalPostgres.fromEnvironment();
        if (external.isPresent()) {
            LocalPostgres db = external.get();
            state.remove(StackComponents.POSTGRESQL);
            state.put(new Component(StackComponents.POSTGRESQL, null, db.jdbcUrl(), null, 0, -1));
            state.database(db.jdbcUrl(), db.user(), db.password());
            return "ok, external " + db.jdbcUrl() + " (from " + LocalPostgres.ENV_URL + ")";
        }
        if (alreadyRunning(state, StackComponents.POSTGRESQL)) {
            return "already running on " + state.jdbcUrl();
        }
        LocalPostgres db = LocalPostgres.start(data.resolve("postgres"), settings.dbPort());
        state.put(component(StackComponents.POSTGRESQL, db.pid(), db.jdbcUrl(), db.logFile(),
                db.stats().startDuration(), db.stats().residentBytes()));
        state.database(db.jdbcUrl(), db.user(), db.password());
        return "ok, " + db.jdbcUrl() + ", pid " + db.pid();
    }

    private String startAlertmanager(StackState state, Path data) {
        if (alreadyRunning(state, StackComponents.ALERTMANAGER)) {
            return "already running";
        }
        Path config = settings.alertmanagerConfig();
        if (!Files.isRegularFile(config)) {
            throw new UserFacingException("Alertmanager config not found: " + config,
                    "run from the repository root or pass --home");
        }
        LocalAlertmanager alertmanager = LocalAlertmanager.start(data.resolve("alertmanager"),
                settings.alertmanagerPort(), config);
        state.put(component(StackComponents.ALERTMANAGER, alertmanager.pid(), alertmanager.url(),
                alertmanager.logFile(), alertmanager.stats().startDuration(), alertmanager.stats().residentBytes()));
        return "ok, pid " + alertmanager.pid();
    }

    private String startPrometheus(StackState state, Path data) {
        if (alreadyRunning(state, StackComponents.PROMETHEUS)) {
            return "already running";
        }
        for (Path rules : settings.prometheusRules()) {
            if (!Files.isRegularFile(rules)) {
                throw new UserFacingException("Prometheus rules not found: " + rules, "run from the repository root or pass --home");
            }
        }
        LocalPrometheus prometheus = LocalPrometheus.start(data.resolve("prometheus"), settings.prometheusPort(),
                new LocalPrometheus.Targets(scrapeTargets(), StackSettings.HOST + ":" + settings.alertmanagerPort(),
                        settings.prometheusRules(), Duration.ofSeconds(5)));
        state.put(component(StackComponents.PROMETHEUS, prometheus.pid(), prometheus.url(), prometheus.logFile(),
                prometheus.stats().startDuration(), prometheus.stats().residentBytes()));
        return "ok, pid " + prometheus.pid();
    }

    /**
     * Every port a local job (`oversight run`, first free of 9249-9259) or a process of `oversight cluster`
     * (9260-9269) may serve metrics on: targets that do not answer are simply down, and a job started later is
     * scraped without touching Prometheus.
     */
    static List<String> scrapeTargets() {
        List<String> targets = new ArrayList<>();
        for (String range : List.of(LocalAddresses.METRICS_PORTS, FlinkClusterSettings.DEFAULT_METRICS_PORTS)) {
            String[] bounds = range.split("-");
            for (int port = Integer.parseInt(bounds[0]); port <= Integer.parseInt(bounds[bounds.length - 1]); port++) {
                targets.add(StackSettings.HOST + ":" + port);
            }
        }
        return targets;
    }

    static String createTopics(String bootstrap, Duration deadLetterRetention) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.TopicSpec topic : Topics.all()) {
                if (!existing.contains(topic.name())) {
                    Map<String, String> configs = new HashMap<>(topic.configs());
                    if (DeadLetterTopicRetention.manages(topic.name())) {
                        configs.put("retention.ms", DeadLetterTopicRetention.retentionMs(deadLetterRetention));
                    }
                    missing.add(new NewTopic(topic.name(), topic.partitions(), (short) 1).configs(configs));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            return "ok, " + Topics.all().size() + " topics (" + missing.size() + " created), "
                    + DeadLetterTopicRetention.ensure(admin, Topics.DEAD_LETTERS, deadLetterRetention);
        }
    }

    static String registerSchemas(String registryUrl) {
        SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl);
        List<String> ids = new ArrayList<>();
        for (Topics.TopicSpec topic : Topics.all()) {
            topic.valueSchema().ifPresent(schema ->
                    ids.add(topic.valueSubject() + "=" + registry.register(topic.valueSubject(), schema)));
        }
        return "ok, " + ids.size() + " subjects";
    }

    static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        return Admin.create(props);
    }

    private static boolean alreadyRunning(StackState state, String name) {
        return state.component(name).map(Component::processAlive).orElse(false);
    }

    private static Component component(String name, long pid, String address, Path log, Duration start, long rss) {
        return new Component(name, pid, address, log == null ? null : log.toString(), start.toMillis(), rss);
    }
}
