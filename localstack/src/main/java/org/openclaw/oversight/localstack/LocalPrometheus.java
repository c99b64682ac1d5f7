package org.openclaw.oversight.localstack;

import java.io.IOException;
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
import java.util.Map;
import java.util.Optional;

/**
 * Prometheus (Debian package {@code prometheus}) as our own process: 127.0.0.1 on a port of our choice, its own
 * data directory, a scrape config written on every start (the local jobs' Prometheus ports, the local Alertmanager
 * as its alert target) and the rule files of {@code deploy/prometheus/rules}. The package's system service is never
 * used (installed with a policy-rc.d that forbids starting it, as for Alertmanager).
 */
public final class LocalPrometheus implements AutoCloseable {

    public static final String PACKAGE = "prometheus";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    /** Scrape job of the local Flink processes; the Kubernetes config's job is oversight-flink. */
    public static final String SCRAPE_JOB = "oversight-local";
    private static final String NAME = "prometheus";

    /** What the local Prometheus scrapes and where it sends alerts. */
    public record Targets(List<String> flinkTargets, String alertmanagerHostPort, List<Path> ruleFiles,
                          Duration scrapeInterval) {}

    private final Path dataDir;
    private final int port;
    private final ServerProcess process;

    private LocalPrometheus(Path dataDir, int port, ServerProcess process) {
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
    }

    /** Starts Prometheus; {@code port} 0 picks a free port. */
    public static LocalPrometheus start(Path dataDir, int port, Targets targets) {
        return start(dataDir, port, targets, DEFAULT_START_TIMEOUT);
    }

    public static LocalPrometheus start(Path dataDir, int port, Targets targets, Duration timeout) {
        int chosenPort = Ports.resolve("Prometheus", port);
        Path dir = dataDir.toAbsolutePath();
        Path binary = findOrInstall(dir.resolve("apt-get.log"));
        try {
            Files.createDirectories(dir.resolve("data"));
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, config(targets), StandardCharsets.UTF_8);
            List<String> command = List.of(binary.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--storage.tsdb.retention.time=7d",
                    "--web.listen-address=" + Ports.LOOPBACK + ":" + chosenPort,
                    "--web.enable-lifecycle",
                    "--log.level=info");
            ServerProcess process = ServerProcess.launch("Prometheus", command, dir, dir.resolve("prometheus.log"), Map.of());
            LocalPrometheus prometheus = new LocalPrometheus(dir, chosenPort, process);
            process.awaitReady(timeout, prometheus::isReady, "read the log; check " + config);
            return prometheus;
        } catch (IOException e) {
            throw new ServerStartException("Prometheus: could not prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The scrape config: the Flink processes with honor_labels (their own job label is the Oversight job's). */
    public static String config(Targets targets) {
        List<String> lines = new ArrayList<>(List.of(
                "# written by oversight-localstack on every start; edits are overwritten",
                "global:",
                "  scrape_interval: " + targets.scrapeInterval().toSeconds() + "s",
                "  evaluation_interval: " + targets.scrapeInterval().toSeconds() + "s",
                "  external_labels:",
                "    deployment: local",
                "rule_files:"));
        targets.ruleFiles().forEach(f -> lines.add("  - " + quoted(f.toAbsolutePath().toString())));
        lines.addAll(List.of(
                "alerting:",
                "  alertmanagers:",
                "    - static_configs:",
                "        - targets: [" + quoted(targets.alertmanagerHostPort()) + "]",
                "scrape_configs:",
                "  - job_name: " + SCRAPE_JOB,
                "    # the seed metrics carry job=<oversight job>; keep it rather than renaming it exported_job",
                "    honor_labels: true",
                "    static_configs:",
                "      - targets:"));
        targets.flinkTargets().forEach(t -> lines.add("          - " + quoted(t)));
        lines.add("");
        return String.join("\n", lines);
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return process.logFile();
    }

    public Path dataDir() {
        return dataDir;
    }

    public ServerStats stats() {
        return new ServerStats(NAME, url(), pid(), process.startDuration(), ResidentMemory.of(pid()));
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(15));
    }

    private boolean isReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** {@code promtool}, beside the server in Debian's package; installs the package when it is missing. */
    public static Path promtool(Path aptLog) {
        findOrInstall(aptLog);
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            throw new ServerStartException("promtool not found at " + promtool + " although " + PACKAGE + " is installed");
        }
        return promtool;
    }

    static Path findOrInstall(Path aptLog) {
        Optional<Path> found = findBinary();
        if (found.isPresent()) {
            return found.get();
        }
        DebianPackage.install(PACKAGE, "Prometheus (" + PACKAGE + ")", aptLog);
        return findBinary().orElseThrow(() -> new ServerStartException("Prometheus is still not found after installing "
                + PACKAGE + ". What to do: set OVERSIGHT_PROMETHEUS_BIN to its binary"));
    }

    static Optional<Path> findBinary() {
        String configured = System.getenv("OVERSIGHT_PROMETHEUS_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        for (String candidate : List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus")) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }
}
