package org.openclaw.oversight.connectors.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openclaw.oversight.connectors.timescale.DatabaseMigrations;
import org.openclaw.oversight.connectors.timescale.SchemaVersionException;
import org.openclaw.oversight.localstack.LocalPostgres;
import org.openclaw.oversight.localstack.LocalStackExtension;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretKind;

/**
 * {@link JobBootstrap} with a small job of the shared shape against a real PostgreSQL: the job gets a context
 * with the config, the Kafka connection with the dead-letter key and the database; on a database nobody migrated
 * it stops before its workflow is defined and names `oversight migrate`, and changes nothing; once migrated it
 * runs its workflow with the sources and sinks it made from the context.
 */
@ExtendWith(LocalStackExtension.class)
class JobBootstrapITCase {

    private static final Queue<String> WRITTEN = new ConcurrentLinkedQueue<>();

    @TempDir
    Path dir;

    private final AtomicInteger workflowsDefined = new AtomicInteger();
    private final AtomicReference<JobContext> seen = new AtomicReference<>();

    @BeforeEach
    void clear() {
        WRITTEN.clear();
    }

    @Test
    void aJobStartsOnlyOnAMigratedDatabaseAndRunsWithWhatItMadeFromTheContext(LocalPostgres postgres) throws Exception {
        String url = postgres.createDatabase("bootstrap_it");
        String[] args = {"--db-url", url, "--db-user", postgres.user(), "--db-password", postgres.password(),
                "--config-dir", "../../config", "--metrics-ports=", "--parallelism", "1",
                "--dlq-key-file", LocalKeys.ensure(dir, SecretKind.DLQ_KEY).toString()};

        assertThatThrownBy(() -> JobBootstrap.run(args, WordsJob::new))
                .isInstanceOf(SchemaVersionException.class)
                .hasMessageContaining("database schema is at none (never migrated), this job needs V")
                .hasMessageContaining("run `oversight migrate`");
        assertThat(workflowsDefined).as("no workflow on a database behind the job").hasValue(0);
        assertThatThrownBy(() -> DatabaseMigrations.requireMigrated(seen.get().db()))
                .as("the bootstrap migrated nothing").isInstanceOf(SchemaVersionException.class);

        DatabaseMigrations.migrate(seen.get().db()); // what `oversight migrate` does
        JobBootstrap.run(args, WordsJob::new);

        assertThat(workflowsDefined).hasValue(1);
        assertThat(WRITTEN).containsExactlyInAnyOrder("A", "B", "C");
        JobContext context = seen.get();
        assertThat(context.db().url()).isEqualTo(url);
        assertThat(context.kafka().deadLetterKey().toString()).contains(LocalKeys.file(dir, SecretKind.DLQ_KEY).toString());
        assertThat(context.config().settings().agents()).isNotEmpty();
    }

    @Test
    void aJobThatNeedsThePiiKeyDoesNotStartWithoutIt() {
        String[] args = {"--config-dir", "../../config", "--dlq-key-file", LocalKeys.ensure(dir, SecretKind.DLQ_KEY).toString(),
                "--pii-key-file", dir.resolve("absent.key").toString()};
        assertThatThrownBy(() -> JobBootstrap.run(args, context -> {
            context.piiKey(); // what a job that pseudonymises asks for in its factory
            return new WordsJob(context);
        })).isInstanceOf(MissingSecretException.class).hasMessageContaining("OVERSIGHT_PII_KEY_FILE");
        assertThat(workflowsDefined).hasValue(0);
    }

    @Test
    void withoutTheDeadLetterKeyNothingStarts() {
        String[] args = {"--config-dir", "../../config", "--dlq-key-file", dir.resolve("absent.key").toString()};
        assertThatThrownBy(() -> JobBootstrap.run(args, WordsJob::new)).isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("OVERSIGHT_DLQ_KEY_FILE");
        assertThat(seen.get()).as("no job made").isNull();
    }

    /** Sources of the test job: words. */
    record Words(List<String> words) {}

    /** Sinks of the test job: one stream. */
    interface WordSinks {
        void upperCase(DataStream<String> words);
    }

    /** The shape of a real job, small: sources and sinks from the context, defineWorkflow wires them. */
    private final class WordsJob implements OversightJob<Words, WordSinks> {

        WordsJob(JobContext context) {
            seen.set(context);
        }

        @Override
        public String name() {
            return "words";
        }

        @Override
        public Words sources(JobContext context) {
            return new Words(List.of("a", "b", "c"));
        }

        @Override
        public WordSinks sinks(JobContext context) {
            return words -> words.map(new Remember()).name("remember").uid("remember")
                    .sinkTo(new DiscardingSink<>()).name("discard").uid("discard");
        }

        @Override
        public void defineWorkflow(StreamExecutionEnvironment env, Words sources, WordSinks sinks) {
            workflowsDefined.incrementAndGet();
            sinks.upperCase(env.fromData(sources.words(), Types.STRING).name("words").uid("words")
                    .map(String::toUpperCase, Types.STRING).name("upper case").uid("upper-case"));
        }
    }

    private static final class Remember implements MapFunction<String, String> {
        @Override
        public String map(String word) {
            WRITTEN.add(word);
            return word;
        }
    }
}
