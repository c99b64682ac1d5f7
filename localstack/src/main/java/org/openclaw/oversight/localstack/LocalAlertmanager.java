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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prometheus Alertmanager (Debian package {@code prometheus-alertmanager}) as our own process on a port of
 * our choice, without clustering. The package's system service is never used: its port is fixed and it is
 * not ours to stop. {@link #stop()} and {@link #start()} restart on the same port, so tests can take it
 * away to prove that alert delivery retries.
 */
public final class LocalAlertmanager implements AutoCloseable {

    public static final String PACKAGE = "prometheus-alertmanager";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    private static final String NAME = "alertmanager";
    /** Routes everything to a receiver that sends nothing: alerts are kept and queryable via the API. */
    static final String MINIMAL_CONFIG = String.join("\n",
            "# written by oversight-localstack: alerts are stored and queryable, nothing is sent",
            "route:",
            "  receiver: 'null'",
            "  group_wait: 1s",
            "receivers:",
            "  - name: 'null'",
            "");

    private final Path dataDir;
    private final int port;
    private final Path configFile;
    private final Path binary;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ServerProcess process;

    private LocalAlertmanager(Path dataDir, int port, Path configFile, Path binary, Duration timeout) {
        this.dataDir = dataDir;
        this.port = port;
        this.configFile = configFile;
        this.binary = binary;
        this.timeout = timeout;
    }

    /** Starts Alertmanager; {@code port} 0 picks a free port, {@code configFile} null writes a minimal one. */
    public static LocalAlertmanager start(Path dataDir, int port, Path configFile) {
        return start(dataDir, port, configFile, DEFAULT_START_TIMEOUT);
    }

    public static LocalAlertmanager start(Path dataDir, int port, Path configFile, Duration timeout) {
        int chosenPort = Ports.resolve("Alertmanager", port);
        Path absoluteDir = dataDir.toAbsolutePath();
        Path binary = findOrInstallBinary(absoluteDir.resolve("apt-get.log"));
        try {
            Files.createDirectories(absoluteDir);
            Path config = configFile;
            if (config == null) {
                config = absoluteDir.resolve("alertmanager.yml");
                Files.writeString(config, MINIMAL_CONFIG, StandardCharsets.UTF_8);
            }
            LocalAlertmanager alertmanager = new LocalAlertmanager(absoluteDir, chosenPort, config.toAbsolutePath(),
                    binary, timeout);
            alertmanager.launch();
            return alertmanager;
        } catch (IOException e) {
            throw new ServerStartException("Alertmanager: could not prepare " + absoluteDir + ": " + e.getMessage(), e);
        }
    }

    /** Base URL, e.g. http://127.0.0.1:9093 (the v2 API is under /api/v2). */
    public String url() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path configFile() {
        return configFile;
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public Path logFile() {
        return dataDir.resolve("alertmanager.log");
    }

    public synchronized ServerStats stats() {
        return new ServerStats(NAME, url(), pid(), process == null ? Duration.ZERO : process.startDuration(),
                process == null ? -1 : ResidentMemory.of(process.pid()));
    }

    /** Stops the process and waits until it is gone; the port is free afterwards. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(15));
        }
    }

    /** Starts it again on the same port with the same config and data (no-op when running). */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Ports.requireFree("Alertmanager", port);
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void launch() {
        List<String> command = List.of(binary.toString(),
                "--config.file=" + configFile,
                "--storage.path=" + dataDir.resolve("data"),
                "--web.listen-address=" + Ports.LOOPBACK + ":" + port,
                // empty: no gossip port, this is a single instance
                "--cluster.listen-address=",
                "--log.level=info");
        process = ServerProcess.launch("Alertmanager", command, dataDir, logFile(), Map.of());
        process.awaitReady(timeout, this::isReady, "read the log; check " + configFile + " is a valid config");
    }

    private boolean isReady() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    static Path findOrInstallBinary(Path aptLog) {
        Optional<Path> found = findBinary();
        if (found.isPresent()) {
            return found.get();
        }
        DebianPackage.install(PACKAGE, "Alertmanager (" + PACKAGE + ")", aptLog);
        return findBinary().orElseThrow(() -> new ServerStartException("Alertmanager is still not found after"
                + " installing " + PACKAGE + ". What to do: set OVERSIGHT_ALERTMANAGER_BIN to its binary"));
    }

    static Optional<Path> findBinary() {
        String configured = System.getenv("OVERSIGHT_ALERTMANAGER_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        for (String candidate : List.of("/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager",
                "/usr/bin/alertmanager")) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }
}
