package org.openclaw.oversight.connectors.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.config.JobOptions;

/**
 * {@link JobRunner} locally, on its own MiniCluster: the lines a terminal gets when a job starts, fails
 * once and recovers, is cancelled from the web UI; and when it fails for good. (Resuming after kill -9 is platform's
 * JobCrashRecoveryITCase, with real processes.)
 */
class JobRunnerITCase {

    private static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

    @TempDir
    Path checkpoints;

    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureTheTerminal() {
        originalOut = System.out;
        System.setOut(new PrintStream(terminal, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreTheTerminal() {
        System.setOut(originalOut);
        originalOut.print(terminal.toString(StandardCharsets.UTF_8)); // keep it in the test report
    }

    @Test
    void aRestartIsReportedWithItsRootCauseInOneLineAndACancelEndsTheRun() throws Exception {
        FAILED_ONCE.set(false);
        StreamExecutionEnvironment env = JobEnvironment.create(localOptions());
        env.fromSequence(1, Long.MAX_VALUE).name("numbers").uid("numbers")
                .map(new FailOnce()).name("fail once").uid("fail-once")
                .sinkTo(new DiscardingSink<>()).name("discard").uid("discard");

        ExecutorService runner = Executors.newSingleThreadExecutor();
        Future<?> run = runner.submit(() -> {
            JobRunner.run(env, localOptions(), "runner-test");
            return null;
        });
        awaitLine(run, "runner-test  RUNNING again after restart 1");
        Matcher address = Pattern.compile("web UI (http://127\\.0\\.0\\.1:\\d+) · job id ([0-9a-f]{32})").matcher(lines());
        assertThat(address.find()).as(lines()).isTrue();
        // what the web UI's cancel button does
        HttpResponse<String> cancel = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(address.group(1) + "/jobs/" + address.group(2) + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        run.get(60, TimeUnit.SECONDS);
        runner.shutdown();

        assertThat(lines())
                .containsPattern("\\d\\d:\\d\\d:\\d\\d runner-test  no checkpoint yet in " + checkpoints)
                .contains("runner-test  RUNNING\n")
                .contains("runner-test  RESTARTING (restart 1): IllegalStateException: planned failure after 1000 numbers\n")
                .contains("runner-test  CANCELED (from the web UI or the REST API)");
        assertThat(lines().lines().filter(line -> line.contains("RESTARTING"))).hasSize(1);
    }

    private void awaitLine(Future<?> run, String text) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!lines().contains(text)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no '" + text + "' within 90 s:\n" + lines());
            }
            try {
                run.get(200, TimeUnit.MILLISECONDS); // the pause between looks; returns early if the run ended
                throw new AssertionError("the run ended before '" + text + "':\n" + lines());
            } catch (TimeoutException stillRunning) {
                // look again
            }
        }
    }

    private String lines() {
        return terminal.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aJobThatCannotRecoverEndsWithItsCause() {
        StreamExecutionEnvironment env = JobEnvironment.create(localOptions());
        env.fromSequence(1, 10).name("numbers").uid("numbers")
                .map(new FailForGood()).name("fail for good").uid("fail-for-good")
                .sinkTo(new DiscardingSink<>()).name("discard").uid("discard");

        assertThatThrownBy(() -> JobRunner.run(env, localOptions(), "runner-test"))
                .hasMessageContaining("runner-test failed: IllegalArgumentException: the price table has no EUR rate");
        assertThat(terminal.toString(StandardCharsets.UTF_8))
                .contains("runner-test  FAILED: IllegalArgumentException: the price table has no EUR rate");
    }

    @Test
    void aCheckpointThatCannotBeRestoredStopsTheStartWithWhatToDo() throws Exception {
        java.nio.file.Path chk = java.nio.file.Files.createDirectories(
                checkpoints.resolve("0123456789abcdef0123456789abcdef").resolve("chk-4"));
        java.nio.file.Files.writeString(chk.resolve("_metadata"), "not a checkpoint");
        StreamExecutionEnvironment env = JobEnvironment.create(localOptions());
        env.fromSequence(1, 10).name("numbers").uid("numbers")
                .sinkTo(new DiscardingSink<>()).name("discard").uid("discard");

        assertThatThrownBy(() -> JobRunner.run(env, localOptions(), "runner-test"))
                .hasMessageContaining("runner-test could not restore " + chk)
                .hasMessageContaining("--fresh");
        assertThat(lines()).contains("runner-test  resuming from checkpoint " + chk);
    }

    private JobOptions localOptions() {
        return JobOptions.parse(new String[] {"--local", "--web-ui-port", "0", "--metrics-ports=", "--parallelism", "1",
                "--checkpoint-interval", "500ms", "--checkpoint-dir", checkpoints.toString()}, Map.of());
    }

    private static final class FailOnce implements MapFunction<Long, Long> {
        @Override
        public Long map(Long value) {
            if (value == 1_000 && FAILED_ONCE.compareAndSet(false, true)) {
                throw new RuntimeException("map failed", new IllegalStateException("planned failure after 1000 numbers"));
            }
            return value;
        }
    }

    private static final class FailForGood implements MapFunction<Long, Long> {
        @Override
        public Long map(Long value) {
            throw new SuppressRestartsException(new IllegalArgumentException("the price table has no EUR rate"));
        }
    }
}
