package org.openclaw.oversight.connectors.kafka;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A binary decoder over one in-memory value that refuses any string, bytes, array or map whose
 * declared size exceeds the bytes left in the value. Avro itself allocates the declared size
 * before reading, so a single corrupt length prefix could otherwise ask for gigabytes and take the
 * task manager down with an OutOfMemoryError.
 *
 * <p>An array or map item takes at least one byte in every schema we use (strings, enums,
 * records with fields), so "items ≤ bytes left" never rejects a valid value.
 */
final class LengthCheckingDecoder extends Decoder {

    private final BinaryDecoder in;
    private byte[] scratch = new byte[256];
    private final RecentStrings strings = new RecentStrings();

    LengthCheckingDecoder(BinaryDecoder in) {
        this.in = in;
    }

    private long checked(long declared, String what) throws IOException {
        if (declared < 0) {
            // Avro's own message for this case; the decoder reports it as corrupt_avro
            throw new org.apache.avro.AvroRuntimeException("Malformed data. " + what + " is negative: " + declared);
        }
        int left = in.inputStream().available();
        if (declared > left) {
            throw new EOFException(what + " declares " + declared + " but only " + left + " bytes are left in the value");
        }
        return declared;
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = (int) checked(in.readLong(), "String length");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        if (length > 0) {
            in.readFixed(result.getBytes(), 0, length);
        }
        return result;
    }

    @Override
    public String readString() throws IOException {
        // straight into a String (fields with avro.java.string=String): no intermediate Utf8 copy, and one
        // shared instance for repeated ids
        int length = (int) checked(in.readLong(), "String length");
        if (length == 0) {
            return "";
        }
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
        }
        in.readFixed(scratch, 0, length);
        return strings.decode(scratch, 0, length);
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = (int) checked(in.readLong(), "Bytes length");
        byte[] bytes = new byte[length];
        in.readFixed(bytes, 0, length);
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public long readArrayStart() throws IOException {
        return checked(blockCount(), "Array block size");
    }

    @Override
    public long arrayNext() throws IOException {
        return checked(blockCount(), "Array block size");
    }

    @Override
    public long readMapStart() throws IOException {
        return checked(blockCount(), "Map block size");
    }

    @Override
    public long mapNext() throws IOException {
        return checked(blockCount(), "Map block size");
    }

    /** Block header: a count, negative when followed by the block's byte size (which we do not need). */
    private long blockCount() throws IOException {
        long count = in.readLong();
        if (count < 0) {
            in.readLong();
            count = -count;
        }
        return count;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public void skipString() throws IOException {
        in.skipString();
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
