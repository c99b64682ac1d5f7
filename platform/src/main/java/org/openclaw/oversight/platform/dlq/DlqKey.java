package org.openclaw.oversight.platform.dlq;

import java.nio.file.Path;
import java.util.Map;
import org.openclaw.oversight.connectors.kafka.DeadLetterCipher;
import org.openclaw.oversight.platform.CommandKey;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

/**
 * Where {@code oversight dlq show|replay} take the DLQ key from: {@code OVERSIGHT_DLQ_KEY_FILE} or
 * {@code OVERSIGHT_DLQ_KEY} (what the jobs read), else the local stack's key file under the data dir.
 * Fails closed ({@link CommandKey}): without a readable key of full length nothing is decrypted and nothing is replayed.
 *
 * @param source where the key is read (its {@code toString} names the place, never the key)
 * @param origin a sentence for the user saying which of the sources it is
 * @param cipher the cipher of that key (the key bytes are wiped once its AES key is derived)
 */
record DlqKey(SecretSource source, String origin, DeadLetterCipher cipher) {

    static DlqKey resolve(Map<String, String> environment, Path dataDir) {
        CommandKey key = CommandKey.resolve(SecretKind.DLQ_KEY, environment, dataDir);
        return new DlqKey(key.source(), key.origin(), DeadLetterCipher.open(key.source()));
    }
}
