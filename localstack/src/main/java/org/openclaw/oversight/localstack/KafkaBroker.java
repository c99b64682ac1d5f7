package org.openclaw.oversight.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Kafka 4.1 broker in KRaft mode (one JVM that is both broker and controller), launched as a
 * separate process from the jars of {@code oversight-kafka-broker} so the broker's dependencies never
 * meet the client's. Data, config and log live under the data directory; restarting on the same
 * directory keeps topics and records.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(180);
    static final String CLASSPATH_RESOURCE = "/org/openclaw/oversight/localstack/kafka/broker.classpath";
    private static final String NAME = "kafka";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final ServerProcess process;
    private Admin admin;

    private KafkaBroker(Path dataDir, int port, int controllerPort, ServerProcess process) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.process = process;
    }

    /** Starts a broker; {@code port} or {@code controllerPort} 0 picks a free port. */
    public static KafkaBroker start(Path dataDir, int port, int controllerPort) {
        return start(dataDir, port, controllerPort, DEFAULT_START_TIMEOUT);
    }

    public static KafkaBroker start(Path dataDir, int port, int controllerPort, Duration timeout) {
        long startedAt = System.nanoTime();
        int brokerPort = Ports.resolve("Kafka broker", port);
        int quorumPort = Ports.resolve("Kafka controller", controllerPort);
        if (quorumPort == brokerPort) {
            quorumPort = Ports.resolve("Kafka controller", 0);
        }
        try {
            Files.createDirectories(dataDir);
            Path config = writeServerProperties(dataDir, brokerPort, quorumPort);
            Path log4j = writeLog4jConfig(dataDir);
            String classpath = brokerClasspath();
            Path logFile = dataDir.resolve("kafka.log");
            if (!Files.exists(logDirs(dataDir).resolve("meta.properties"))) {
                List<String> format = javaCommand(classpath, log4j, "256m");
                // a one-shot tool: the C1 compiler alone starts it noticeably faster
                format.add(1, "-XX:TieredStopAtLevel=1");
                format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                        "-c", config.toString(), "--standalone"));
                ServerProcess.runToCompletion("Kafka storage format", format, dataDir, logFile,
                        Duration.ofSeconds(120), "delete " + logDirs(dataDir) + " if it holds a broken format");
            }
            List<String> run = javaCommand(classpath, log4j, "512m");
            run.addAll(List.of("kafka.Kafka", config.toString()));
            ServerProcess process = ServerProcess.launch("Kafka broker", run, dataDir, logFile, Map.of(), startedAt);
            KafkaBroker broker = new KafkaBroker(dataDir, brokerPort, quorumPort, process);
            try {
                process.awaitReady(timeout, broker::answersDescribeCluster,
                        "read the log; if the data directory holds a broken or foreign format, delete "
                                + logDirs(dataDir) + " (its topics are lost)");
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        } catch (IOException e) {
            throw new ServerStartException("Kafka broker: could not prepare " + dataDir + ": " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return process.logFile();
    }

    public ServerStats stats() {
        return new ServerStats(NAME, bootstrapServers(), pid(), process.startDuration(),
                ResidentMemory.of(pid()));
    }

    /**
     * Creates a topic, or does nothing when it already exists, and waits until every partition has a
     * leader so a producer's first send does not race the metadata.
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try {
            admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + name + " on " + bootstrapServers()
                        + ": " + e.getCause(), e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + name + " on " + bootstrapServers()
                    + ": " + e, e);
        }
        awaitLeaders(name, Duration.ofSeconds(60));
    }

    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Names of the topics that exist now (internal ones excluded). */
    public Set<String> topics() {
        try {
            return admin().listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not list topics on " + bootstrapServers() + ": " + e, e);
        }
    }

    /** Stops the broker process (SIGTERM = controlled shutdown, then SIGKILL after 30 s) and waits. */
    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
        process.stop(Duration.ofSeconds(30));
    }

    private void awaitLeaders(String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription description = admin().describeTopics(List.of(topic)).allTopicNames()
                        .get(10, TimeUnit.SECONDS).get(topic);
                if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (Exception e) {
                // metadata not propagated yet; poll again
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("topic " + topic + " has partitions without a leader after "
                + timeout.toSeconds() + " s; read " + logFile());
    }

    private boolean answersDescribeCluster() throws Exception {
        if (!Ports.isListening(port)) {
            return false;
        }
        return !admin().describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "oversight-localstack-admin");
            admin = Admin.create(props);
        }
        return admin;
    }

    private static Path logDirs(Path dataDir) {
        return dataDir.resolve("kraft-logs");
    }

    private static Path writeServerProperties(Path dataDir, int port, int controllerPort) throws IOException {
        String listener = Ports.LOOPBACK + ":" + port;
        String controller = Ports.LOOPBACK + ":" + controllerPort;
        String text = String.join("\n",
                "# written by oversight-localstack on every start; edits are overwritten",
                "node.id=1",
                "process.roles=broker,controller",
                "listeners=PLAINTEXT://" + listener + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://" + listener,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "controller.quorum.bootstrap.servers=" + controller,
                "log.dirs=" + logDirs(dataDir),
                "num.partitions=1",
                "default.replication.factor=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=10",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "min.insync.replicas=1",
                // the Kafka default, stated because Flink's exactly-once sink timeouts are set against it
                "transaction.max.timeout.ms=900000",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "log.retention.hours=168",
                "")
                ;
        Path file = dataDir.resolve("server.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static Path writeLog4jConfig(Path dataDir) throws IOException {
        String text = String.join("\n",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = OUT",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.out.ref = OUT",
                // per-request chatter that would fill the log in long runs
                "logger.request.name = kafka.request.logger",
                "logger.request.level = WARN",
                "");
        Path file = dataDir.resolve("log4j2.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static List<String> javaCommand(String classpath, Path log4j, String maxHeap) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-Xms64m",
                "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4j, "-cp", classpath));
        return command;
    }

    /** The broker's classpath, as written by oversight-kafka-broker's build; fails clearly if a jar is gone. */
    static String brokerClasspath() {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new ServerStartException("Kafka broker: resource " + CLASSPATH_RESOURCE + " is missing. "
                        + "What to do: install the broker module: mvn -o -pl localstack/kafka-broker install");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            for (String jar : classpath.split(java.io.File.pathSeparator)) {
                if (!Files.exists(Path.of(jar))) {
                    throw new ServerStartException("Kafka broker: jar " + jar + " of the broker classpath is not "
                            + "in the local Maven repository. What to do: mvn -pl localstack/kafka-broker install "
                            + "(without -o once, to download it)");
                }
            }
            return classpath;
        } catch (IOException e) {
            throw new ServerStartException("Kafka broker: could not read " + CLASSPATH_RESOURCE + ": " + e, e);
        }
    }
}
