package org.openclaw.oversight.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;

/**
 * JUnit 5 extension that hands tests the local servers: declare a parameter of type {@link KafkaBroker},
 * {@link EmbeddedSchemaRegistry}, {@link LocalPostgres} or {@link LocalAlertmanager} (in a test method, constructor, {@code @BeforeAll} or
 * {@code @BeforeEach}) and get the one instance of this test run. Each server starts on first request —
 * a test that needs only PostgreSQL never starts Kafka — on free ports with data in a temporary
 * directory, and stops when the run ends (a JVM shutdown hook is the backstop).
 *
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class MySinkITCase {
 *     @Test void writes(KafkaBroker kafka, LocalPostgres postgres) { ... }
 * }
 * }</pre>
 *
 * Set the system property {@code oversight.localstack.keepData=true} to keep data and logs after the run.
 */
public class LocalStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);
    private static final String KEEP_DATA = "oversight.localstack.keepData";

    /** How to start each server type, given a fresh directory for it. */
    private static final Map<Class<?>, Function<Path, AutoCloseable>> STARTERS = Map.of(
            KafkaBroker.class, dir -> KafkaBroker.start(dir, 0, 0),
            EmbeddedSchemaRegistry.class, LocalStackExtension::startRegistry,
            LocalPostgres.class, dir -> LocalPostgres.start(dir, 0, false),
            LocalAlertmanager.class, dir -> LocalAlertmanager.start(dir, 0, null));

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return STARTERS.containsKey(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        try {
            return server(extensionContext, type);
        } catch (ServerStartException e) {
            throw new ParameterResolutionException("could not start " + type.getSimpleName() + " for "
                    + extensionContext.getDisplayName() + ": " + e.getMessage(), e);
        }
    }

    /** The shared server of this run, started if needed; for extensions and code that has a context. */
    public static <T> T server(ExtensionContext context, Class<T> type) {
        Function<Path, AutoCloseable> starter = STARTERS.get(type);
        if (starter == null) {
            throw new IllegalArgumentException("no local server of type " + type.getName());
        }
        OrphanGuard.enable();
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        Path runDir = store.getOrComputeIfAbsent(RunDirectory.class, key -> RunDirectory.create(), RunDirectory.class)
                .path();
        StartedServer started = store.getOrComputeIfAbsent(type,
                key -> StartedServer.start(type, runDir.resolve(type.getSimpleName().toLowerCase()), starter),
                StartedServer.class);
        return type.cast(started.server());
    }

    private static EmbeddedSchemaRegistry startRegistry(Path dir) {
        try {
            return EmbeddedSchemaRegistry.start(dir, Ports.LOOPBACK, 0);
        } catch (IOException | UncheckedIOException e) {
            throw new ServerStartException("schema registry did not start in " + dir + ": " + e.getMessage()
                    + ". What to do: check the directory is writable", e);
        }
    }

    /** The temporary directory of this run, holding one sub-directory per server. */
    private record RunDirectory(Path path) implements ExtensionContext.Store.CloseableResource {

        static RunDirectory create() {
            try {
                return new RunDirectory(Files.createTempDirectory("oversight-localstack-"));
            } catch (IOException e) {
                throw new ServerStartException("could not create a temporary directory for the local servers: "
                        + e.getMessage() + ". What to do: check java.io.tmpdir is writable", e);
            }
        }

        @Override
        public void close() {
            if (!Boolean.getBoolean(KEEP_DATA)) {
                deleteRecursively(path);
            }
        }
    }

    /** One started server, stopped (and its data deleted) when the root context closes. */
    private static final class StartedServer implements ExtensionContext.Store.CloseableResource {

        private final AutoCloseable server;
        private final Path dir;

        private StartedServer(AutoCloseable server, Path dir) {
            this.server = server;
            this.dir = dir;
        }

        static StartedServer start(Class<?> type, Path dir, Function<Path, AutoCloseable> starter) {
            long startedAt = System.nanoTime();
            AutoCloseable server = starter.apply(dir);
            RunningServers.add(server);
            System.err.println("oversight localstack: " + statsOf(server, Duration.ofNanos(System.nanoTime() - startedAt)));
            return new StartedServer(server, dir);
        }

        AutoCloseable server() {
            return server;
        }

        @Override
        public void close() throws Exception {
            try {
                server.close();
            } finally {
                RunningServers.remove(server);
                if (!Boolean.getBoolean(KEEP_DATA)) {
                    deleteRecursively(dir);
                }
            }
        }
    }

    static ServerStats statsOf(AutoCloseable server, Duration startDuration) {
        if (server instanceof KafkaBroker kafka) {
            return kafka.stats();
        }
        if (server instanceof LocalPostgres postgres) {
            return postgres.stats();
        }
        if (server instanceof LocalAlertmanager alertmanager) {
            return alertmanager.stats();
        }
        if (server instanceof EmbeddedSchemaRegistry registry) {
            // in-process: no PID of its own, its memory is part of the test JVM's
            return new ServerStats("schema-registry", registry.url(), -1, startDuration, -1);
        }
        return new ServerStats(server.getClass().getSimpleName(), "?", -1, startDuration, -1);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("oversight localstack: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
