package org.openclaw.oversight.platform.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job in a JVM of its own, as a user starts it: java from {@code java.home}, the test classpath, a
 * main class and its arguments; stdout and stderr go to a file the test reads. {@link #kill9} is a
 * real SIGKILL (Process.destroyForcibly on Linux), not an exception thrown inside the job.
 */
public final class JobProcess {

    private final String name;
    private final Process process;
    private final Path output;

    private JobProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    static JobProcess start(String name, Path output, String mainClass, List<String> args, Map<String, String> env) {
        // small and quick to start: the loaded CI machine starts a dozen of these per run
        return start(name, output, mainClass, args, env, List.of("-Xmx400m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:-UsePerfData"), false);
    }

    /**
     * A command of the CLI ({@code OversightCommand}) as a user runs it: its own JVM options, and none of the
     * caller's {@code OVERSIGHT_*} variables (an external database, a key) in its environment.
     */
    public static JobProcess command(String name, Path output, String mainClass, List<String> args, List<String> jvmOptions) {
        return start(name, output, mainClass, args, Map.of(), jvmOptions, true);
    }

    private static JobProcess start(String name, Path output, String mainClass, List<String> args, Map<String, String> env,
            List<String> jvmOptions, boolean withoutOversightVariables) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        if (withoutOversightVariables) {
            builder.environment().keySet().removeIf(variable -> variable.startsWith("OVERSIGHT_"));
        }
        builder.environment().putAll(env);
        try {
            Files.createDirectories(output.getParent());
            JobProcess started = new JobProcess(name, builder.start(), output);
            started.dieWithThisJvm();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** If the test JVM itself is killed, a shell loop SIGKILLs the child so it does not hold ports forever. */
    private void dieWithThisJvm() throws IOException {
        long jvm = ProcessHandle.current().pid();
        long child = process.pid();
        new ProcessBuilder("/bin/sh", "-c", "while kill -0 " + jvm + " 2>/dev/null && kill -0 " + child
                + " 2>/dev/null; do sleep 2; done; kill -KILL " + child + " 2>/dev/null")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Waits until the output matches {@code pattern}; fails with the output when the process exits or time runs out. */
    public Matcher await(Pattern pattern, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Matcher matcher = pattern.matcher(output());
            if (matcher.find()) {
                return matcher;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before printing /" + pattern
                        + "/. Its output:\n" + tail());
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(name + " did not print /" + pattern + "/ within " + deadline + ". Its output:\n" + tail());
            }
            process.waitFor(200, TimeUnit.MILLISECONDS); // the pause between looks, cut short if it exits
        }
    }

    /** Lets the job run for {@code duration}; fails if it exits by itself meanwhile. */
    public void runFor(Duration duration) throws InterruptedException {
        if (process.waitFor(duration.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " exited by itself (" + process.exitValue() + "). Its output:\n" + tail());
        }
    }

    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM, as Ctrl-C or `oversight down` would; returns the exit code. */
    public int terminate(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not stop within " + grace + " of SIGTERM. Its output:\n" + tail());
        }
        return process.exitValue();
    }

    public boolean awaitExit(Duration deadline) throws InterruptedException {
        return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops it whatever state it is in (test cleanup). */
    public void destroy() {
        process.destroyForcibly();
    }

    public String tail() {
        String text = output();
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }
}
