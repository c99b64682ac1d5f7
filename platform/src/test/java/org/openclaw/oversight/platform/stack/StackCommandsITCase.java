package org.openclaw.oversight.platform.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
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
import picocli.CommandLine;

/**
 * `oversight up`, `status`, `down` end to end on free ports: the real servers start, the stack is
 * reported green, a second `up` changes nothing, and `down` leaves no process and no port behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackCommandsITCase {

    private static final Path REPO = Paths.get("..").toAbsolutePath().normalize();

    @TempDir
    static Path dataDir;

    private static List<String> stackArgs;
    private static final List<Integer> PORTS = new ArrayList<>();
    private static final List<Long> PIDS = new ArrayList<>();

    @BeforeAll
    static void choosePorts() {
        for (int i = 0; i < 5; i++) {
            PORTS.add(Ports.pickFree());
        }
        stackArgs = List.of("--home", REPO.toString(), "--data-dir", dataDir.toString(),
                "--kafka-port", PORTS.get(0).toString(), "--controller-port", PORTS.get(1).toString(),
                "--registry-port", PORTS.get(2).toString(), "--db-port", PORTS.get(3).toString(),
                "--alertmanager-port", PORTS.get(4).toString());
    }

    @AfterAll
    static void stopWhateverIsLeft() {
        // a failed assertion must not leave servers running
        run("down");
    }

    @Test
    @Order(1)
    void upStartsEverythingAndStatusIsGreen() throws Exception {
        Result up = run("up");
        assertThat(up.exitCode).as(up.output).isZero();
        assertThat(up.output).contains("[8/8] Database migrations", "The stack is up");
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
                .contains("8 of 8 oversight topics")
                .doesNotContain("DOWN");
        StackState.load(dataDir.resolve("stack.json")).components().forEach(c -> {
            if (c.pid() != null) {
                PIDS.add(c.pid());
            }
        });
        assertThat(PIDS).hasSize(4).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());
    }

    @Test
    @Order(2)
    void secondUpIsHarmless() {
        Result again = run("up");
        assertThat(again.exitCode).as(again.output).isZero();
        assertThat(again.output).contains("already running").contains("(0 created)");
        List<Long> pidsNow = new ArrayList<>();
        StackState.load(dataDir.resolve("stack.json")).components().forEach(c -> pidsNow.add(c.pid()));
        assertThat(pidsNow).containsExactlyInAnyOrderElementsOf(PIDS);
    }

    @Test
    @Order(3)
    void downStopsExactlyWhatUpStartedAndFreesThePorts() {
        Result down = run("down");
        assertThat(down.exitCode).as(down.output).isZero();
        assertThat(down.output).contains("kafka", "stopped");
        assertThat(PIDS).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse());
        assertThat(PORTS).allSatisfy(port -> assertThat(Ports.isFree(port)).as("port %d", port).isTrue());

        Result status = run("status");
        assertThat(status.exitCode).isNotZero();
        assertThat(status.output).contains("not running");
    }

    @Test
    @Order(4)
    void aTakenPortGivesAClearError() throws Exception {
        try (ServerSocket squatter = new ServerSocket(PORTS.get(0), 1, InetAddress.getByName("127.0.0.1"))) {
            Result up = run("up");
            assertThat(up.exitCode).isNotZero();
            assertThat(up.output).contains("Kafka").contains(PORTS.get(0) + " is already in use");
        } finally {
            run("down");
        }
        assertThat(PORTS).allSatisfy(port -> assertThat(Ports.isFree(port)).as("port %d", port).isTrue());
    }

    @Test
    @Order(5)
    void purgeDeletesTheDataFolder() {
        assertThat(Files.exists(dataDir)).isTrue();
        Result down = run("down", "--purge");
        assertThat(down.exitCode).as(down.output).isZero();
        assertThat(Files.exists(dataDir)).isFalse();
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String command, String... extra) {
        StringWriter text = new StringWriter();
        PrintWriter writer = new PrintWriter(text, true);
        CommandLine cli = OversightCommand.commandLine();
        cli.setOut(writer);
        cli.setErr(writer);
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(stackArgs);
        args.addAll(List.of(extra));
        int code = cli.execute(args.toArray(String[]::new));
        return new Result(code, text.toString());
    }
}
