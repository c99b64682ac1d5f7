package org.openclaw.oversight.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns UTF-8 bytes into Strings and hands out the same instance when the same short value comes
 * again. Events repeat a handful of ids (tenant, agent, model, channel) millions of times; one shared
 * instance per value means their hash codes are computed once and equality checks are a reference
 * compare, which matters in keyBy, state lookups and metric labels. A small direct-mapped table: a
 * miss just decodes and replaces the slot, so unique values (event ids) cost one compare.
 * Not thread-safe: one per decoder or serializer instance.
 */
public final class RecentStrings {

    /** Longer values are decoded without the table; ids are shorter. */
    public static final int MAX_CACHED_BYTES = 48;
    private static final int SLOTS = 256;

    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];

    /** The String of {@code length} UTF-8 bytes at {@code offset} of {@code buffer}. */
    public String decode(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return "";
        }
        if (length > MAX_CACHED_BYTES) {
            return new String(buffer, offset, length, StandardCharsets.UTF_8);
        }
        int hash = length;
        for (int i = offset, end = offset + length; i < end; i++) {
            hash = 31 * hash + buffer[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] cached = bytes[slot];
        if (cached != null && Arrays.equals(cached, 0, cached.length, buffer, offset, offset + length)) {
            return strings[slot];
        }
        String value = new String(buffer, offset, length, StandardCharsets.UTF_8);
        bytes[slot] = Arrays.copyOfRange(buffer, offset, offset + length);
        strings[slot] = value;
        return value;
    }
}
