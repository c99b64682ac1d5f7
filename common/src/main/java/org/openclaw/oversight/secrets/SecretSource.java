package org.openclaw.oversight.secrets;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Where a secret key is read from — an environment variable or a key file — without the key
 * itself, so it can travel inside a Flink job graph and be {@link #read() read} where the operator
 * opens (on the TaskManager). Fails closed: no source, an empty or short key, an unreadable file
 * are {@link MissingSecretException}s that say what to set; nothing falls back to a built-in key.
 */
public final class SecretSource implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A key shorter than this is refused (256 bits). */
    public static final int MIN_BYTES = 32;

    private final SecretKind kind;
    private final String variable;
    private final String file;

    private SecretSource(SecretKind kind, String variable, String file) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.variable = variable;
        this.file = file;
    }

    /** Reads the key from a file (trailing white space and newlines are not part of it). */
    public static SecretSource file(SecretKind kind, Path file) {
        return new SecretSource(kind, null, file.toAbsolutePath().toString());
    }

    /** Reads the key from an environment variable of the process that opens the operator. */
    public static SecretSource variable(SecretKind kind, String variable) {
        return new SecretSource(kind, Objects.requireNonNull(variable, "variable"), null);
    }

    /**
     * The source the environment names: {@code <KIND>_FILE} wins over {@code <KIND>} (a mounted
     * Secret over a value). Checks now that the key can be read, so a job without its key does not
     * start; the key is read again where it is used.
     */
    public static SecretSource fromEnvironment(SecretKind kind) {
        return fromEnvironment(kind, System.getenv());
    }

    public static SecretSource fromEnvironment(SecretKind kind, Map<String, String> env) {
        String file = env.get(kind.fileVariable());
        SecretSource source;
        if (file != null && !file.isBlank()) {
            source = file(kind, Path.of(file.trim()));
        } else if (env.get(kind.valueVariable()) != null && !env.get(kind.valueVariable()).isBlank()) {
            source = variable(kind, kind.valueVariable());
        } else {
            throw new MissingSecretException("No " + kind.description() + ": set " + kind.fileVariable()
                    + " to a key file or " + kind.valueVariable() + " to the key (at least " + MIN_BYTES
                    + " bytes). `oversight up` creates one for the local stack under <data dir>/keys/"
                    + kind.localFileName() + "; no key is built in.");
        }
        source.read(env); // fail now, not on the first record
        return source;
    }

    public SecretKind kind() {
        return kind;
    }

    /** The key bytes; never log them. */
    public byte[] read() {
        return read(System.getenv());
    }

    byte[] read(Map<String, String> env) {
        byte[] key;
        if (file != null) {
            try {
                key = strip(Files.readString(Path.of(file), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new MissingSecretException("Cannot read the " + kind.description() + " file " + file + " ("
                        + e.getClass().getSimpleName() + "); check " + kind.fileVariable() + " and the file's permissions.");
            }
        } else {
            String value = env.get(variable);
            if (value == null || value.isBlank()) {
                throw new MissingSecretException("No " + kind.description() + " in " + variable + " on this process"
                        + " (a TaskManager needs the variable too); set it or use " + kind.fileVariable() + ".");
            }
            key = strip(value).getBytes(StandardCharsets.UTF_8);
        }
        if (key.length < MIN_BYTES) {
            int length = key.length;
            Arrays.fill(key, (byte) 0);
            throw new MissingSecretException("The " + kind.description() + " from " + this + " has " + length
                    + " bytes; at least " + MIN_BYTES + " are required (e.g. `openssl rand -hex 32`).");
        }
        return key;
    }

    /** A short, non-reversible id of a key, to tell keys apart in letters and messages. */
    public static String keyId(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] once = sha.digest(key);
            return HexFormat.of().formatHex(sha.digest(once), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    private static String strip(String value) {
        return value.strip();
    }

    /** Names where the key comes from, never the key. */
    @Override
    public String toString() {
        return file != null ? kind.fileVariable() + "=" + file : "$" + variable;
    }
}
