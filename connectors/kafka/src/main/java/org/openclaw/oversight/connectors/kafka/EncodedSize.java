package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

/**
 * How many bytes a record takes in the Confluent wire format, so an operator can keep what it sends
 * under a topic's size limit before the sink, where an oversized record would fail the job.
 * {@link #upperBound} is a cheap walk (every UTF-16 char counted as 3 UTF-8 bytes, every number at
 * its longest varint); {@link #exact} encodes, and is only worth it near the limit.
 */
public final class EncodedSize {

    private EncodedSize() {}

    /** True when {@code record} encodes (header included) to at most {@code limit} bytes; encodes only if the bound says it might not. */
    public static boolean fits(SpecificRecord record, long limit) {
        return upperBound(record) <= limit || exact(record) <= limit;
    }

    /** Wire-format size of {@code record}: the 5-byte header plus its Avro binary encoding. */
    public static long exact(SpecificRecord record) {
        CountingStream counter = new CountingStream();
        @SuppressWarnings("unchecked")
        SpecificDatumWriter<SpecificRecord> writer = new SpecificDatumWriter<>(record.getSchema(),
                SpecificData.getForClass(record.getClass()));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(counter, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure a " + record.getSchema().getName(), e);
        }
        return ConfluentWireFormat.HEADER_LENGTH + counter.count;
    }

    /** At least the wire-format size of {@code record}. */
    public static long upperBound(SpecificRecord record) {
        return ConfluentWireFormat.HEADER_LENGTH + bound(record, record.getSchema());
    }

    private static long bound(Object datum, Schema schema) {
        switch (schema.getType()) {
            case NULL:
                return 0;
            case BOOLEAN:
                return 1;
            case INT:
            case ENUM:
                return 5;
            case LONG:
                return 10;
            case FLOAT:
                return 4;
            case DOUBLE:
                return 8;
            case FIXED:
                return schema.getFixedSize();
            case STRING:
                return 5 + 3L * ((CharSequence) datum).length();
            case BYTES:
                return 5 + ((ByteBuffer) datum).remaining();
            case RECORD: {
                IndexedRecord record = (IndexedRecord) datum;
                long size = 0;
                for (Schema.Field field : schema.getFields()) {
                    size += bound(record.get(field.pos()), field.schema());
                }
                return size;
            }
            case ARRAY: {
                long size = 20; // block count and the closing zero
                for (Object item : (Collection<?>) datum) {
                    size += bound(item, schema.getElementType());
                }
                return size;
            }
            case MAP: {
                long size = 20;
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) datum).entrySet()) {
                    size += 5 + 3L * entry.getKey().toString().length() + bound(entry.getValue(), schema.getValueType());
                }
                return size;
            }
            case UNION:
                return 5 + (datum == null ? 0 : bound(datum, branch(datum, schema)));
            default:
                throw new IllegalArgumentException("no size bound for Avro type " + schema.getType());
        }
    }

    /** The union branch {@code datum} is written as; numbers, instants and enums get a fixed-size stand-in. */
    private static Schema branch(Object datum, Schema union) {
        for (Schema branch : union.getTypes()) {
            Schema.Type type = branch.getType();
            boolean match = switch (type) {
                case STRING -> datum instanceof CharSequence;
                case BYTES -> datum instanceof ByteBuffer;
                case RECORD -> datum instanceof IndexedRecord r && r.getSchema().getFullName().equals(branch.getFullName());
                case ARRAY -> datum instanceof Collection;
                case MAP -> datum instanceof Map;
                case FIXED -> datum instanceof GenericFixed f && f.getSchema().getFullName().equals(branch.getFullName());
                default -> false;
            };
            if (match) {
                return branch;
            }
        }
        return Schema.create(Schema.Type.LONG); // int, long, float, double, boolean, enum, logical types: at most 10 bytes
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
