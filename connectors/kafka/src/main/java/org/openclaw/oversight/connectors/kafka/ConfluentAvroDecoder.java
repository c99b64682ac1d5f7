package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

import java.io.EOFException;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Decodes Confluent-framed Avro values into a generated {@link SpecificRecord} class, and says
 * exactly why when it cannot (see {@link DecodeFailure}).
 *
 * <p>The reader schema is the generated class's; the writer schema is whatever the registry holds
 * for the id in the header, and Avro schema resolution bridges the two, so records written with an
 * older or newer compatible schema decode. Not thread-safe (it reuses an Avro decoder); give each
 * thread or Flink subtask its own instance.
 *
 * <p>Registry answers are split by whose fault they are: an id the registry does not know (40403,
 * negative and huge ids included) is the record's ({@link DecodeFailure#UNKNOWN_SCHEMA_ID}); an
 * outage is not, and is retried in place as {@link SchemaRegistryRetry} says (blocking the caller
 * is the backpressure), then thrown so the job restarts from its checkpoint.
 */
public final class ConfluentAvroDecoder<T extends SpecificRecord> {

    private static final long UNKNOWN_ID_MEMORY_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int MAX_REMEMBERED_UNKNOWN_IDS = 1024;

    private final SchemaRegistry registry;
    private final Class<T> type;
    private final SpecificData model;
    private final Schema readerSchema;
    private final Map<Integer, SpecificDatumReader<T>> readersByWriterId = new HashMap<>();
    private final Map<Integer, String> incompatibleWriterIds = new HashMap<>();
    /**
     * Ids the registry recently said it does not know, and when: a producer pointed at another registry
     * writes thousands of records with the same id, and each would otherwise cost a round trip. Kept
     * for {@link #UNKNOWN_ID_MEMORY_NANOS} only, since an id can be registered later (a replicating
     * registry catching up); bounded, so random ids cannot grow it.
     */
    private final Map<Integer, Long> recentlyUnknownIds = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
            return size() > MAX_REMEMBERED_UNKNOWN_IDS;
        }
    };
    private final SchemaRegistryRetry retry;
    private long registryRetries;
    private BinaryDecoder reusedDecoder;
    private LengthCheckingDecoder checkingDecoder;

    /** A decoder that throws the first registry failure (no retry); for tools and tests. */
    public ConfluentAvroDecoder(SchemaRegistry registry, Class<T> type) {
        this(registry, type, SchemaRegistryRetry.NONE);
    }

    /** A decoder that retries registry outages as {@code retry} says (jobs: {@link SchemaRegistryRetry#DEFAULT}). */
    public ConfluentAvroDecoder(SchemaRegistry registry, Class<T> type, SchemaRegistryRetry retry) {
        this.retry = Objects.requireNonNull(retry, "retry");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.type = Objects.requireNonNull(type, "type");
        this.model = fastReadingModel(type);
        this.readerSchema = model.getSchema(type);
    }

    /**
     * The generated class's model (its logical-type conversions, e.g. timestamp-millis to Instant) with Avro's
     * fast reader on: it resolves writer against reader schema once per writer id instead of walking a
     * ResolvingDecoder grammar for every record, which was most of a decode's cost. A copy, so the shared
     * model of the generated class is left as it is.
     */
    private static SpecificData fastReadingModel(Class<?> type) {
        SpecificData shared = SpecificData.getForClass(type);
        SpecificData model = new SpecificData(type.getClassLoader());
        shared.getConversions().forEach(model::addLogicalTypeConversion);
        model.setFastReaderEnabled(true);
        return model;
    }

    public Class<T> type() {
        return type;
    }

    /** How many times a registry call was retried through an outage so far (a metric). */
    public long registryRetries() {
        return registryRetries;
    }

    /**
     * Decodes one Kafka value.
     *
     * @throws UndecodableRecordException when the value itself is at fault (its {@code reason()} says how)
     * @throws SchemaRegistryException when the registry is unreachable or failing beyond the retry bound, or
     *     misconfigured: not the record's fault
     */
    public T decode(byte[] payload) {
        int schemaId = ConfluentWireFormat.schemaId(payload);
        SpecificDatumReader<T> reader = readerFor(schemaId);
        int bodyLength = payload.length - ConfluentWireFormat.HEADER_LENGTH;
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(payload, ConfluentWireFormat.HEADER_LENGTH, bodyLength, reusedDecoder);
        if (decoder != reusedDecoder) { // the factory reconfigures and returns the decoder it was given
            reusedDecoder = decoder;
            checkingDecoder = new LengthCheckingDecoder(decoder);
        }
        T record;
        try {
            record = reader.read(null, checkingDecoder);
        } catch (EOFException e) {
            throw new UndecodableRecordException(DecodeFailure.TRUNCATED_AVRO, "Avro body (" + bodyLength
                    + " bytes, schema id " + schemaId + ") ended before a complete " + type.getSimpleName()
                    + " was read: the value was cut off or a length inside it is corrupt"
                    + (e.getMessage() == null ? "." : " (" + e.getMessage() + ")."), e);
        } catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException(DecodeFailure.CORRUPT_AVRO, "Avro body (" + bodyLength
                    + " bytes, schema id " + schemaId + ") is not a valid " + type.getSimpleName() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        int left = remaining(decoder);
        if (left != 0) {
            throw new UndecodableRecordException(DecodeFailure.TRAILING_BYTES, (left > 0 ? left + " bytes" : "Bytes")
                    + " left over after a complete " + type.getSimpleName() + " (schema id " + schemaId
                    + ", body " + bodyLength + " bytes): the framing is wrong or two values were concatenated.");
        }
        return record;
    }

    private SpecificDatumReader<T> readerFor(int schemaId) {
        SpecificDatumReader<T> reader = readersByWriterId.get(schemaId);
        if (reader != null) {
            return reader;
        }
        String incompatibility = incompatibleWriterIds.get(schemaId);
        if (incompatibility != null) {
            throw new UndecodableRecordException(DecodeFailure.INCOMPATIBLE_SCHEMA, incompatibility);
        }
        Long unknownSince = recentlyUnknownIds.get(schemaId);
        if (unknownSince != null && System.nanoTime() - unknownSince < UNKNOWN_ID_MEMORY_NANOS) {
            throw new UndecodableRecordException(DecodeFailure.UNKNOWN_SCHEMA_ID, "Schema id " + schemaId
                    + " is unknown to the schema registry (it answered 40403 for this id less than a minute ago).");
        }
        Schema writerSchema;
        try {
            writerSchema = retry.call(() -> registry.schemaById(schemaId), () -> registryRetries++);
        } catch (SchemaNotFoundException e) {
            recentlyUnknownIds.put(schemaId, System.nanoTime());
            throw new UndecodableRecordException(DecodeFailure.UNKNOWN_SCHEMA_ID,
                    "Schema id " + schemaId + " is unknown to the schema registry: " + e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() >= 200 && e.httpStatus() < 300) {
                // the registry answered, but with a schema we cannot use (not Avro, unparseable)
                String why = "Schema id " + schemaId + " cannot be used to read " + type.getSimpleName() + ": " + e.getMessage();
                incompatibleWriterIds.put(schemaId, why);
                throw new UndecodableRecordException(DecodeFailure.INCOMPATIBLE_SCHEMA, why, e);
            }
            throw e;
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            String why = "Writer schema id " + schemaId + " (" + writerSchema.getFullName() + ") cannot be resolved to "
                    + type.getName() + ": " + compatibility.getResult().getIncompatibilities().stream()
                    .map(i -> i.getMessage() + " at " + i.getLocation())
                    .collect(Collectors.joining("; "));
            incompatibleWriterIds.put(schemaId, why);
            throw new UndecodableRecordException(DecodeFailure.INCOMPATIBLE_SCHEMA, why);
        }
        reader = new SpecificDatumReader<>(writerSchema, readerSchema, model);
        readersByWriterId.put(schemaId, reader);
        return reader;
    }

    private static int remaining(BinaryDecoder decoder) {
        try {
            if (decoder.isEnd()) {
                return 0;
            }
            int available = decoder.inputStream().available();
            return available > 0 ? available : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
