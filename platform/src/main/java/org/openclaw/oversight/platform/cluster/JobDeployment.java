package org.openclaw.oversight.platform.cluster;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.openclaw.oversight.platform.UserFacingException;

/**
 * Submits a job's shaded jar to a session cluster through its REST API, and upgrades it: stop with a savepoint,
 * start the new jar from that savepoint. What `oversight deploy` does, and what the cluster tests call.
 */
public final class JobDeployment {

    /** What a submission did. */
    public record Deployed(String jobId, String jarId, String entryClass, String restoredFrom) {}

    private final FlinkRest rest;

    public JobDeployment(FlinkRest rest) {
        this.rest = rest;
    }

    /** The Flink job name of one of ours, as JobRunner names it. */
    public static String flinkJobName(String job) {
        return "oversight-" + job;
    }

    /** {@code jobs/<job>/target/oversight-job-<job>-<version>-job.jar} under {@code home}: what the build produces. */
    public static Path jobJar(Path home, String job) {
        Path target = home.resolve("jobs").resolve(job).resolve("target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "oversight-job-" + job + "-*-job.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            } catch (IOException e) {
                throw new UserFacingException("cannot list " + target + ": " + e.getMessage(), "check the folder's permissions");
            }
        }
        throw new UserFacingException("no job jar for '" + job + "' in " + target,
                "build it: mvn -o -pl jobs/" + job + " -am package -DskipTests (or run ./oversight once, which builds every job)");
    }

    /** The jar's Main-Class, which the shade plugin writes from the module's job.main.class. */
    public static String entryClass(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
            if (main == null || main.isBlank()) {
                throw new UserFacingException(jar + " names no Main-Class", "build it with the shade plugin of jobs/<job>/pom.xml");
            }
            return main;
        } catch (IOException e) {
            throw new UserFacingException("cannot read " + jar + ": " + e.getMessage(), "rebuild the job");
        }
    }

    /** Uploads and runs the jar; {@code savepoint} null starts with empty state (offsets: the committed ones). */
    public Deployed start(Path jar, List<String> args, int parallelism, String savepoint, Duration timeout)
            throws IOException, InterruptedException {
        String entryClass = entryClass(jar);
        String jarId = rest.uploadJar(jar);
        String jobId = rest.runJar(jarId, entryClass, args, parallelism, savepoint);
        awaitAllTasksRunning(jobId, timeout);
        return new Deployed(jobId, jarId, entryClass, savepoint);
    }

    /** Stops the running job of this name with a savepoint into {@code savepointDir}; returns the savepoint. */
    public String stopWithSavepoint(String job, Path savepointDir, Duration timeout) throws IOException, InterruptedException {
        FlinkRest.Job running = rest.activeJob(flinkJobName(job)).orElseThrow(() -> new UserFacingException(
                "no running job " + flinkJobName(job) + " on " + rest.baseUrl() + " to stop", "deploy it first: ./oversight deploy " + job));
        return rest.stopWithSavepoint(running.id(), savepointDir, timeout);
    }

    public Optional<FlinkRest.Job> running(String job) throws IOException {
        return rest.activeJob(flinkJobName(job));
    }

    /** Waits until the job and every one of its tasks run; fails with the job's state if it failed instead. */
    public void awaitAllTasksRunning(String jobId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "?";
        while (System.nanoTime() < deadline) {
            if (rest.allTasksRunning(jobId)) {
                return;
            }
            state = rest.jobState(jobId);
            if (List.of("FAILED", "CANCELED", "FINISHED").contains(state)) {
                throw new UserFacingException("job " + jobId + " is " + state + " instead of running",
                        "read the JobManager's and TaskManagers' logs (oversight cluster status names them)");
            }
            Thread.sleep(250); // poll interval; the loop waits for the condition
        }
        throw new UserFacingException("job " + jobId + " did not have all tasks running within " + timeout.toSeconds()
                + " s (state " + state + ")", "check free slots with ./oversight cluster status");
    }

}
