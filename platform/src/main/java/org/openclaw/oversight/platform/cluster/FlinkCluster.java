package org.openclaw.oversight.platform.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openclaw.oversight.localstack.ServerProcess;
import org.openclaw.oversight.localstack.ServerStartException;

/**
 * A Flink standalone session cluster made of separate processes on 127.0.0.1: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), each its own JVM
 * on the classpath of a Flink distribution's lib/ ({@code platform/flink-cluster}), sized by Flink's own
 * {@code BashJavaUtils} as the distribution's start scripts do. Checkpoints and savepoints go to folders under
 * the cluster directory; every process runs the Prometheus reporter on the first free port of a range.
 *
 * <p>Processes are started in sessions of their own ({@link ServerProcess}), so they outlive the command that
 * started them; {@link ClusterState} remembers their PIDs for `status` and `down`.
 */
public final class FlinkCluster {

    /** The cluster's listening ports; {@code metrics} is a range, each process binds the first free port of it. */
    public record Ports(int rest, int rpc, String metrics) {}

    static final String CLASSPATH_RESOURCE = "/org/openclaw/oversight/platform/cluster/flink.classpath";
    static final String JOB_MANAGER_CLASS = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER_CLASS = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    /** Two slots per TaskManager: two jobs at parallelism 2 fill two TaskManagers, one subtask of each on each. */
    public static final int SLOTS_PER_TASK_MANAGER = 2;
    /** What a distribution's config.yaml passes every Flink JVM on Java 17 (env.java.opts.all). */
    static final List<String> JAVA_17_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED", "--add-opens=java.base/java.math=ALL-UNNAMED",
            "--add-opens=java.sql/java.sql=ALL-UNNAMED");

    private final Path dir;
    private final Ports ports;
    private final String classpath;
    private final FlinkRest rest;

    private FlinkCluster(Path dir, Ports ports, String classpath) {
        this.dir = dir;
        this.ports = ports;
        this.classpath = classpath;
        this.rest = new FlinkRest("http://127.0.0.1:" + ports.rest());
    }

    /** A handle on a cluster whose configuration is written (by {@link #prepare}) or that already runs. */
    public static FlinkCluster at(Path dir, Ports ports) {
        return new FlinkCluster(dir.toAbsolutePath(), ports, classpath());
    }

    /** Writes config.yaml and log4j2.properties (overwritten on every start: edits are not kept). */
    public FlinkCluster prepare() {
        try {
            Files.createDirectories(confDir());
            for (String sub : List.of("checkpoints", "savepoints", "tmp", "uploads", "logs")) {
                Files.createDirectories(dir.resolve(sub));
            }
            StringBuilder yaml = new StringBuilder("# written by `oversight cluster up` on every start; edits are overwritten\n");
            configuration().forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
            Files.writeString(confDir().resolve("config.yaml"), yaml.toString(), StandardCharsets.UTF_8);
            Files.writeString(confDir().resolve("log4j2.properties"), String.join("\n",
                    "status = warn",
                    "appender.out.type = Console",
                    "appender.out.name = OUT",
                    "appender.out.layout.type = PatternLayout",
                    "appender.out.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.out.ref = OUT",
                    // the Kafka clients' per-connection chatter would fill the logs in long runs
                    "logger.kafka.name = org.apache.kafka",
                    "logger.kafka.level = WARN",
                    ""), StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the cluster configuration under " + dir, e);
        }
    }

    /** The cluster configuration: all on loopback, durable checkpoints and savepoints, the reporter on. */
    Map<String, String> configuration() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("jobmanager.rpc.address", "127.0.0.1");
        conf.put("jobmanager.rpc.port", Integer.toString(ports.rpc()));
        conf.put("jobmanager.bind-host", "127.0.0.1");
        conf.put("jobmanager.memory.process.size", "1024m");
        conf.put("taskmanager.host", "127.0.0.1");
        conf.put("taskmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.numberOfTaskSlots", Integer.toString(SLOTS_PER_TASK_MANAGER));
        // heap for two jobs' operators and Kafka clients, a little managed memory (no RocksDB), small network buffers
        conf.put("taskmanager.memory.process.size", "1280m");
        conf.put("taskmanager.memory.managed.size", "64m");
        conf.put("rest.address", "127.0.0.1");
        conf.put("rest.bind-address", "127.0.0.1");
        conf.put("rest.port", Integer.toString(ports.rest()));
        conf.put("blob.server.port", "0");
        conf.put("parallelism.default", "2");
        // every job across both TaskManagers, so losing one TaskManager touches every job
        conf.put("taskmanager.load-balance.mode", "SLOTS");
        conf.put("classloader.resolve-order", "child-first");
        conf.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        conf.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        conf.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        conf.put("execution.checkpointing.num-retained", "3");
        conf.put("state.backend.type", "hashmap");
        // a killed TaskManager is noticed in seconds, not after the 50 s default
        conf.put("heartbeat.interval", "2000");
        conf.put("heartbeat.timeout", "10000");
        conf.put("metrics.reporter.prom.factory.class",
                "org.openclaw.oversight.connectors.flink.metrics.LoopbackPrometheusReporterFactory");
        conf.put("metrics.reporter.prom.port", ports.metrics());
        conf.put("metrics.reporter.prom.filterLabelValueCharacters", "true");
        conf.put("web.upload.dir", dir.resolve("uploads").toString());
        conf.put("web.tmpdir", dir.resolve("tmp").toString());
        conf.put("io.tmp.dirs", dir.resolve("tmp").toString());
        return conf;
    }

    /** Launches the JobManager and waits until its REST API answers. */
    public ServerProcess startJobManager(Duration timeout) {
        long startedAt = System.nanoTime();
        List<String> command = javaCommand(resourceParams("GET_JM_RESOURCE_PARAMS"), JOB_MANAGER_CLASS, "jobmanager");
        ServerProcess process = ServerProcess.launch("Flink JobManager", command, dir, dir.resolve("logs/jobmanager.log"),
                Map.of(), startedAt);
        process.awaitReady(timeout, () -> rest.overview().isPresent(),
                "read the log; is port " + ports.rest() + " or " + ports.rpc() + " taken? (--rest-port, --rpc-port)");
        return process;
    }

    /** Launches a TaskManager and waits until the JobManager counts {@code expectedTaskManagers}. */
    public ServerProcess startTaskManager(String name, int expectedTaskManagers, Duration timeout) {
        long startedAt = System.nanoTime();
        List<String> command = javaCommand(resourceParams("GET_TM_RESOURCE_PARAMS"), TASK_MANAGER_CLASS, name);
        ServerProcess process = ServerProcess.launch("Flink " + name, command, dir, dir.resolve("logs/" + name + ".log"),
                Map.of(), startedAt);
        process.awaitReady(timeout, () -> rest.overview().map(o -> o.taskManagers() >= expectedTaskManagers).orElse(false),
                "read the log; the TaskManager must reach the JobManager on 127.0.0.1:" + ports.rpc());
        return process;
    }

    private List<String> javaCommand(ResourceParams params, String mainClass, String logName) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(params.jvm());
        command.add("-XX:+UseG1GC");
        command.addAll(JAVA_17_OPTIONS);
        command.add("-Dlog.file=" + dir.resolve("logs/" + logName + ".log"));
        command.add("-Dlog4j2.configurationFile=" + confDir().resolve("log4j2.properties"));
        command.addAll(List.of("-cp", classpath, mainClass, "--configDir", confDir().toString()));
        command.addAll(params.dynamic());
        return command;
    }

    /** JVM options and dynamic properties for a process, computed by Flink the way bin/jobmanager.sh does. */
    private record ResourceParams(List<String> jvm, List<String> dynamic) {}

    private ResourceParams resourceParams(String what) {
        Path log = dir.resolve("logs/resource-params.log");
        try {
            List<String> command = new ArrayList<>(List.of(java(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                    "-Dlog4j2.configurationFile=" + confDir().resolve("log4j2.properties"),
                    "-cp", classpath, BASH_JAVA_UTILS, what, "--configDir", confDir().toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            Files.writeString(log, output, StandardCharsets.UTF_8);
            List<String> results = output.lines().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                    .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).trim()).toList();
            if (exit != 0 || results.size() < 2) {
                throw new ServerStartException("Flink could not size the " + what + " process (exit " + exit
                        + "); read " + log + ". What to do: check the memory options in " + confDir().resolve("config.yaml"));
            }
            return new ResourceParams(List.of(results.get(0).split("\\s+")), dynamicProperties(results.get(1)));
        } catch (IOException e) {
            throw new ServerStartException("could not run Flink's " + BASH_JAVA_UTILS + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException("interrupted while sizing the Flink processes", e);
        }
    }

    /** "-D a=1 -D b=2" as separate arguments, the way the start scripts pass them. */
    static List<String> dynamicProperties(String line) {
        List<String> args = new ArrayList<>();
        for (String token : line.trim().split("\\s+")) {
            if (!token.isEmpty()) {
                args.add(token);
            }
        }
        return args;
    }

    public FlinkRest rest() {
        return rest;
    }

    public Path dir() {
        return dir;
    }

    public Ports ports() {
        return ports;
    }

    public Path confDir() {
        return dir.resolve("conf");
    }

    public Path savepointDir() {
        return dir.resolve("savepoints");
    }

    public Path checkpointDir() {
        return dir.resolve("checkpoints");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The distribution's classpath as written by platform/flink-cluster's build; fails clearly if a jar is gone. */
    static String classpath() {
        try (InputStream in = FlinkCluster.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new ServerStartException("Flink cluster: resource " + CLASSPATH_RESOURCE + " is missing. What to do: "
                        + "mvn -o -pl platform/flink-cluster install");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            for (String jar : classpath.split(java.io.File.pathSeparator)) {
                if (!Files.exists(Path.of(jar))) {
                    throw new ServerStartException("Flink cluster: jar " + jar + " is not in the local Maven repository. "
                            + "What to do: mvn -pl platform/flink-cluster install (without -o once, to download it)");
                }
            }
            return classpath;
        } catch (IOException e) {
            throw new ServerStartException("Flink cluster: could not read " + CLASSPATH_RESOURCE + ": " + e, e);
        }
    }

    /** The jars of the cluster classpath, for checks of what a job jar may bundle. */
    public static List<Path> classpathJars() {
        return java.util.Arrays.stream(classpath().split(java.io.File.pathSeparator)).map(Path::of).toList();
    }
}
