package org.openclaw.oversight.platform.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.openclaw.oversight.connectors.flink.CheckpointDirectory;
import org.openclaw.oversight.connectors.flink.JobBootstrap.DefinedJob;
import org.openclaw.oversight.connectors.flink.JobEnvironment;
import org.openclaw.oversight.connectors.flink.LocalJobRegistry;
import org.openclaw.oversight.connectors.flink.ResumePoint;
import org.openclaw.oversight.connectors.flink.RootCause;

/**
 * One job of the demo on the shared MiniCluster: submitted as its own Flink job (its own uids, state,
 * restart strategy and checkpoints under {@code <data dir>/checkpoints/<job>}, exactly as `oversight run`
 * keeps them, so a crashed demo and `oversight run <job>` both resume from them), registered in the
 * local job registry (so `oversight run <job>` refuses to run a second copy and `status`/`down` see it).
 */
final class DemoJob {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(25);
    /** Run folders without a checkpoint that are this old belong to runs that are gone (as `oversight run`). */
    private static final Duration ABANDONED_RUN_FOLDER = Duration.ofMinutes(10);

    private final DefinedJob defined;
    private final ResumePoint resume;
    private LocalJobRegistry.Registration registration;
    private MiniCluster cluster;
    private JobID jobId;

    private DemoJob(DefinedJob defined, ResumePoint resume) {
        this.defined = defined;
        this.resume = resume;
    }

    /** Chooses what to restore (the job's latest completed checkpoint, as `oversight run`) and applies it. */
    static DemoJob prepare(DefinedJob defined) {
        ResumePoint resume = ResumePoint.choose(defined.options());
        resume.applyTo(defined.env());
        return new DemoJob(defined, resume);
    }

    String name() {
        return defined.name();
    }

    String resumeLine() {
        return resume.describe(Instant.now());
    }

    /** Claims the job in the registry and submits it; the registry refuses a job `oversight run` already runs. */
    void submit(MiniCluster cluster, String webUi, LocalJobRegistry registry) throws Exception {
        this.cluster = cluster;
        registration = registry.claim(name(), defined.options().checkpointDir());
        if (resume.kind() == ResumePoint.Kind.CHECKPOINT || resume.kind() == ResumePoint.Kind.NONE) {
            CheckpointDirectory.of(defined.options().checkpointDir())
                    .prune(JobEnvironment.RETAINED_CHECKPOINTS, ABANDONED_RUN_FOLDER);
        }
        Configuration conf = Configuration.fromMap(defined.env().getConfiguration().toMap());
        StreamGraph graph = defined.env().getStreamGraph();
        graph.setJobName("oversight-" + name());
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.fromConfiguration(conf));
        graph.serializeUserDefinedInstances();
        try {
            jobId = cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
        } catch (Exception e) {
            registration.close();
            registration = null;
            String cause = RootCause.oneLine(e);
            throw new IllegalStateException(resume.restores()
                    ? name() + " could not restore " + resume.path() + ": " + cause
                            + ". What to do: if the job's operators changed, run `oversight run " + name()
                            + " --fresh` once (empty state, committed offsets), then the demo again"
                    : name() + " did not start: " + cause + " (details in the log)", e);
        }
        registration.update(webUi, null, jobId.toHexString());
    }

    JobStatus status() {
        try {
            return cluster.getJobStatus(jobId).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private AccessExecutionGraph graph() {
        try {
            return cluster.getExecutionGraph(jobId).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /** State, restarts, last checkpoint, in a few words, for the summary. */
    String describe() {
        AccessExecutionGraph graph = graph();
        if (graph == null) {
            return "unknown";
        }
        StringBuilder text = new StringBuilder(graph.getState().name());
        CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
        CompletedCheckpointStats latest = stats == null ? null : stats.getHistory().getLatestCompletedCheckpoint();
        text.append(latest == null ? ", no checkpoint yet" : ", checkpoint #" + latest.getCheckpointId() + " "
                + ResumePoint.ago(Duration.between(Instant.ofEpochMilli(latest.getLatestAckTimestamp()), Instant.now())));
        ErrorInfo failure = graph.getFailureInfo();
        if (failure != null) {
            text.append(", last failure: ").append(RootCause.oneLine(failure.getException()));
        }
        return text.toString();
    }

    /** The latest completed checkpoint's id, or -1: the demo waits for one after the simulator stops. */
    long latestCheckpointId() {
        AccessExecutionGraph graph = graph();
        CheckpointStatsSnapshot stats = graph == null ? null : graph.getCheckpointStatsSnapshot();
        CompletedCheckpointStats latest = stats == null ? null : stats.getHistory().getLatestCompletedCheckpoint();
        return latest == null ? -1 : latest.getCheckpointId();
    }

    /** Takes a checkpoint now and waits for it: what the job processed is then committed (Kafka and tables). */
    void checkpoint() throws Exception {
        cluster.triggerCheckpoint(jobId).get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * A last checkpoint (so the Kafka transactions of everything processed commit and a restart resumes
     * here), then cancel (checkpoints are retained on cancel), then unregister. Returns the line to print.
     */
    String stop() {
        if (jobId == null) {
            return name() + ": not started";
        }
        String line;
        try {
            String path = cluster.triggerCheckpoint(jobId).get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            line = name() + ": last checkpoint " + CheckpointDirectory.display(new org.apache.flink.core.fs.Path(path));
        } catch (Exception e) {
            line = name() + ": no last checkpoint (" + RootCause.oneLine(e) + "); the next run resumes from the one before";
        }
        try {
            cluster.cancelJob(jobId).get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            cluster.requestJobResult(jobId).get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            line += "; did not cancel cleanly: " + RootCause.oneLine(e);
        }
        unregister();
        return line;
    }

    void unregister() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
    }
}
