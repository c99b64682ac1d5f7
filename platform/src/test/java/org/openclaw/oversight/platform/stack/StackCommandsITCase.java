package org.openclaw.oversight.platform.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.localstack.Ports;
import org.openclaw.oversight.platform.OversightCommand;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;

/**
 * `oversight up`, `status`, `down` end to end on free ports, each command in its own JVM as a user runs it:
 * the real servers start, the stack is reported green with a psql line that connects, a second `up` changes
 * nothing, a Ctrl-C to a later command in the same terminal leaves the servers up, `down` leaves no process
 * and no port behind, and a taken port names the option to change and leaves nothing running.
 *
 * <p>The commands run with every {@code OVERSIGHT_*} variable removed from their environment: the README tells
 * users to set {@code OVERSIGHT_DB_URL} for their own database, and the test must not then use it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackCommandsITCase {

    private static final Path REPO = Paths.get("..").toAbsolutePath().normalize();
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(6);

    @TempDir
    static Path dataDir;

    @TempDir
    static Path scratch;

    private static List<String> stackArgs;
    private static final List<Integer> PORTS = new ArrayList<>();
    private static final List<Long> PIDS = new ArrayList<>();

    @BeforeAll
    static void choosePorts() {
        for (int i = 0; i < 6; i++) {
            PORTS.add(Ports.pickFree());
        }
        stackArgs = List.of("--home", REPO.toString(), "--data-dir", dataDir.toString(),
                "--kafka-port", PORTS.get(0).toString(), "--controller-port", PORTS.get(1).toString(),
                "--registry-port", PORTS.get(2).toString(), "--db-port", PORTS.get(3).toString(),
                "--alertmanager-port", PORTS.get(4).toString(), "--prometheus-port", PORTS.get(5).toString());
    }

    @AfterAll
    static void stopWhateverIsLeft() throws Exception {
        // a failed assertion must not leave servers running
        run("down");
    }

    @Test
    @Order(1)
    void upStartsEverythingAndStatusIsGreenWithAPsqlLineThatConnects() throws Exception {
        Result up = run("up");
        assertThat(up.exitCode).as(up.output).isZero();
        // `up` does what `oversight migrate` does: the schema, then the config tables
        assertThat(up.output).contains("[9/10] Database migrations", "[10/10] Config tables", "daily budgets in oversight.budgets",
                "The stack is up");
        // storage.retention.dead_letters of config/oversight.yml, and the local keys the jobs and `dlq` read
        assertThat(up.output).contains("dead letters kept 7d");
        for (SecretKind kind : SecretKind.values()) {
            Path key = LocalKeys.file(dataDir, kind);
            assertThat(up.output).contains(key.toString());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }

        Result status = run("status");
        assertThat(status.exitCode).as(status.output).isZero();
        assertThat(status.output)
                .containsPattern("kafka\\s+up\\s+127\\.0\\.0\\.1:" + PORTS.get(0))
                .containsPattern("schema-registry\\s+up")
                .containsPattern("postgresql\\s+up")
                .containsPattern("alertmanager\\s+up")
                .containsPattern("prometheus\\s+up\\s+http://127\\.0\\.0\\.1:" + PORTS.get(5))
                .contains(org.openclaw.oversight.connectors.kafka.Topics.all().size() + " of " + org.openclaw.oversight.connectors.kafka.Topics.all().size() + " oversight topics")
                .doesNotContain("DOWN");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("stack.json")))).as("stack.json holds the password")
                .isEqualTo("rw-------");
        recordedPids().forEach(PIDS::add);
        assertThat(PIDS).hasSize(5).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());

        // Prometheus: the local jobs' metrics ports as targets, deploy/prometheus's rules, the local Alertmanager
        String prometheus = "http://127.0.0.1:" + PORTS.get(5);
        // targets appear once Prometheus has loaded its config and started the scrape loops: awaited
        assertThat(awaitBody(prometheus + "/api/v1/targets", "127.0.0.1:9260")).as("the cluster's metrics ports are targets").isTrue();
        assertThat(httpGet(prometheus + "/api/v1/targets")).contains("\"job\":\"oversight-local\"", "127.0.0.1:9249", "127.0.0.1:9260");
        assertThat(httpGet(prometheus + "/api/v1/rules")).contains("LlmLatencyHigh", "ChannelErrors", "BudgetExceeded", "JobDown");
        assertThat(awaitBody(prometheus + "/api/v1/alertmanagers", "127.0.0.1:" + PORTS.get(4))).isTrue();

        String psql = psqlLine(up.output, "  psql ");
        assertThat(psql).startsWith("psql \"postgresql://oversight:oversight@127.0.0.1:" + PORTS.get(3) + "/oversight?");
        assertThat(psqlLine(status.output, "psql ")).isEqualTo(psql);
        Result query = shell(psql + " -tA -c 'select 1' -c 'show search_path'");
        assertThat(query.exitCode).as(query.output).isZero();
        assertThat(query.output.lines().toList()).containsExactly("1", "oversight,public");
    }

    @Test
    @Order(2)
    void secondUpIsHarmless() throws Exception {
        Result again = run("up");
        assertThat(again.exitCode).as(again.output).isZero();
        assertThat(again.output).contains("already running").contains("(0 created)").contains("up to date at version");
        assertThat(recordedPids()).containsExactlyInAnyOrderElementsOf(PIDS);
    }

    @Test
    @Order(3)
    void downStopsExactlyWhatUpStartedAndFreesThePorts() throws Exception {
        Result down = run("down");
        assertThat(down.exitCode).as(down.output).isZero();
        assertThat(down.output).contains("kafka", "stopped");
        assertThat(PIDS).allSatisfy(pid -> assertThat(isAlive(pid)).as("pid %d", pid).isFalse());
        assertThat(PORTS).allSatisfy(port -> assertThat(Ports.isFree(port)).as("port %d", port).isTrue());

        Result status = run("status");
        assertThat(status.exitCode).isNotZero();
        assertThat(status.output).contains("not running");
    }

    /**
     * The README's quick start in one terminal: `./oversight up && ./oversight simulate`, then Ctrl-C. The shell
     * runs both commands in one process group (setsid makes it a fresh one here, as a terminal's job would be),
     * and Ctrl-C signals that whole group.
     */
    @Test
    @Order(4)
    void ctrlCToALaterCommandInTheSameTerminalLeavesTheServersUp() throws Exception {
        Path log = scratch.resolve("quick-start.log");
        String upAndSimulate = commandLine("up") + " && " + String.join(" ", quoted(javaCommand(List.of("simulate",
                "--bootstrap-servers", "127.0.0.1:" + PORTS.get(0), "--registry-url", "http://127.0.0.1:" + PORTS.get(2),
                "--no-incidents", "--duration", "10m", "--config-dir", REPO.resolve("config").toString()))));
        ProcessBuilder terminal = new ProcessBuilder("setsid", "bash", "-c", upAndSimulate)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        cleanEnvironment(terminal.environment());
        Process job = terminal.start();
        try {
            long processGroup = job.pid(); // setsid execs bash (a child of a JVM is no group leader): pgid = its pid
            awaitTrue(() -> read(log).contains("records sent") || !job.isAlive(), COMMAND_TIMEOUT);
            assertThat(job.isAlive()).as(read(log)).isTrue();
            List<Long> started = recordedPids();
            assertThat(started).hasSize(5);

            Process ctrlC = new ProcessBuilder("kill", "-INT", "--", "-" + processGroup).inheritIO().start();
            assertThat(ctrlC.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(job.waitFor(60, TimeUnit.SECONDS)).as("the simulator stops on Ctrl-C").isTrue();

            assertThat(started).allSatisfy(pid -> assertThat(isAlive(pid)).as("server pid %d survived Ctrl-C", pid).isTrue());
            Result status = run("status");
            assertThat(status.exitCode).as(status.output).isZero();
            assertThat(status.output).doesNotContain("DOWN");

            Result down = run("down");
            assertThat(down.exitCode).as(down.output).isZero();
            assertThat(started).allSatisfy(pid -> assertThat(isAlive(pid)).as("pid %d after down", pid).isFalse());
        } finally {
            job.destroyForcibly();
        }
    }

    @Test
    @Order(5)
    void aTakenPortNamesTheOptionAndWhatHoldsItAndNothingIsLeftRunning() throws Exception {
        int dbPort = PORTS.get(3);
        try (ServerSocket squatter = new ServerSocket(dbPort, 1, InetAddress.getByName("127.0.0.1"))) {
            Result up = run("up");
            assertThat(up.exitCode).isNotZero();
            assertThat(up.output)
                    .contains("PostgreSQL: port " + dbPort + " is already in use by pid " + ProcessHandle.current().pid())
                    .contains("--db-port")
                    .contains("OVERSIGHT_DB_URL")
                    .contains("stopped what this up had started: ")
                    .contains("Kafka broker (pid ").contains("schema registry (pid ")
                    .doesNotContain("COULD NOT BE STOPPED");
        }
        assertThat(processesUsing(dataDir)).as("processes still using %s", dataDir).isEmpty();
        assertThat(PORTS).allSatisfy(port -> assertThat(Ports.isFree(port)).as("port %d", port).isTrue());
        assertThat(dataDir.resolve("stack.json")).doesNotExist();
        Result status = run("status");
        assertThat(status.output).contains("not running");
    }

    @Test
    @Order(6)
    void purgeDeletesTheDataFolder() throws Exception {
        assertThat(Files.exists(dataDir)).isTrue();
        Result down = run("down", "--purge");
        assertThat(down.exitCode).as(down.output).isZero();
        assertThat(Files.exists(dataDir)).isFalse();
    }

    private record Result(int exitCode, String output) {}

    /** An `oversight` command in its own JVM, as `./oversight` runs it, with the stack's ports and data dir. */
    private static Result run(String command, String... extra) throws Exception {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(stackArgs);
        args.addAll(List.of(extra));
        return execute(new ProcessBuilder(javaCommand(args)));
    }

    private static Result shell(String commandLine) throws Exception {
        return execute(new ProcessBuilder("bash", "-c", commandLine));
    }

    private static Result execute(ProcessBuilder builder) throws Exception {
        Path output = Files.createTempFile(scratch, "command", ".log");
        cleanEnvironment(builder.environment());
        Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("command did not finish in " + COMMAND_TIMEOUT + ": " + builder.command()
                    + "\n" + read(output));
        }
        return new Result(process.exitValue(), read(output));
    }

    /** Nothing of the caller's OVERSIGHT_* settings (an external database, a JVM option) reaches the commands. */
    private static void cleanEnvironment(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("OVERSIGHT_"));
    }

    private static List<String> javaCommand(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), OversightCommand.class.getName()));
        command.addAll(args);
        return command;
    }

    private static String commandLine(String command) {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(stackArgs);
        return String.join(" ", quoted(javaCommand(args)));
    }

    private static List<String> quoted(List<String> words) {
        return words.stream().map(word -> "'" + word.replace("'", "'\\''") + "'").collect(Collectors.toList());
    }

    private static String psqlLine(String output, String label) {
        return output.lines().filter(line -> line.startsWith(label)).findFirst()
                .map(line -> line.substring(label.length()).trim())
                .orElseThrow(() -> new AssertionError("no line starting with '" + label + "' in:\n" + output));
    }

    private static List<Long> recordedPids() {
        List<Long> pids = new ArrayList<>();
        StackState.load(dataDir.resolve("stack.json")).components().forEach(c -> {
            if (c.pid() != null) {
                pids.add(c.pid());
            }
        });
        return pids;
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** PIDs whose command line names {@code dir}: every server of the stack names its data dir. */
    private static List<Long> processesUsing(Path dir) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    String cmdline = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(dir.toString())) {
                        pids.add(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // exited while we looked
                }
            }
        }
        return pids;
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // poll interval
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String httpGet(String url) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Prometheus discovers its Alertmanagers asynchronously: poll until the body names it, 30 s at most. */
    private static boolean awaitBody(String url, String expected) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (httpGet(url).contains(expected)) {
                return true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(200).toNanos());
        }
        return false;
    }
}
