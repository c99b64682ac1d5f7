package org.openclaw.oversight.connectors.flink;

import java.time.Instant;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.openclaw.oversight.config.JobOptions;

/**
 * The one way a job's {@code main} executes its pipeline, instead of {@code env.execute}: it decides what
 * to restore ({@link ResumePoint}: {@code --from-savepoint}, else the latest completed checkpoint under
 * {@code --checkpoint-dir}, else nothing; {@code --fresh} ignores state) and says so. On a cluster it then
 * submits the job as usual. Locally ({@code --local}) it runs the job on a MiniCluster of its own and
 * stays in the foreground as its terminal ({@link LocalJobRun}): web UI address, state changes with the
 * root cause of each restart, a progress line every 10 s, the job registry entry, and a last checkpoint
 * when the process is asked to stop.
 */
public final class JobRunner {

    private JobRunner() {}

    /** Runs the pipeline defined on {@code env}; returns when it ends, throws when it fails or cannot start. */
    public static void run(StreamExecutionEnvironment env, JobOptions options, String job) throws Exception {
        TerminalLines out = new TerminalLines(job, System.out);
        ResumePoint resume = ResumePoint.choose(options);
        out.line(resume.describe(Instant.now()));
        if (resume.restores() && options.fromBeginning()) {
            out.line("note: --from-beginning does not apply, the restored state has its own offsets; add --fresh to read from the start");
        }
        resume.applyTo(env);
        String name = "oversight-" + job;
        if (!options.local()) {
            env.execute(name);
            return;
        }
        new LocalJobRun(env, options, job, name, resume, out).run();
    }
}
