package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.schema.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes raw Kafka values into {@code T} and applies the job's validators; anything that fails
 * goes to {@link DeadLetters#TAG} as a sealed dead letter (encrypted bytes, coordinates, reason). A
 * bad record never fails the job and is never dropped, whatever its bytes or size: a value larger
 * than {@link KafkaConnection#maxRecordBytes()} is dead-lettered as {@code record_too_large} before
 * it is decoded, so nothing it would become can exceed a sink's limit.
 *
 * <p>An unreachable or failing schema registry is not the record's fault, so it is not
 * dead-lettered: the decoder retries in place ({@link SchemaRegistryRetry}; the subtask blocks, which
 * backpressures the source), and past the bound the exception fails the task, Flink restarts from
 * the last checkpoint and the record is read again once the registry is back. Metric
 * {@code schemaRegistryRetries} counts the retries.
 *
 * <p>The dead-letter key is read in {@link #open} from the connection's {@link
 * org.openclaw.oversight.secrets.SecretSource}: the job graph carries where the key is, never the key.
 */
public class DecodeOrDeadLetter<T extends SpecificRecordBase> extends ProcessFunction<KafkaRawRecord, T> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodeOrDeadLetter.class);

    private final Class<T> type;
    private final KafkaConnection connection;
    private final String job;
    private final List<RecordValidator<? super T>> validators;

    private transient ConfluentAvroDecoder<T> decoder;
    private transient DeadLetterCipher cipher;
    private transient Counter deadLetterCount;
    private transient Set<String> reasonsLogged;

    /** @throws org.openclaw.oversight.secrets.MissingSecretException when the connection has no dead-letter key */
    public DecodeOrDeadLetter(Class<T> type, KafkaConnection connection, String job, List<RecordValidator<? super T>> validators) {
        this.type = Objects.requireNonNull(type, "type");
        this.connection = Objects.requireNonNull(connection, "connection");
        connection.deadLetterKey(); // fail where the job is built, not on the TaskManager
        this.job = Objects.requireNonNull(job, "job");
        this.validators = List.copyOf(validators);
    }

    @Override
    public void open(OpenContext openContext) {
        cipher = DeadLetterCipher.open(connection.deadLetterKey()); // fails closed: no key, no job
        decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(connection.schemaRegistryUrl()), type,
                connection.registryRetry());
        deadLetterCount = getRuntimeContext().getMetricGroup().counter("deadLetters");
        ConfluentAvroDecoder<T> forGauge = decoder;
        getRuntimeContext().getMetricGroup().gauge("schemaRegistryRetries", (Gauge<Long>) forGauge::registryRetries);
        reasonsLogged = new HashSet<>();
    }

    @Override
    public void processElement(KafkaRawRecord raw, Context ctx, Collector<T> out) {
        if (raw.value != null && raw.value.length > connection.maxRecordBytes()) {
            deadLetter(raw, DecodeFailure.RECORD_TOO_LARGE.errorClass(), "Value has " + raw.value.length
                    + " bytes, more than the " + connection.maxRecordBytes() + " this job accepts (KafkaConnection.maxRecordBytes):"
                    + " what it would become downstream might not fit a topic.", ctx);
            return;
        }
        T record;
        try {
            record = decoder.decode(raw.value);
        } catch (UndecodableRecordException e) {
            deadLetter(raw, e.reason().errorClass(), e.getMessage(), ctx);
            return;
        }
        for (RecordValidator<? super T> validator : validators) {
            Optional<Rejection> rejection;
            try {
                rejection = validator.check(record);
            } catch (RuntimeException e) {
                // a validator bug must not take the job down; the letter names the exception's class only,
                // since its message may quote the record
                deadLetter(raw, e.getClass().getName(), "Validator " + validator.getClass().getName() + " threw "
                        + e.getClass().getName() + " (a bug in the validator; its message is not kept, it may quote the record)", ctx);
                return;
            }
            if (rejection.isPresent()) {
                deadLetter(raw, rejection.get().errorClass(), rejection.get().message(), ctx);
                return;
            }
        }
        out.collect(record);
    }

    private void deadLetter(KafkaRawRecord raw, String errorClass, String message, Context ctx) {
        DeadLetter letter = DeadLetters.of(raw, errorClass, message, job, Instant.now(), cipher, connection.maxValueBytes());
        ctx.output(DeadLetters.TAG, letter);
        deadLetterCount.inc();
        // coordinates and reason only: the payload may contain personal data
        if (reasonsLogged.add(errorClass)) {
            LOG.warn("Dead-lettered {}-{}@{} as {} (first of its kind in this subtask; later ones are logged at debug)",
                    raw.topic, raw.partition, raw.offset, errorClass);
        } else {
            LOG.debug("Dead-lettered {}-{}@{} as {}", raw.topic, raw.partition, raw.offset, errorClass);
        }
    }
}
