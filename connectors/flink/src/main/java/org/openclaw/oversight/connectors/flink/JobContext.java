package org.openclaw.oversight.connectors.flink;

import java.util.Objects;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.openclaw.oversight.config.JobOptions;
import org.openclaw.oversight.config.OversightConfiguration;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.connectors.timescale.JdbcConnection;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretSource;

/**
 * What {@link JobBootstrap} prepared for a job, before the job is made: the parsed options, the loaded and
 * validated config ({@code config/oversight.yml}, {@code pricing.yml}, ...), the Kafka connection with
 * the dead-letter key's source, and the database. Jobs take what they need in their factory
 * ({@code IngestionJob.from(context)}) and in {@link OversightJob#sources}/{@link OversightJob#sinks}.
 * Never part of the job graph; keys travel only as {@link SecretSource}s.
 */
public record JobContext(JobOptions options, OversightConfiguration config, KafkaConnection kafka, JdbcConnection db) {

    public JobContext {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(db, "db");
    }

    /**
     * Where the PII pseudonym key comes from ({@code --pii-key-file}, {@code OVERSIGHT_PII_KEY_FILE},
     * {@code OVERSIGHT_PII_KEY}), checked now; asked for only by jobs that pseudonymise.
     *
     * @throws MissingSecretException naming what to set, so the job does not start
     */
    public SecretSource piiKey() {
        return options.piiKey();
    }

    /**
     * Where a Kafka source starts when nothing is restored: the group's committed offsets (the earliest
     * for partitions it never committed), or the earliest with {@code --from-beginning}. A restored
     * checkpoint carries its own offsets and wins over both.
     */
    public OffsetsInitializer startingOffsets() {
        return options.fromBeginning()
                ? OffsetsInitializer.earliest()
                : OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    }
}
