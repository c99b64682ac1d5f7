package org.openclaw.oversight.connectors.timescale;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The audit_log hash, recomputed in Java exactly as {@code V2__audit_log.sql} defines it:
 * lower-hex SHA-256 over the UTF-8 of seven netstrings ({@code <byte length>:<value>,}) of
 * prev_hash, seq, at (UTC, {@code yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'}), actor, action, resource and
 * details (the jsonb's canonical text, as {@code details::text} returns it).
 */
public final class AuditEntryHash {

    /** prev_hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private static final DateTimeFormatter AT_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AuditEntryHash() {}

    public static String canonicalContent(String prevHash, long seq, Instant at, String actor, String action,
            String resource, String detailsJsonbText) {
        StringBuilder content = new StringBuilder(256);
        netstring(content, prevHash);
        netstring(content, Long.toString(seq));
        netstring(content, AT_FORMAT.format(at));
        netstring(content, actor);
        netstring(content, action);
        netstring(content, resource);
        netstring(content, detailsJsonbText);
        return content.toString();
    }

    public static String hash(String prevHash, long seq, Instant at, String actor, String action, String resource,
            String detailsJsonbText) {
        byte[] content = canonicalContent(prevHash, seq, at, actor, action, resource, detailsJsonbText)
                .getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256, which every Java SE runtime must provide", e);
        }
    }

    private static void netstring(StringBuilder out, String value) {
        out.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append(',');
    }
}
