package org.openclaw.oversight.connectors.kafka;

import java.time.Duration;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The event time of a raw Kafka record, read from its Confluent-framed Avro value without decoding
 * it: the leading fields before the time field are skipped, the time field (a long, epoch ms) is read.
 *
 * <p>Why at the source: Flink's Kafka source generates watermarks per partition only when the
 * strategy is given to {@code fromSource}. A watermark assigned after decoding sees the partitions
 * interleaved, and reading a backlog (a restart, {@code simulate --history}, a replay) interleaves
 * them by minutes of event time, so a bounded out-of-orderness of seconds would call most of the
 * backlog late. Decoding stays where it is (with its dead letters); this only peeks.
 *
 * <p>A value this cannot read (not framed, cut short) gets {@link Long#MIN_VALUE}: it moves no
 * watermark, and decoding turns it into a dead letter. It relies on the time field's position in
 * the writer schema, which the schemas' evolution rule keeps (fields are only appended);
 * {@code AvroEventTimeTest} pins the positions of the topics that use it.
 */
public final class AvroEventTime implements SerializableTimestampAssigner<KafkaRawRecord> {

    private static final long serialVersionUID = 1L;
    private static final int HEADER = 5;

    private final Schema[] leading;
    private final long offsetMs;
    private transient BinaryDecoder decoder;

    private AvroEventTime(Schema[] leading, long offsetMs) {
        this.leading = leading;
        this.offsetMs = offsetMs;
    }

    /**
     * Reads {@code field} of {@code type} (a timestamp-millis long) plus {@code offsetMs} (e.g. the
     * end of a window that the field starts).
     *
     * @throws IllegalArgumentException when the field is missing, not a long, or behind a field this
     *     cannot skip without decoding (anything but a primitive, an enum, or a union of those and null)
     */
    public static AvroEventTime of(Class<? extends SpecificRecord> type, String field, long offsetMs) {
        Schema schema = SpecificData.get().getSchema(type);
        Schema.Field target = schema.getField(field);
        if (target == null || target.schema().getType() != Schema.Type.LONG) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no long field '" + field + "'");
        }
        List<Schema.Field> before = schema.getFields().subList(0, target.pos());
        Schema[] leading = new Schema[before.size()];
        for (int i = 0; i < leading.length; i++) {
            Schema s = before.get(i).schema();
            if (!skippable(s, true)) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + before.get(i).name() + " ("
                        + s.getType() + ") stands before '" + field + "' and cannot be skipped without decoding");
            }
            leading[i] = s;
        }
        return new AvroEventTime(leading, offsetMs);
    }

    // a union is skipped by its branch index; nested unions are not Avro
    private static boolean skippable(Schema s, boolean unionAllowed) {
        return switch (s.getType()) {
            case STRING, BYTES, LONG, INT, BOOLEAN, FLOAT, DOUBLE, NULL, ENUM -> true;
            case FIXED -> true;
            case UNION -> unionAllowed && s.getTypes().stream().allMatch(b -> skippable(b, false));
            default -> false;
        };
    }

    /** Per-partition watermarks for a raw source over values of {@code type}, timed by {@code field}. */
    public static WatermarkStrategy<KafkaRawRecord> watermarks(Class<? extends SpecificRecord> type, String field, long offsetMs,
            Duration outOfOrderness, Duration idleness) {
        AvroEventTime time = of(type, field, offsetMs);
        return WatermarkStrategy.<KafkaRawRecord>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner(time)
                .withIdleness(idleness);
    }

    @Override
    public long extractTimestamp(KafkaRawRecord record, long kafkaTimestamp) {
        byte[] value = record.value;
        if (value == null || value.length <= HEADER || value[0] != ConfluentWireFormat.MAGIC_BYTE) {
            return Long.MIN_VALUE;
        }
        try {
            decoder = DecoderFactory.get().binaryDecoder(value, HEADER, value.length - HEADER, decoder);
            for (Schema s : leading) {
                skip(s);
            }
            return decoder.readLong() + offsetMs;
        } catch (Exception e) {
            return Long.MIN_VALUE;
        }
    }

    private void skip(Schema s) throws java.io.IOException {
        switch (s.getType()) {
            case STRING -> decoder.skipString();
            case BYTES -> decoder.skipBytes();
            case LONG -> decoder.readLong();
            case INT -> decoder.readInt();
            case BOOLEAN -> decoder.readBoolean();
            case FLOAT -> decoder.readFloat();
            case DOUBLE -> decoder.readDouble();
            case NULL -> decoder.readNull();
            case ENUM -> decoder.readEnum();
            case FIXED -> decoder.skipFixed(s.getFixedSize());
            case UNION -> {
                int branch = decoder.readIndex();
                if (branch < 0 || branch >= s.getTypes().size()) {
                    throw new java.io.IOException("union branch " + branch + " out of range");
                }
                skip(s.getTypes().get(branch));
            }
            default -> throw new IllegalStateException(s.getType().toString());
        }
    }
}
