package org.openclaw.oversight.connectors.flink;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.PerJobMiniClusterFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.client.JobCancellationException;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.ExceptionUtils;
import org.openclaw.oversight.config.JobOptions;
import org.openclaw.oversight.connectors.flink.metrics.LoopbackPrometheusReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job on a MiniCluster of this process, watched from the foreground. The cluster is made the way
 * Flink's own local executor makes it ({@link PerJobMiniClusterFactory}), but we keep hold of it: for
 * the web UI address it actually bound (the REST port is a range, so two runs started together take
 * two ports instead of one failing), the execution graph (state, failure cause, checkpoints) and a last
 * checkpoint on shutdown. Nothing here talks to a remote cluster.
 */
final class LocalJobRun {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobRun.class);

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration STOP_STEP_TIMEOUT = Duration.ofSeconds(25);
    /** Run folders without a checkpoint that are this old belong to runs that are gone. */
    private static final Duration ABANDONED_RUN_FOLDER = Duration.ofMinutes(10);

    private final StreamExecutionEnvironment env;
    private final JobOptions options;
    private final String job;
    private final String name;
    private final ResumePoint resume;
    private final TerminalLines out;

    private MiniCluster cluster;
    private JobClient client;
    private JobID jobId;
    private CompletableFuture<JobExecutionResult> result;
    private LocalJobRegistry.Registration registration;
    private volatile boolean stopping;
    private long lastFailureTimestamp;
    private String lastCause;
    private int restarts;
    private long runningPrintedAt;

    LocalJobRun(StreamExecutionEnvironment env, JobOptions options, String job, String name, ResumePoint resume,
            TerminalLines out) {
        this.env = env;
        this.options = options;
        this.job = job;
        this.name = name;
        this.resume = resume;
        this.out = out;
    }

    void run() throws Exception {
        if (options.jobsDir() != null && !options.jobsDir().isBlank()) {
            registration = new LocalJobRegistry(Path.of(options.jobsDir())).claim(job, options.checkpointDir());
        }
        Thread stopHook = new Thread(this::stopGracefully, "oversight-" + job + "-stop");
        try {
            pruneOldCheckpoints();
            start();
            Runtime.getRuntime().addShutdownHook(stopHook);
            watch();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopHook);
            } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
                // the hook is running (or never got added): it cleans up itself
            }
            if (!stopping) {
                close();
            }
        }
    }

    /**
     * Keeps the checkpoint folder bounded across restarts: Flink retains a few checkpoints per run and
     * takes over (and later deletes) the one we restore, but the older ones of earlier runs would stay
     * forever. Only when resuming from our own latest checkpoint; a savepoint or --fresh start keeps
     * everything, the user may want to go back.
     */
    private void pruneOldCheckpoints() {
        if (resume.kind() == ResumePoint.Kind.CHECKPOINT || resume.kind() == ResumePoint.Kind.NONE) {
            int pruned = CheckpointDirectory.of(options.checkpointDir())
                    .prune(JobEnvironment.RETAINED_CHECKPOINTS, ABANDONED_RUN_FOLDER);
            if (pruned > 0) {
                LOG.info("deleted {} old checkpoints and empty run folders from {}", pruned, options.checkpointDir());
            }
        }
    }

    private void start() throws Exception {
        Configuration conf = Configuration.fromMap(env.getConfiguration().toMap());
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.fromConfiguration(conf));
        graph.serializeUserDefinedInstances();
        AtomicReference<MiniCluster> made = new AtomicReference<>();
        try {
            client = PerJobMiniClusterFactory.createWithFactory(conf, configuration -> {
                MiniCluster miniCluster = new MiniCluster(configuration);
                made.set(miniCluster);
                return miniCluster;
            }).submitJob(graph, Thread.currentThread().getContextClassLoader()).get();
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.error("{} did not start", job, cause);
            if (resume.restores()) {
                throw new IllegalStateException(job + " could not restore " + resume.path() + ": " + RootCause.oneLine(cause)
                        + ". What to do: if the job's operators changed, start once with --fresh (empty state, committed"
                        + " offsets) or name an older checkpoint with --from-savepoint; details in the log", cause);
            }
            throw new IllegalStateException(job + " did not start: " + RootCause.oneLine(cause) + " (details in the log)", cause);
        }
        cluster = made.get();
        jobId = client.getJobID();
        result = client.getJobExecutionResult();
        String webUi = cluster.getRestAddress().get(30, TimeUnit.SECONDS).toString().replaceAll("/$", "");
        Integer metricsPort = metricsPort();
        out.line("web UI " + webUi + (metricsPort == null ? "" : " · metrics http://127.0.0.1:" + metricsPort + "/metrics")
                + " · job id " + jobId);
        if (registration != null) {
            registration.update(webUi, metricsPort, jobId.toHexString());
        }
    }

    private static Integer metricsPort() {
        try {
            return LoopbackPrometheusReporter.boundPort().stream().boxed().findFirst().orElse(null);
        } catch (NoClassDefFoundError noPrometheusReporter) {
            return null;
        }
    }

    /** Prints state changes as they happen and progress every {@link #PROGRESS_EVERY} until the job ends. */
    private void watch() throws Exception {
        JobStatus shown = null;
        long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        while (true) {
            try {
                result.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException stillRunning) {
                // poll again below
            } catch (ExecutionException ended) {
                break;
            }
            JobStatus status = status();
            if (status != null && status != shown) {
                onStatus(status);
                shown = status;
            }
            if (System.nanoTime() - nextProgress >= 0) {
                nextProgress += PROGRESS_EVERY.toNanos();
                progress();
            }
        }
        ended();
    }

    private JobStatus status() {
        try {
            return client.getJobStatus().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null; // the cluster is shutting down; the result future says how the job ended
        }
    }

    private AccessExecutionGraph graph() {
        try {
            return cluster.getExecutionGraph(jobId).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private void onStatus(JobStatus status) {
        if (status == JobStatus.RUNNING) {
            printRunning();
            return;
        }
        AccessExecutionGraph graph = status == JobStatus.RESTARTING || status == JobStatus.FAILING || status == JobStatus.CANCELLING
                ? graph() : null;
        if (graph != null && graph.getStatusTimestamp(JobStatus.RUNNING) > runningPrintedAt) {
            printRunning(); // a RUNNING phase shorter than one poll (a job failing right at start)
        }
        switch (status) {
            case RESTARTING -> noteFailure(graph, true);
            case CANCELLING -> {
                if (!stopping) {
                    out.line("CANCELLING");
                }
            }
            default -> { } // INITIALIZING, CREATED: RUNNING follows; FAILING, FAILED, CANCELED, FINISHED: ended() says how
        }
    }

    private void printRunning() {
        runningPrintedAt = System.currentTimeMillis();
        out.line(restarts == 0 ? "RUNNING" : "RUNNING again after restart " + restarts);
    }

    /** A new failure (one we have not reported) becomes a RESTARTING line; repeats of one cause are shortened. */
    private void noteFailure(AccessExecutionGraph graph, boolean restarting) {
        ErrorInfo failure = graph == null ? null : graph.getFailureInfo();
        if (failure == null || failure.getTimestamp() == lastFailureTimestamp) {
            return;
        }
        lastFailureTimestamp = failure.getTimestamp();
        String cause = RootCause.oneLine(failure.getException());
        if (restarting) {
            restarts++;
            out.line("RESTARTING (restart " + restarts + "): " + (cause.equals(lastCause) ? "same cause as before" : cause));
        }
        lastCause = cause;
    }

    private void progress() {
        AccessExecutionGraph graph = graph();
        if (graph != null && graph.getState() != JobStatus.RESTARTING) {
            noteFailure(graph, true); // a restart shorter than one poll
        }
        JobProgressReporter.Totals totals = JobProgressReporter.totals();
        StringBuilder line = new StringBuilder()
                .append(String.format("in %,d · out %,d", totals.in(), totals.out()));
        if (totals.rows() > 0) {
            line.append(String.format(" · rows %,d", totals.rows()));
        }
        line.append(String.format(" · dead letters %,d", totals.deadLetters())).append(" · ").append(checkpoints(graph))
                .append(" · restarts ").append(restarts);
        out.line(line.toString());
    }

    private static String checkpoints(AccessExecutionGraph graph) {
        CheckpointStatsSnapshot stats = graph == null ? null : graph.getCheckpointStatsSnapshot();
        if (stats == null) {
            return "checkpoints unknown";
        }
        CompletedCheckpointStats latest = stats.getHistory().getLatestCompletedCheckpoint();
        if (latest == null) {
            return "no checkpoint yet"; // attempts fail until every task runs: no news
        }
        String text = "checkpoint #" + latest.getCheckpointId() + " "
                + ResumePoint.ago(Duration.between(Instant.ofEpochMilli(latest.getLatestAckTimestamp()), Instant.now()));
        FailedCheckpointStats failed = stats.getHistory().getLatestFailedCheckpoint();
        if (failed != null && failed.getFailureTimestamp() > latest.getLatestAckTimestamp()) {
            String reason = failed.getFailureMessage() == null ? "see the log" : failed.getFailureMessage().strip();
            text += " (the last attempt failed: " + (reason.length() > 120 ? reason.substring(0, 119) + "…" : reason) + ")";
        }
        return text;
    }

    private void ended() throws Exception {
        try {
            result.get();
            out.line("FINISHED");
        } catch (ExecutionException e) {
            if (stopping) {
                return;
            }
            if (ExceptionUtils.findThrowable(e, JobCancellationException.class).isPresent()) {
                out.line("CANCELED (from the web UI or the REST API); the next run resumes from the last checkpoint");
                return;
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String line = RootCause.oneLine(cause);
            out.line("FAILED: " + line);
            LOG.error("{} failed", job, cause);
            throw new IllegalStateException(job + " failed: " + line + " (details in the log)", cause);
        }
    }

    /**
     * On Ctrl-C or SIGTERM: a last checkpoint, so the next run resumes from here and the Kafka
     * transactions of what was processed commit; then cancel (checkpoints are retained on cancel).
     */
    private void stopGracefully() {
        stopping = true;
        if (cluster == null || jobId == null) {
            close();
            return;
        }
        try {
            out.line("stopping: taking a last checkpoint ...");
            String path = cluster.triggerCheckpoint(jobId).get(STOP_STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            out.line("last checkpoint " + CheckpointDirectory.display(new org.apache.flink.core.fs.Path(path)));
        } catch (Exception e) {
            out.line("no last checkpoint (" + RootCause.oneLine(e) + "); the next run resumes from the one before");
        }
        try {
            client.cancel().get(STOP_STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            result.handle((r, t) -> null).get(STOP_STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("{} did not cancel cleanly: {}", job, e.toString());
        }
        close();
        out.line("stopped");
    }

    private void close() {
        if (registration != null) {
            registration.close();
        }
        if (cluster != null) {
            try {
                cluster.closeAsync().get(STOP_STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("local cluster of {} did not shut down cleanly: {}", job, e.toString());
            }
        }
    }
}
