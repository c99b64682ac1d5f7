package org.openclaw.oversight.platform.dlq;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openclaw.oversight.connectors.kafka.DeadLetterCipher;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

/**
 * Where {@code oversight dlq show|replay} take the DLQ key from: {@code OVERSIGHT_DLQ_KEY_FILE} or
 * {@code OVERSIGHT_DLQ_KEY} (what the jobs read), else the local stack's key file under the data dir.
 * Fails closed: without a readable key of full length nothing is decrypted and nothing is replayed.
 *
 * @param source where the key is read (its {@code toString} names the place, never the key)
 * @param origin a sentence for the user saying which of the sources it is
 * @param cipher the cipher of that key (the key bytes are wiped once its AES key is derived)
 */
record DlqKey(SecretSource source, String origin, DeadLetterCipher cipher) {

    static DlqKey resolve(Map<String, String> environment, Path dataDir) {
        SecretKind kind = SecretKind.DLQ_KEY;
        if (isSet(environment.get(kind.fileVariable())) || isSet(environment.get(kind.valueVariable()))) {
            SecretSource source = SecretSource.fromEnvironment(kind, environment);
            return new DlqKey(source, "from the environment, " + source, DeadLetterCipher.open(source));
        }
        Path local = LocalKeys.file(dataDir, kind);
        if (!Files.exists(local)) {
            throw new MissingSecretException("No " + kind.description() + ": neither " + kind.fileVariable() + " nor "
                    + kind.valueVariable() + " is set, and the local stack has no key file " + local
                    + ". Set " + kind.fileVariable() + " to the key file the jobs use (the mounted Secret), or run"
                    + " ./oversight up (which creates the local one), or pass the stack's --data-dir.");
        }
        SecretSource source = SecretSource.file(kind, local);
        return new DlqKey(source, "from the local stack's key file " + local, DeadLetterCipher.open(source));
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
