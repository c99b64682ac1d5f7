package org.openclaw.oversight.bench;

import java.nio.file.Path;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.localstack.KafkaBroker;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.ServerProcess;
import org.openclaw.oversight.localstack.registry.EmbeddedSchemaRegistry;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

/**
 * The servers a job benchmark runs on — its own Kafka broker, schema registry and migrated PostgreSQL on free
 * ports in a scratch directory, never the stack of {@code oversight up} — stopped and deleted on close.
 */
public final class BenchServers implements AutoCloseable {
    private final ScratchDirectory dir;
    private final KafkaBroker kafka;
    private final EmbeddedSchemaRegistry registry;
    private final LocalPostgres postgres;
    private final KafkaConnection connection;
    private final JdbcConnection db;

    private BenchServers(ScratchDirectory dir, KafkaBroker kafka, EmbeddedSchemaRegistry registry,
            LocalPostgres postgres) {
        this.dir = dir;
        this.kafka = kafka;
        this.registry = registry;
        this.postgres = postgres;
        // a random dead-letter key for this run, as `oversight up` makes one per data dir
        this.connection = KafkaConnection.of(kafka.bootstrapServers(), registry.url()).withDeadLetterKey(
                SecretSource.file(SecretKind.DLQ_KEY, LocalKeys.ensure(dir.path(), SecretKind.DLQ_KEY)));
        this.db = new JdbcConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    /** Starts the three servers in a new directory named after {@code prefix} and migrates the database. */
    public static BenchServers start(String prefix) throws Exception {
        ServerProcess.stopWithThisJvm(); // a benchmark stopped with Ctrl-C must not leave its servers running
        ScratchDirectory dir = new ScratchDirectory(prefix);
        KafkaBroker kafka = null;
        EmbeddedSchemaRegistry registry = null;
        LocalPostgres postgres = null;
        try {
            kafka = KafkaBroker.start(dir.path().resolve("kafka"), 0, 0);
            registry = EmbeddedSchemaRegistry.start(dir.path().resolve("registry"), "127.0.0.1", 0);
            postgres = LocalPostgres.start(dir.path().resolve("postgres"), 0, false);
            BenchServers servers = new BenchServers(dir, kafka, registry, postgres);
            DatabaseMigrations.migrate(servers.db);
            return servers;
        } catch (Exception | Error e) {
            closeAll(e, postgres, registry, kafka, dir);
            throw e;
        }
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public String registryUrl() {
        return registry.url();
    }

    /** Kafka and registry addresses with this run's dead-letter key, as the jobs take them. */
    public KafkaConnection connection() {
        return connection;
    }

    public JdbcConnection db() {
        return db;
    }

    /** Where the servers keep their data; gone after {@link #close()}. */
    public Path directory() {
        return dir.path();
    }

    @Override
    public void close() throws Exception {
        Exception failure = new Exception("stopping the benchmark's servers failed");
        closeAll(failure, postgres, registry, kafka, dir);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    /** Closes each in order, even after one fails; failures are added to {@code into}. */
    private static void closeAll(Throwable into, AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                into.addSuppressed(e);
            }
        }
    }
}
