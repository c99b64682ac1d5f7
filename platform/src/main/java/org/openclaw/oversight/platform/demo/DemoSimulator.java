package org.openclaw.oversight.platform.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.openclaw.oversight.platform.OversightCommand;
import picocli.CommandLine;

/**
 * `oversight simulate` on a thread of the demo, in real time, with the built-in scenario (or
 * {@code --scenario FILE}). It is the very command a user runs, called through picocli, so every option
 * the simulator gains is one line here; its lines go to {@code <data dir>/logs/simulator.log}, its
 * report (with the synthetic planted values, mode 0600) to {@code <data dir>/demo/simulator-report.json}.
 * Interrupting the thread ends the run early; what was sent is flushed.
 */
final class DemoSimulator {

    /** Simulated history sent before the live run, when the simulator offers it ({@code --history}). */
    static final String WARM_HISTORY = "1h";

    private final List<String> arguments;
    private final Path log;
    private final Path report;
    private final AtomicInteger exitCode = new AtomicInteger(-1);
    private Thread thread;

    DemoSimulator(List<String> arguments, Path log, Path report) {
        this.arguments = List.copyOf(arguments);
        this.log = log;
        this.report = report;
    }

    /**
     * The command line of the run. Options the simulator may not have yet are added only when it has them,
     * so a simulator with {@code --history} warms the detectors' baselines first without a change here.
     */
    static List<String> arguments(String bootstrapServers, String registryUrl, Path configDir, Path scenario,
            String duration, long seed, Path report) {
        CommandLine.Model.CommandSpec simulate = OversightCommand.commandLine().getSubcommands().get("simulate")
                .getCommandSpec();
        List<String> args = new ArrayList<>(List.of("simulate", "--bootstrap-servers", bootstrapServers,
                "--registry-url", registryUrl, "--config-dir", configDir.toString(), "--seed", Long.toString(seed),
                "--report", report.toString()));
        if (scenario != null) {
            args.addAll(List.of("--scenario", scenario.toString()));
        }
        if (duration != null) {
            args.addAll(List.of("--duration", duration));
        }
        if (simulate.findOption("--history") != null) {
            args.addAll(List.of("--history", WARM_HISTORY));
        }
        return args;
    }

    List<String> arguments() {
        return arguments;
    }

    Path log() {
        return log;
    }

    Path report() {
        return report;
    }

    void start() throws IOException {
        Files.createDirectories(log.getParent());
        Files.createDirectories(report.getParent());
        thread = new Thread(this::run, "oversight-demo-simulator");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            writer.println("oversight " + String.join(" ", arguments));
            CommandLine command = OversightCommand.commandLine();
            command.setOut(writer);
            command.setErr(writer);
            exitCode.set(command.execute(arguments.toArray(String[]::new)));
        } catch (IOException e) {
            exitCode.set(1);
        }
        restrictReport();
    }

    /** The report names the synthetic values the simulator planted: readable by the owner only. */
    private void restrictReport() {
        try {
            if (Files.exists(report)) {
                Files.setPosixFilePermissions(report, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // a file system without POSIX permissions: the data folder's own permissions apply
        }
    }

    boolean finished() {
        return thread != null && !thread.isAlive();
    }

    /** The simulator's exit code, -1 while it runs. */
    int exitCode() {
        return exitCode.get();
    }

    /** Ends the run early (it flushes what it sent) and waits for the thread. */
    void stop(Duration timeout) throws InterruptedException {
        if (thread != null && thread.isAlive()) {
            thread.interrupt();
            thread.join(timeout.toMillis());
        }
    }

    /** The simulator's own closing summary (what it injected when), from its log; empty while it runs. */
    List<String> closingSummary() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("Simulated ") || lines.get(i).startsWith("Summary")) {
                    return lines.subList(i, lines.size());
                }
            }
            return List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
