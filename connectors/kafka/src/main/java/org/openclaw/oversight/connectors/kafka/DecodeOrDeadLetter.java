package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
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
 * goes to {@link DeadLetters#TAG} with its original bytes, coordinates and reason. A bad record
 * never fails the job and is never dropped.
 *
 * <p>An unreachable or failing schema registry is not the record's fault, so it is not
 * dead-lettered: the exception fails the task, Flink restarts from the last checkpoint and the
 * record is read again once the registry is back.
 */
public class DecodeOrDeadLetter<T extends SpecificRecordBase> extends ProcessFunction<KafkaRawRecord, T> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecodeOrDeadLetter.class);

    private final Class<T> type;
    private final String registryUrl;
    private final String job;
    private final List<RecordValidator<? super T>> validators;

    private transient ConfluentAvroDecoder<T> decoder;
    private transient Counter deadLetterCount;
    private transient Set<String> reasonsLogged;

    public DecodeOrDeadLetter(Class<T> type, String registryUrl, String job, List<RecordValidator<? super T>> validators) {
        this.type = Objects.requireNonNull(type, "type");
        this.registryUrl = SchemaRegistryClient.normalise(registryUrl);
        this.job = Objects.requireNonNull(job, "job");
        this.validators = List.copyOf(validators);
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new ConfluentAvroDecoder<>(SchemaRegistryClient.forUrl(registryUrl), type);
        deadLetterCount = getRuntimeContext().getMetricGroup().counter("deadLetters");
        reasonsLogged = new HashSet<>();
    }

    @Override
    public void processElement(KafkaRawRecord raw, Context ctx, Collector<T> out) {
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
                // a validator bug must not take the job down; the dead letter names the exception
                deadLetter(raw, e.getClass().getName(), "Validator " + validator.getClass().getName() + " failed: " + e.getMessage(), ctx);
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
        DeadLetter letter = DeadLetters.of(raw, errorClass, message, job, Instant.now());
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
