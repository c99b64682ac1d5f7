package org.openclaw.oversight.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * PostgreSQL for the local stack. When {@code OVERSIGHT_DB_URL} is set, that external server is used
 * (with {@code OVERSIGHT_DB_USER} / {@code OVERSIGHT_DB_PASSWORD}) and nothing is started; otherwise
 * Debian's PostgreSQL server binaries run a private cluster under the data directory, on 127.0.0.1 only.
 * PostgreSQL refuses to run as root, so as root the cluster runs as the {@code postgres} OS user.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String ENV_URL = "OVERSIGHT_DB_URL";
    public static final String ENV_USER = "OVERSIGHT_DB_USER";
    public static final String ENV_PASSWORD = "OVERSIGHT_DB_PASSWORD";
    public static final String DATABASE = "oversight";
    /** Local-only credentials: the cluster listens on 127.0.0.1 and lives in a private directory. */
    public static final String LOCAL_USER = "oversight";
    public static final String LOCAL_PASSWORD = "oversight";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    private static final String NAME = "postgres";
    private static final String OS_USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern JDBC_URL = Pattern.compile("(jdbc:postgresql://[^/?]+)/?([^?]*)(\\?.*)?");

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final int port;
    private final Path pgData;
    private final Path binDir;
    private final List<String> runAs;
    private final ServerProcess process;

    private LocalPostgres(String jdbcUrl, String user, String password, int port, Path pgData, Path binDir,
                          List<String> runAs, ServerProcess process) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.port = port;
        this.pgData = pgData;
        this.binDir = binDir;
        this.runAs = runAs;
        this.process = process;
    }

    /** The external server when OVERSIGHT_DB_URL is set, else a local durable cluster (fsync on). */
    public static LocalPostgres start(Path dataDir, int port) {
        return start(dataDir, port, true);
    }

    /**
     * As {@link #start(Path, int)}; {@code durable = false} turns off fsync, synchronous commit and
     * full-page writes, which is fine for tests (a crash loses the cluster) and several times faster.
     */
    public static LocalPostgres start(Path dataDir, int port, boolean durable) {
        Optional<LocalPostgres> external = fromEnvironment();
        if (external.isPresent()) {
            return external.get();
        }
        return startLocal(dataDir, port, durable, DEFAULT_START_TIMEOUT);
    }

    /** The server named by OVERSIGHT_DB_URL, if set; checked with a connection. */
    public static Optional<LocalPostgres> fromEnvironment() {
        String url = System.getenv(ENV_URL);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(external(url.trim(), Optional.ofNullable(System.getenv(ENV_USER)).orElse(""),
                Optional.ofNullable(System.getenv(ENV_PASSWORD)).orElse("")));
    }

    /** An external server; starts nothing, close() does nothing. */
    public static LocalPostgres external(String jdbcUrl, String user, String password) {
        if (!JDBC_URL.matcher(jdbcUrl).matches()) {
            throw new ServerStartException(ENV_URL + " must be a JDBC URL like jdbc:postgresql://host:5432/oversight,"
                    + " got: " + jdbcUrl);
        }
        LocalPostgres postgres = new LocalPostgres(jdbcUrl, user, password, -1, null, null, List.of(), null);
        try (Connection connection = postgres.connect(jdbcUrl)) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new ServerStartException("external PostgreSQL at " + jdbcUrl + " (from " + ENV_URL
                    + ") does not accept a connection as user '" + user + "': " + e.getMessage()
                    + ". What to do: check the server is up and " + ENV_USER + "/" + ENV_PASSWORD
                    + ", or unset " + ENV_URL + " to run a local PostgreSQL", e);
        }
        return postgres;
    }

    /** Always a local cluster under {@code dataDir}, whatever the environment says. */
    public static LocalPostgres startLocal(Path dataDir, int port, boolean durable, Duration timeout) {
        long startedAt = System.nanoTime();
        int chosenPort = Ports.resolve("PostgreSQL", port);
        Path binDir = findOrInstallBinDir(dataDir.resolve("apt-get.log"));
        Path pgData = dataDir.toAbsolutePath().resolve("pgdata");
        Path logFile = dataDir.toAbsolutePath().resolve("postgres.log");
        List<String> runAs = DebianPackage.runningAsRoot() ? runAsPostgresUser() : List.of();
        try {
            Files.createDirectories(pgData);
            if (!runAs.isEmpty()) {
                handOverToPostgresUser(pgData);
            }
            if (!Files.exists(pgData.resolve("PG_VERSION"))) {
                initdb(binDir, runAs, dataDir.toAbsolutePath(), pgData, logFile, durable);
            }
        } catch (IOException e) {
            throw new ServerStartException("PostgreSQL: could not prepare " + pgData + ": " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>(runAs);
        command.add(binDir.resolve("postgres").toString());
        command.addAll(List.of("-D", pgData.toString(),
                "-c", "listen_addresses=" + Ports.LOOPBACK,
                "-c", "port=" + chosenPort,
                // unix socket paths are limited to ~107 bytes; without one, TCP still works
                "-c", "unix_socket_directories=" + (pgData.toString().length() < 90 ? pgData : ""),
                "-c", "max_connections=200",
                "-c", "logging_collector=off",
                "-c", "fsync=" + (durable ? "on" : "off"),
                "-c", "synchronous_commit=" + (durable ? "on" : "off"),
                "-c", "full_page_writes=" + (durable ? "on" : "off")));
        ServerProcess process = ServerProcess.launch("PostgreSQL", command, dataDir.toAbsolutePath(), logFile, Map.of(),
                startedAt);
        String url = "jdbc:postgresql://" + Ports.LOOPBACK + ":" + chosenPort + "/" + DATABASE;
        LocalPostgres postgres = new LocalPostgres(url, LOCAL_USER, LOCAL_PASSWORD, chosenPort, pgData, binDir,
                runAs, process);
        try {
            process.awaitReady(timeout, postgres::acceptsConnections,
                    "read the log; a cluster left by an older PostgreSQL version needs " + pgData + " deleted");
            postgres.ensureDatabase(DATABASE);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        } catch (SQLException e) {
            postgres.close();
            throw new ServerStartException("PostgreSQL started but could not create database " + DATABASE + ": "
                    + e.getMessage(), e);
        }
        return postgres;
    }

    /** JDBC URL of the {@code oversight} database (or of OVERSIGHT_DB_URL). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Port of the local cluster, or -1 for an external server. */
    public int port() {
        return port;
    }

    public boolean isExternal() {
        return process == null;
    }

    /** PID of the postmaster, or -1 for an external server. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public Path logFile() {
        return process == null ? null : process.logFile();
    }

    public ServerStats stats() {
        if (process == null) {
            return new ServerStats(NAME, jdbcUrl + " (external)", -1, Duration.ZERO, -1);
        }
        return new ServerStats(NAME, jdbcUrl, pid(), process.startDuration(), ResidentMemory.ofTree(pid()));
    }

    /** A new connection to {@link #jdbcUrl()}. */
    public Connection connection() throws SQLException {
        return connect(jdbcUrl);
    }

    /**
     * Creates an empty database (dropping an older one of that name first) and returns its JDBC URL, so a
     * test class can have a clean database of its own.
     */
    public String createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on " + jdbcUrl + ": "
                    + e.getMessage() + (isExternal() ? " (the user of " + ENV_URL + " needs CREATEDB)" : ""), e);
        }
        return urlOfDatabase(jdbcUrl, name);
    }

    /** Stops a local cluster with a fast shutdown (pg_ctl stop -m fast) and waits; external: nothing. */
    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<String> stop = new ArrayList<>(runAs);
        stop.addAll(List.of(binDir.resolve("pg_ctl").toString(), "stop", "-D", pgData.toString(),
                "-m", "fast", "-w", "-t", "60"));
        try {
            ServerProcess.runToCompletion("pg_ctl stop", stop, pgData.getParent(), process.logFile(),
                    Duration.ofSeconds(70), "");
        } catch (ServerStartException e) {
            // the postmaster may already be gone or unresponsive; the kill below is the backstop
        }
        process.awaitExit(Duration.ofSeconds(10));
    }

    static String urlOfDatabase(String jdbcUrl, String database) {
        Matcher matcher = JDBC_URL.matcher(jdbcUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return matcher.group(1) + "/" + database + (matcher.group(3) == null ? "" : matcher.group(3));
    }

    private Connection connect(String url) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, props);
    }

    private boolean acceptsConnections() throws SQLException {
        if (!Ports.isListening(port)) {
            return false;
        }
        try (Connection connection = connect(urlOfDatabase(jdbcUrl, "postgres"))) {
            return connection.isValid(5);
        }
    }

    private void ensureDatabase(String name) throws SQLException {
        try (Connection connection = connect(urlOfDatabase(jdbcUrl, "postgres"));
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + name);
        }
    }

    private static void initdb(Path binDir, List<String> runAs, Path dataDir, Path pgData, Path logFile,
                               boolean durable) throws IOException {
        Path passwordFile = dataDir.resolve("initdb.pw");
        Files.writeString(passwordFile, LOCAL_PASSWORD + "\n", StandardCharsets.UTF_8);
        try {
            if (!runAs.isEmpty()) {
                setOwner(passwordFile);
            }
            List<String> command = new ArrayList<>(runAs);
            command.addAll(List.of(binDir.resolve("initdb").toString(), "-D", pgData.toString(),
                    "-U", LOCAL_USER, "--pwfile=" + passwordFile, "--auth=scram-sha-256",
                    "--encoding=UTF8", "--no-locale"));
            if (!durable) {
                command.add("--no-sync");
            }
            ServerProcess.runToCompletion("PostgreSQL initdb", command, dataDir, logFile, Duration.ofSeconds(120),
                    "read the log; delete " + pgData + " if an earlier initdb left it half-done");
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    /** setpriv execs (no fork), so the PID we hold is the postmaster's own; runuser is the fallback. */
    private static List<String> runAsPostgresUser() {
        try {
            lookup().lookupPrincipalByName(OS_USER);
        } catch (IOException e) {
            throw new ServerStartException("PostgreSQL refuses to run as root and there is no '" + OS_USER
                    + "' OS user. What to do: run as a normal user, or reinstall the postgresql package"
                    + " (it creates that user)");
        }
        if (Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            return List.of("/usr/bin/setpriv", "--reuid=" + OS_USER, "--regid=" + OS_USER, "--init-groups",
                    "--reset-env", "--");
        }
        return List.of("runuser", "-u", OS_USER, "--");
    }

    /** pgdata must belong to the postgres user and every parent directory must let it pass. */
    private static void handOverToPostgresUser(Path pgData) throws IOException {
        setOwner(pgData);
        Files.setPosixFilePermissions(pgData, Set.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        for (Path dir = pgData.getParent(); dir != null; dir = dir.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
            if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                System.err.println("oversight localstack: allowing the postgres user to pass through " + dir
                        + " (o+x, no read) so it can reach its data directory");
                permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(dir, permissions);
            }
        }
    }

    private static void setOwner(Path path) throws IOException {
        UserPrincipal owner = lookup().lookupPrincipalByName(OS_USER);
        GroupPrincipal group = lookup().lookupPrincipalByGroupName(OS_USER);
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(owner);
        view.setGroup(group);
    }

    private static UserPrincipalLookupService lookup() {
        return java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService();
    }

    /**
     * The directory holding initdb/postgres/pg_ctl: OVERSIGHT_PG_BINDIR, else pg_config --bindir, else the
     * newest /usr/lib/postgresql/N/bin; installed with apt when missing and root.
     */
    static Path findOrInstallBinDir(Path aptLog) {
        Optional<Path> found = findBinDir();
        if (found.isPresent()) {
            return found.get();
        }
        DebianPackage.install("postgresql", "the PostgreSQL server (initdb, postgres, pg_ctl)", aptLog);
        return findBinDir().orElseThrow(() -> new ServerStartException(
                "PostgreSQL server binaries are still not found after installing the postgresql package. "
                        + "What to do: set OVERSIGHT_PG_BINDIR to the directory holding initdb and postgres"));
    }

    static Optional<Path> findBinDir() {
        String configured = System.getenv("OVERSIGHT_PG_BINDIR");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(LocalPostgres::hasServerBinaries);
        }
        Optional<Path> fromPgConfig = pgConfigBinDir().filter(LocalPostgres::hasServerBinaries);
        if (fromPgConfig.isPresent()) {
            return fromPgConfig;
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.filter(dir -> dir.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .max(Comparator.comparingDouble(dir -> Double.parseDouble(dir.getFileName().toString())))
                    .map(dir -> dir.resolve("bin"))
                    .filter(LocalPostgres::hasServerBinaries);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> pgConfigBinDir() {
        try {
            Process process = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor() == 0 && !out.isEmpty() ? Optional.of(Path.of(out)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean hasServerBinaries(Path dir) {
        return Files.isExecutable(dir.resolve("postgres")) && Files.isExecutable(dir.resolve("initdb"))
                && Files.isExecutable(dir.resolve("pg_ctl"));
    }
}
