package org.openclaw.oversight.connectors.alertmanager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Binary format of {@link AlertmanagerWriterState}, version 1. Explicit fields rather than Java
 * serialization, so the format is stable across code changes and can be read by a later version.
 *
 * <pre>
 * int count
 * count x { string fingerprint, map labels, map annotations, long startsAt,
 *           bool hasEndsAt [long endsAt], bool hasGeneratorUrl [string generatorUrl],
 *           long receivedAt, bool delivered, long forgetAt }
 * map    = int n, n x (string key, string value)
 * string = int byteLength, UTF-8 bytes   (no 64 KiB limit as with writeUTF)
 * </pre>
 */
public final class AlertmanagerWriterStateSerializer implements SimpleVersionedSerializer<AlertmanagerWriterState> {

    static final int VERSION = 1;
    /** Guards against reading garbage as a huge length and allocating gigabytes. */
    private static final int MAX_STRING_BYTES = 16 * 1024 * 1024;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(AlertmanagerWriterState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(state.alerts().size());
            for (TrackedAlert t : state.alerts()) {
                AlertContent c = t.content();
                writeString(out, c.fingerprint());
                writeMap(out, c.labels());
                writeMap(out, c.annotations());
                out.writeLong(c.startsAtMillis());
                out.writeBoolean(c.endsAtMillis() != null);
                if (c.endsAtMillis() != null) {
                    out.writeLong(c.endsAtMillis());
                }
                out.writeBoolean(c.generatorUrl() != null);
                if (c.generatorUrl() != null) {
                    writeString(out, c.generatorUrl());
                }
                out.writeLong(t.receivedAtMillis());
                out.writeBoolean(t.delivered());
                out.writeLong(t.forgetAtMillis());
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public AlertmanagerWriterState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Alertmanager sink state has version " + version + " but this code reads only version "
                    + VERSION + "; restore with the sink version that wrote it or start without state");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int count = in.readInt();
            if (count < 0) {
                throw new IOException("corrupt Alertmanager sink state: negative alert count " + count);
            }
            List<TrackedAlert> alerts = new ArrayList<>(Math.min(count, 10_000));
            for (int i = 0; i < count; i++) {
                String fingerprint = readString(in);
                Map<String, String> labels = readMap(in);
                Map<String, String> annotations = readMap(in);
                long startsAt = in.readLong();
                Long endsAt = in.readBoolean() ? in.readLong() : null;
                String generatorUrl = in.readBoolean() ? readString(in) : null;
                long receivedAt = in.readLong();
                boolean delivered = in.readBoolean();
                long forgetAt = in.readLong();
                alerts.add(new TrackedAlert(
                        new AlertContent(fingerprint, labels, annotations, startsAt, endsAt, generatorUrl),
                        receivedAt, delivered, forgetAt));
            }
            if (in.available() > 0) {
                throw new IOException("corrupt Alertmanager sink state: " + in.available() + " trailing bytes");
            }
            return new AlertmanagerWriterState(alerts);
        }
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt Alertmanager sink state: negative map size " + n);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_STRING_BYTES) {
            throw new IOException("corrupt Alertmanager sink state: string length " + len);
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
