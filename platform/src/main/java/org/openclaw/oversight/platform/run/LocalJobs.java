package org.openclaw.oversight.platform.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openclaw.oversight.connectors.flink.LocalJobRegistry;
import org.openclaw.oversight.connectors.flink.LocalJobRegistry.Entry;

/**
 * The jobs `oversight run` started, as `status` lists them and `down` stops them. The registry
 * ({@code <data dir>/jobs/}) says which processes they are; the job's own REST API says how it is
 * doing (state, restarts, last checkpoint).
 */
public final class LocalJobs {

    /** A stopping job takes a last checkpoint and cancels; more than this and it gets SIGKILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final LocalJobRegistry registry;

    public LocalJobs(Path dataDir) {
        this.registry = new LocalJobRegistry(RunCommand.jobsDir(dataDir));
    }

    public List<Entry> running() {
        return registry.running();
    }

    /** One line per running job; nothing when none runs. */
    public void printStatus(PrintWriter out) {
        for (Entry entry : running()) {
            out.printf("%-16s %s%n", "job " + entry.job(), describe(entry, Instant.now()));
        }
    }

    static String describe(Entry entry, Instant now) {
        StringBuilder line = new StringBuilder("pid ").append(entry.pid())
                .append("  ").append(entry.webUi() == null ? "starting" : entry.webUi())
                .append("  up ").append(uptime(Duration.between(entry.startedAt(), now)));
        if (entry.webUi() != null && entry.flinkJobId() != null) {
            line.append("  ").append(fromRestApi(entry.webUi(), entry.flinkJobId(), now));
        }
        return line.toString();
    }

    private static String fromRestApi(String webUi, String jobId, Instant now) {
        try {
            JsonNode job = get(webUi + "/jobs/" + jobId);
            JsonNode checkpoints = get(webUi + "/jobs/" + jobId + "/checkpoints");
            JsonNode restarts = get(webUi + "/jobs/" + jobId + "/metrics?get=numRestarts");
            String state = job.path("state").asText("?");
            String restartCount = restarts.isArray() && !restarts.isEmpty() ? restarts.get(0).path("value").asText("?") : "?";
            JsonNode latest = checkpoints.path("latest").path("completed");
            String checkpoint = latest.isMissingNode() || latest.isNull() ? "no checkpoint yet"
                    : "last checkpoint #" + latest.path("id").asLong() + " "
                            + uptime(Duration.between(Instant.ofEpochMilli(latest.path("latest_ack_timestamp").asLong()), now)) + " ago";
            return state + "  restarts " + restartCount + "  " + checkpoint;
        } catch (Exception e) {
            return "web UI not answering (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " from " + url);
        }
        return JSON.readTree(response.body());
    }

    static String uptime(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format("%02ds", seconds % 60);
        }
        return seconds / 3600 + "h" + String.format("%02dm", seconds % 3600 / 60);
    }

    /**
     * Stops every registered job: SIGTERM (the job takes a last checkpoint and cancels), SIGKILL after
     * {@link #STOP_GRACE}. Only processes whose command line is ours: {@link LocalJobRegistry#running}
     * drops entries whose pid died or now belongs to something else. Returns false if one survived.
     */
    public boolean stopAll(PrintWriter out) throws Exception {
        boolean clean = true;
        List<Entry> entries = running();
        for (Entry entry : entries) {
            // all at once: each takes its last checkpoint in parallel
            ProcessHandle.of(entry.pid()).ifPresent(ProcessHandle::destroy);
        }
        for (Entry entry : entries) {
            ProcessHandle process = ProcessHandle.of(entry.pid()).orElse(null);
            boolean stopped = true;
            if (process != null) {
                try {
                    process.onExit().get(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    process.destroyForcibly();
                    process.onExit().get(10, TimeUnit.SECONDS);
                    stopped = !process.isAlive();
                }
            }
            clean &= stopped;
            out.printf("%-16s %s (pid %d)%n", "job " + entry.job(), stopped ? "stopped" : "COULD NOT BE STOPPED", entry.pid());
        }
        registry.running(); // deletes the entries of the processes just stopped, also of one that was SIGKILLed
        return clean;
    }
}
