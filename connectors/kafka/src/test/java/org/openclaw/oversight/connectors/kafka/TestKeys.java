package org.openclaw.oversight.connectors.kafka;

import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One random dead-letter and one PII key file per test JVM, as `oversight up` makes them per data dir. Shared by
 * the tests of every module through this module's test jar.
 */
public final class TestKeys {

    private static SecretSource dlqKey;
    private static SecretSource piiKey;

    private TestKeys() {}

    public static synchronized SecretSource dlqKey() {
        if (dlqKey == null) {
            dlqKey = keyFile(SecretKind.DLQ_KEY);
        }
        return dlqKey;
    }

    /** Where the job's PII operators read the pseudonym key when they open. */
    public static synchronized SecretSource piiKey() {
        if (piiKey == null) {
            piiKey = keyFile(SecretKind.PII_KEY);
        }
        return piiKey;
    }

    private static SecretSource keyFile(SecretKind kind) {
        try {
            Path dir = Files.createTempDirectory("oversight-test-keys-");
            dir.toFile().deleteOnExit();
            Path file = LocalKeys.ensure(dir, kind);
            file.toFile().deleteOnExit();
            file.getParent().toFile().deleteOnExit();
            return SecretSource.file(kind, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DeadLetterCipher cipher() {
        return DeadLetterCipher.open(dlqKey());
    }

    /** A connection to the test servers whose jobs can write dead letters. */
    public static KafkaConnection connection(String bootstrapServers, String registryUrl) {
        return KafkaConnection.of(bootstrapServers, registryUrl).withDeadLetterKey(dlqKey());
    }
}
