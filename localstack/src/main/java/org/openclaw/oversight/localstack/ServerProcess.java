package org.openclaw.oversight.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One OS process of a local server: started with its output appended to a log file, awaited until a
 * readiness condition holds (failing fast if the process dies first), and stopped by PID.
 *
 * <p>Servers run in a session of their own ({@code setsid}), so a Ctrl-C in the terminal that started
 * them, which signals the terminal's whole foreground process group, does not reach them: their lifetime
 * is decided by whoever holds their PID ({@code oversight down}, {@link #stop}, the JUnit extension,
 * {@link #stopWithThisJvm()}), never by a keystroke meant for another command. {@code setsid} execs the
 * server in place (a child of a JVM is never a process-group leader, the one case where it forks), so the
 * PID we hold is the server's own.
 */
public final class ServerProcess {

    /** A readiness probe; may throw, which counts as "not yet". */
    @FunctionalInterface
    public interface Readiness {
        boolean isReady() throws Exception;
    }

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** Every server this JVM launched, in launch order, for {@link #launchedSince(int)}. */
    private static final List<ServerProcess> LAUNCHED = new CopyOnWriteArrayList<>();

    private final String name;
    private final Process process;
    private final Path logFile;
    private final long startNanos;
    private volatile Duration startDuration = Duration.ZERO;

    private ServerProcess(String name, Process process, Path logFile, long startNanos) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.startNanos = startNanos;
    }

    /**
     * Servers launched after this call die with this JVM, even when it is killed (Ctrl-C, SIGKILL) before it
     * could stop them; for programs that start their own servers, like the benchmarks. Not for
     * {@code oversight up}, whose servers must outlive the CLI.
     */
    public static void stopWithThisJvm() {
        OrphanGuard.enable();
    }

    /** Launches {@code command} with stdout and stderr appended to {@code logFile}. */
    public static ServerProcess launch(String name, List<String> command, Path workDir, Path logFile,
                                       Map<String, String> extraEnv) {
        return launch(name, command, workDir, logFile, extraEnv, System.nanoTime());
    }

    /** How many servers this JVM has launched so far: a mark for {@link #launchedSince(int)}. */
    public static int launchMark() {
        return LAUNCHED.size();
    }

    /**
     * The servers this JVM launched after {@code mark} that are still alive, newest first: what a command
     * that failed half-way must stop, including a server whose start was still in progress.
     */
    public static List<ServerProcess> launchedSince(int mark) {
        List<ServerProcess> alive = new ArrayList<>();
        for (int i = LAUNCHED.size() - 1; i >= mark; i--) {
            if (LAUNCHED.get(i).isAlive()) {
                alive.add(LAUNCHED.get(i));
            }
        }
        return alive;
    }

    /**
     * As above; {@code startedAtNanos} (a {@link System#nanoTime()} value) is when the caller began
     * preparing the server (storage format, initdb), so the start duration and deadline cover that too.
     */
    public static ServerProcess launch(String name, List<String> command, Path workDir, Path logFile,
                                       Map<String, String> extraEnv, long startedAtNanos) {
        ServerProcess server = start(name, inOwnSession(command), workDir, logFile, extraEnv, startedAtNanos);
        LAUNCHED.add(server);
        return server;
    }

    /** {@code command} run by {@code setsid}, when the machine has it (util-linux, on every Debian). */
    static List<String> inOwnSession(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> detached = new ArrayList<>(command.size() + 1);
        detached.add(SETSID.toString());
        detached.addAll(command);
        return detached;
    }

    private static ServerProcess start(String name, List<String> command, Path workDir, Path logFile,
                                       Map<String, String> extraEnv, long startedAtNanos) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(extraEnv);
            Process process = builder.start();
            OrphanGuard.watch(process.pid());
            return new ServerProcess(name, process, logFile, startedAtNanos);
        } catch (IOException e) {
            throw new ServerStartException(ServerStartException.describe(
                    name + ": could not launch " + String.join(" ", command.subList(0, Math.min(2, command.size())))
                            + ": " + e.getMessage(), logFile,
                    "check that the program exists and is executable"), e);
        }
    }

    /**
     * Runs a short command to completion (initdb, storage format, ...); throws with the log's tail when it
     * fails or overruns {@code timeout}.
     */
    public static void runToCompletion(String name, List<String> command, Path workDir, Path logFile,
                                       Duration timeout, String whatToDo) {
        // a one-shot tool stays in the caller's process group: Ctrl-C may stop it like any foreground work
        ServerProcess step = start(name, command, workDir, logFile, Map.of(), System.nanoTime());
        try {
            if (!step.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                step.stop(Duration.ofSeconds(5));
                throw new ServerStartException(ServerStartException.describe(
                        name + " did not finish within " + timeout.toSeconds() + " s", logFile, whatToDo));
            }
        } catch (InterruptedException e) {
            step.stop(Duration.ofSeconds(5));
            Thread.currentThread().interrupt();
            throw new ServerStartException(name + " was interrupted", e);
        }
        int exit = step.process.exitValue();
        if (exit != 0) {
            throw new ServerStartException(ServerStartException.describe(
                    name + " failed with exit code " + exit, logFile, whatToDo));
        }
    }

    /**
     * Polls {@code readiness} until it holds or {@code timeout} passes. When the process exits first, or
     * the deadline passes, stops it and throws a {@link ServerStartException} naming the log.
     */
    public void awaitReady(Duration timeout, Readiness readiness, String whatToDo) {
        long deadline = startNanos + timeout.toNanos();
        Exception lastProblem = null;
        while (true) {
            if (!process.isAlive()) {
                throw new ServerStartException(ServerStartException.describe(
                        name + " (pid " + pid() + ") exited with code " + process.exitValue()
                                + " before it was ready", logFile, whatToDo));
            }
            try {
                if (readiness.isReady()) {
                    startDuration = Duration.ofNanos(System.nanoTime() - startNanos);
                    return;
                }
            } catch (Exception e) {
                lastProblem = e;
            }
            if (System.nanoTime() > deadline) {
                stop(Duration.ofSeconds(10));
                String lastCheck = lastProblem == null ? "" : " (last check: " + lastProblem + ")";
                throw new ServerStartException(ServerStartException.describe(
                        name + " did not become ready within " + timeout.toSeconds() + " s" + lastCheck
                                + "; the process was stopped", logFile,
                        whatToDo + "; on a busy machine a longer deadline may help"));
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                stop(Duration.ofSeconds(10));
                Thread.currentThread().interrupt();
                throw new ServerStartException(name + ": interrupted while waiting for it to start", e);
            }
        }
    }

    /**
     * Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills it (SIGKILL) and waits for
     * it to be gone. Idempotent.
     */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        awaitExit(grace);
    }

    /**
     * Waits up to {@code grace} for the process to exit on its own (after another way of asking it to
     * stop, e.g. pg_ctl), then kills it.
     */
    public void awaitExit(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public String name() {
        return name;
    }

    /** From launch until the readiness check passed; zero until then. */
    public Duration startDuration() {
        return startDuration;
    }
}
