package org.openclaw.oversight.enforcement;

import org.openclaw.oversight.connectors.kafka.DeadLetterCipher;
import org.openclaw.oversight.connectors.kafka.KafkaConnection;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One random dead-letter key file per test JVM, as `oversight up` makes one per data dir. */
final class TestKeys {

    private static SecretSource dlqKey;

    private TestKeys() {}

    static synchronized SecretSource dlqKey() {
        if (dlqKey == null) {
            try {
                Path dir = Files.createTempDirectory("oversight-test-keys-");
                dir.toFile().deleteOnExit();
                Path file = LocalKeys.ensure(dir, SecretKind.DLQ_KEY);
                file.toFile().deleteOnExit();
                file.getParent().toFile().deleteOnExit();
                dlqKey = SecretSource.file(SecretKind.DLQ_KEY, file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dlqKey;
    }

    static DeadLetterCipher cipher() {
        return DeadLetterCipher.open(dlqKey());
    }

    /** A connection to the test servers whose jobs can write dead letters. */
    static KafkaConnection connection(String bootstrapServers, String registryUrl) {
        return KafkaConnection.of(bootstrapServers, registryUrl).withDeadLetterKey(dlqKey());
    }
}
