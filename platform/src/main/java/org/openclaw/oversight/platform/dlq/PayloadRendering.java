package org.openclaw.oversight.platform.dlq;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.openclaw.oversight.connectors.kafka.ConfluentWireFormat;
import org.openclaw.oversight.connectors.kafka.SchemaRegistry;
import org.openclaw.oversight.connectors.kafka.UndecodableRecordException;

/**
 * How {@code oversight dlq show} prints a decrypted payload: as Avro JSON with the writer schema the
 * registry holds for its id when it is a complete Confluent-framed record, else as a hex dump, with
 * the reason it did not decode (often the very reason it became a dead letter).
 */
final class PayloadRendering {

    private static final int BYTES_PER_LINE = 16;

    private final SchemaRegistry registry;

    PayloadRendering(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** A rendering: what kind, and the text. */
    record Rendered(String kind, String text) {}

    Rendered render(byte[] payload, int maxHexBytes) {
        String whyNot;
        try {
            int schemaId = ConfluentWireFormat.schemaId(payload);
            Schema writer = registry.schemaById(schemaId);
            return new Rendered("Avro JSON, schema id " + schemaId + " (" + writer.getFullName() + ")",
                    avroJson(payload, writer));
        } catch (UndecodableRecordException e) {
            whyNot = e.getMessage();
        } catch (IOException | RuntimeException e) {
            whyNot = "does not decode as Avro with its writer schema (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        }
        return new Rendered("hex dump; not shown as Avro: " + whyNot, hexDump(payload, maxHexBytes));
    }

    private static String avroJson(byte[] payload, Schema writer) throws IOException {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(payload, ConfluentWireFormat.HEADER_LENGTH,
                payload.length - ConfluentWireFormat.HEADER_LENGTH, null);
        Object record = new GenericDatumReader<>(writer).read(null, decoder);
        if (!decoder.isEnd()) {
            throw new IOException("bytes left over after a complete " + writer.getFullName());
        }
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(writer, json, true);
        new GenericDatumWriter<>(writer).write(record, encoder);
        encoder.flush();
        return json.toString(StandardCharsets.UTF_8);
    }

    /** {@code xxd}-like: offset, 16 bytes in hex, and the printable ASCII of them. */
    static String hexDump(byte[] bytes, int maxBytes) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(bytes.length, maxBytes);
        for (int line = 0; line < shown; line += BYTES_PER_LINE) {
            out.append(String.format("%08x: ", line));
            StringBuilder ascii = new StringBuilder();
            for (int i = line; i < line + BYTES_PER_LINE; i++) {
                if (i < shown) {
                    out.append(String.format("%02x", bytes[i] & 0xff));
                    ascii.append(bytes[i] >= 0x20 && bytes[i] < 0x7f ? (char) bytes[i] : '.');
                } else {
                    out.append("  ");
                }
                if (i % 2 == 1) {
                    out.append(' ');
                }
            }
            out.append(' ').append(ascii).append('\n');
        }
        if (shown < bytes.length) {
            out.append("... ").append(bytes.length - shown).append(" more bytes (--max-bytes ").append(maxBytes)
                    .append(")\n");
        }
        return out.toString();
    }

    /** A record key as text when it is printable UTF-8 (trace ids are), else in hex. */
    static String key(byte[] key) {
        if (key == null) {
            return "(none)";
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key)).toString();
            if (text.codePoints().noneMatch(Character::isISOControl)) {
                return "\"" + text + "\"";
            }
        } catch (CharacterCodingException notText) {
            // fall through to hex
        }
        return "0x" + java.util.HexFormat.of().formatHex(key);
    }
}
