package org.openclaw.oversight.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The local stack's keys: random, one file each under {@code <data dir>/keys/}, mode 0600. */
public final class LocalKeys {

    private LocalKeys() {}

    public static Path file(Path dataDir, SecretKind kind) {
        return dataDir.resolve("keys").resolve(kind.localFileName());
    }

    /** Creates the key file with 32 random bytes (hex) unless it exists; returns its path. */
    public static Path ensure(Path dataDir, SecretKind kind) {
        Path file = file(dataDir, kind);
        if (Files.exists(file)) {
            return file;
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, HexFormat.of().formatHex(random) + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException raced) {
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
        return file;
    }
}
