package org.openclaw.oversight.connectors.flink;

import java.util.function.Function;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.openclaw.oversight.config.JobOptions;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.secrets.SecretSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every job's {@code main} does, in one place: {@code main} is one line,
 * {@code JobBootstrap.run(args, IngestionJob::from)}.
 *
 * <ol>
 *   <li>parse the options ({@link JobOptions}: arguments, else environment, else the local defaults);</li>
 *   <li>the dead-letter key's source, checked (no key, no job: dead letters are only written encrypted);</li>
 *   <li>load and validate the config;</li>
 *   <li>the connections (Kafka with the dead-letter key, the database) as a {@link JobContext};</li>
 *   <li>make the job from the context: it reads its settings and checks its own keys (the PII key), so a
 *       job without what it needs stops before any server is asked;</li>
 *   <li>check that the database schema has every migration the job was built with
 *       ({@link DatabaseMigrations#requireMigrated}); a job never migrates and never writes config tables,
 *       since under the Kubernetes operator {@code main} runs again on every submission and failover;</li>
 *   <li>the Flink environment ({@link JobEnvironment}), {@link OversightJob#defineWorkflow} with the real
 *       sources and sinks, and {@link JobRunner}, which restores the latest checkpoint and runs.</li>
 * </ol>
 * Every failure before the job runs is an exception whose message says what to do.
 */
public final class JobBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(JobBootstrap.class);

    private JobBootstrap() {}

    public static void run(String[] args, Function<JobContext, ? extends OversightJob<?, ?>> factory) throws Exception {
        run(JobOptions.parse(args), factory);
    }

    public static void run(JobOptions options, Function<JobContext, ? extends OversightJob<?, ?>> factory)
            throws Exception {
        DefinedJob job = define(options, factory);
        JobRunner.run(job.env(), options, job.name());
    }

    /**
     * Steps 2 to 7 without running: the job's whole pipeline on an environment of its own, ready to be
     * executed. For a caller that runs several jobs on one cluster ({@code oversight demo}); {@link #run}
     * is this plus {@link JobRunner#run}.
     */
    public static DefinedJob define(JobOptions options, Function<JobContext, ? extends OversightJob<?, ?>> factory) {
        JobContext context = context(options);
        OversightJob<?, ?> job = factory.apply(context);
        String schemaVersion = DatabaseMigrations.requireMigrated(context.db());
        LOG.info("{}: database schema at V{}, options {}", job.name(), schemaVersion, options);
        StreamExecutionEnvironment env = JobEnvironment.create(options);
        defineWorkflow(job, env, context);
        return new DefinedJob(job.name(), env, options);
    }

    /** A job's pipeline defined on {@code env}, not yet executed. */
    public record DefinedJob(String name, StreamExecutionEnvironment env, JobOptions options) {}

    private static <S, K> void defineWorkflow(OversightJob<S, K> job, StreamExecutionEnvironment env, JobContext context) {
        job.defineWorkflow(env, job.sources(context), job.sinks(context));
    }

    /** Steps 2 to 4: keys, config and connections, without asking any server. */
    static JobContext context(JobOptions options) {
        SecretSource deadLetterKey = options.dlqKey();
        OversightConfiguration config = OversightConfiguration.load(options.configPath());
        KafkaConnection kafka = KafkaConnection.of(options.bootstrapServers(), options.registryUrl())
                .withDeadLetterKey(deadLetterKey);
        JdbcConnection db = new JdbcConnection(options.dbUrl(), options.dbUser(), options.dbPassword());
        return new JobContext(options, config, kafka, db);
    }
}
