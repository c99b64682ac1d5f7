package org.openclaw.oversight.localstack.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible schema registry for the local stack and tests: the REST subset that stock
 * Confluent serializers, Flink's {@code avro-confluent} format and curl users need, backed by a
 * crash-safe log in {@code dataDir} so schema ids survive restarts.
 *
 * <pre>{@code
 * try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(dir, "127.0.0.1", 0)) {
 *     String url = registry.url(); // schema.registry.url
 * }
 * }</pre>
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    public static final int DEFAULT_PORT = 8081;
    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    /** Enough for a handful of clients; requests are short and writes serialize on one lock anyway. */
    private static final int HANDLER_THREADS = 8;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    static {
        // The JDK server flushes response headers before the body; with Nagle on, the body then waits
        // for the client's delayed ACK, ~40 ms per request on a kept-alive connection. The JDK reads
        // this once, when its first HttpServer is created, so an explicit setting by the user wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final SchemaStore store;
    private final String host;
    private final Path dataDir;
    private boolean closed;

    private EmbeddedSchemaRegistry(HttpServer server, ExecutorService executor, SchemaStore store, String host,
            Path dataDir) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.host = host;
        this.dataDir = dataDir;
    }

    /**
     * Starts the registry on host:port (port 0 picks a free one), after replaying dataDir.
     *
     * @throws IOException if the data dir cannot be read or is in use, or the port cannot be bound
     */
    public static EmbeddedSchemaRegistry start(Path dataDir, String host, int port) throws IOException {
        SchemaStore store = SchemaStore.open(dataDir, JsonResponses.MAPPER);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            store.close();
            throw new IOException("Schema registry cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); is another process using the port? Choose another with --port", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(HANDLER_THREADS,
                namedDaemonThreads("schema-registry-" + INSTANCES.incrementAndGet() + "-http-"));
        server.setExecutor(executor);
        server.createContext("/", new ConfluentRestHandler(store));
        server.start();
        EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(server, executor, store, host, dataDir);
        LOG.info("Schema registry listening on {} with data in {}", registry.url(), dataDir.toAbsolutePath());
        return registry;
    }

    /** The base URL for {@code schema.registry.url}, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        String printable = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + printable + ":" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving, releases the port and the data dir; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Schema registry handler threads did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not close the schema registry log in " + dataDir, e);
        }
        LOG.info("Schema registry on port {} stopped", server.getAddress().getPort());
    }

    /** Runs standalone until killed: {@code --host 127.0.0.1 --port 8081 --data-dir DIR}. */
    public static void main(String[] args) {
        String host = DEFAULT_HOST;
        int port = DEFAULT_PORT;
        Path dataDir = Path.of("schema-registry-data");
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value;
                int eq = arg.indexOf('=');
                if (arg.equals("--help") || arg.equals("-h")) {
                    System.out.println(usage());
                    return;
                }
                if (eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException("option " + arg + " needs a value");
                }
                switch (arg) {
                    case "--host" -> host = value;
                    case "--port" -> port = Integer.parseInt(value);
                    case "--data-dir" -> dataDir = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("Schema registry: " + e.getMessage() + "\n" + usage());
            System.exit(2);
            return;
        }
        EmbeddedSchemaRegistry registry;
        try {
            registry = start(dataDir, host, port);
        } catch (IOException e) {
            System.err.println("Schema registry failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            registry.close();
            stopped.countDown();
        }, "schema-registry-shutdown"));
        System.out.println("Schema registry listening on " + registry.url() + " (data: "
                + dataDir.toAbsolutePath() + ")");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String usage() {
        return "Usage: EmbeddedSchemaRegistry [--host 127.0.0.1] [--port 8081] [--data-dir schema-registry-data]";
    }

    private static ThreadFactory namedDaemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
