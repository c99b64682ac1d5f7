package org.openclaw.oversight.incident;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Incident ids derived from the opening alert (fingerprint and startsAt), not from a counter: the same
 * alert replayed after a restart opens the same id, so upserts and audit keys meet their earlier writes.
 */
public final class IncidentIds {

    private IncidentIds() {}

    public static String of(String fingerprint, long startsAtMs) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((fingerprint + "\n" + startsAtMs).getBytes(StandardCharsets.UTF_8));
            return "INC-" + HexFormat.of().formatHex(hash, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
