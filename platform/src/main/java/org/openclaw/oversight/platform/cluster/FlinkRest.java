package org.openclaw.oversight.platform.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The few calls of the JobManager's REST API (the same API the web UI and `flink run` use) that
 * `oversight cluster` and `oversight deploy` need: cluster overview, jar upload and run, job overview,
 * checkpoints, stop-with-savepoint.
 */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Overview(int taskManagers, int slotsTotal, int slotsAvailable, int jobsRunning, String flinkVersion) {}

    public record Job(String id, String name, String state, long startTime) {}

    public record Checkpoints(long completed, long failed, long restored, String latestPath, String restoredPath) {}

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public FlinkRest(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The cluster overview, or empty when nothing answers (not started, or stopped). */
    public Optional<Overview> overview() {
        try {
            JsonNode o = get("/overview");
            return Optional.of(new Overview(o.path("taskmanagers").asInt(), o.path("slots-total").asInt(),
                    o.path("slots-available").asInt(), o.path("jobs-running").asInt(), o.path("flink-version").asText()));
        } catch (ConnectException | java.net.http.HttpConnectTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Uploads a jar ({@code POST /jars/upload}); returns the jar id the cluster gave it. */
    public String uploadJar(Path jar) throws IOException {
        String boundary = "oversight-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/jars/upload"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        JsonNode answer = send(request, "upload " + jar.getFileName());
        String filename = answer.path("filename").asText();
        if (filename.isEmpty()) {
            throw new IOException("the JobManager did not accept " + jar + ": " + answer);
        }
        return Path.of(filename).getFileName().toString();
    }

    /**
     * Runs an uploaded jar's main in the JobManager ({@code POST /jars/:id/run}); returns the Flink job id. A main
     * that throws (bad options, a missing key, a database behind its migrations) fails here with its message.
     */
    public String runJar(String jarId, String entryClass, List<String> args, int parallelism, String savepointPath)
            throws IOException {
        ObjectNode request = JSON.createObjectNode();
        request.put("entryClass", entryClass);
        request.set("programArgsList", JSON.valueToTree(args));
        if (parallelism > 0) {
            request.put("parallelism", parallelism);
        }
        if (savepointPath != null) {
            request.put("savepointPath", savepointPath);
        }
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(baseUrl + "/jars/" + jarId + "/run"))
                .timeout(Duration.ofMinutes(3)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(), "run " + entryClass);
        return answer.path("jobid").asText();
    }

    public List<Job> jobs() throws IOException {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            jobs.add(new Job(job.path("jid").asText(), job.path("name").asText(), job.path("state").asText(),
                    job.path("start-time").asLong()));
        }
        return jobs;
    }

    /** The running (or restarting, created) job of this name, if any. */
    public Optional<Job> activeJob(String name) throws IOException {
        return jobs().stream().filter(j -> j.name().equals(name))
                .filter(j -> List.of("RUNNING", "RESTARTING", "CREATED", "INITIALIZING", "FAILING").contains(j.state()))
                .findFirst();
    }

    public String jobState(String jobId) throws IOException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** True when every task of the job runs (not only the job: after a failover tasks are scheduled again). */
    public boolean allTasksRunning(String jobId) throws IOException {
        JsonNode job = get("/jobs/" + jobId);
        if (!"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!"RUNNING".equals(vertex.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    public Checkpoints checkpoints(String jobId) throws IOException {
        JsonNode c = get("/jobs/" + jobId + "/checkpoints");
        JsonNode restored = c.path("latest").path("restored");
        return new Checkpoints(c.path("counts").path("completed").asLong(), c.path("counts").path("failed").asLong(),
                c.path("counts").path("restored").asLong(), c.path("latest").path("completed").path("external_path").asText(null),
                restored.isMissingNode() || restored.isNull() ? null : restored.path("external_path").asText(null));
    }

    /** How often the job restarted since it was submitted (failovers): its numRestarts metric. */
    public long restarts(String jobId) throws IOException {
        JsonNode metrics = get("/jobs/" + jobId + "/metrics?get=numRestarts");
        for (JsonNode m : metrics) {
            return m.path("value").asLong();
        }
        return 0;
    }

    /**
     * Stops the job with a savepoint ({@code POST /jobs/:id/stop}) and waits for it; returns the savepoint's
     * path. The sources stop first, so the savepoint holds every record read and the sinks' committed output.
     */
    public String stopWithSavepoint(String jobId, Path targetDir, Duration timeout) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("targetDirectory", targetDir.toUri().toString());
        request.put("drain", false);
        JsonNode trigger = send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "/stop"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(), "stop " + jobId);
        String triggerId = trigger.path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + triggerId);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new IOException("the savepoint of " + jobId + " failed: "
                            + operation.path("failure-cause").path("stack-trace").asText().lines().findFirst().orElse("?"));
                }
                return operation.path("location").asText();
            }
            Thread.sleep(250); // poll interval of the REST operation; the loop waits for its status
        }
        throw new IOException("the savepoint of " + jobId + " did not complete within " + timeout.toSeconds() + " s");
    }

    public void cancel(String jobId) throws IOException {
        send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "?mode=cancel"))
                .timeout(Duration.ofSeconds(30)).method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), "cancel " + jobId);
    }

    JsonNode get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).GET().build(), "GET " + path);
    }

    private JsonNode send(HttpRequest request, String what) throws IOException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            if (response.statusCode() >= 300) {
                throw new IOException(what + ": HTTP " + response.statusCode() + " from " + baseUrl + ": " + errors(body));
            }
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " was interrupted", e);
        }
    }

    /** Flink's error body lists the exception chain; the lines that say what went wrong, without the frames. */
    static String errors(String body) {
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            StringBuilder out = new StringBuilder();
            for (JsonNode error : errors) {
                error.asText().lines().map(String::strip)
                        .filter(l -> !l.startsWith("at ") && !l.startsWith("...") && !l.isEmpty())
                        .filter(l -> l.contains("Exception") || l.contains("Error") || l.contains("What to do") || !l.contains("$"))
                        .limit(12).forEach(l -> out.append("\n  ").append(l));
            }
            return out.length() == 0 ? body : out.toString();
        } catch (IOException e) {
            return body;
        }
    }
}
