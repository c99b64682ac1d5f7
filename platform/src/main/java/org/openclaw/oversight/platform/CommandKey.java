package org.openclaw.oversight.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.openclaw.oversight.secrets.LocalKeys;
import org.openclaw.oversight.secrets.MissingSecretException;
import org.openclaw.oversight.secrets.SecretKind;
import org.openclaw.oversight.secrets.SecretSource;

/**
 * Where a command takes a key from: {@code <KIND>_FILE} or {@code <KIND>} (what the jobs read), else the
 * local stack's key file under the data dir (which {@code oversight up} creates). Fails closed: no key of
 * full length, no command. Never holds or shows the key itself.
 *
 * @param source where the key is read (its {@code toString} names the place, never the key)
 * @param origin a sentence for the user saying which of the sources it is
 */
public record CommandKey(SecretSource source, String origin) {

    public static CommandKey resolve(SecretKind kind, Map<String, String> environment, Path dataDir) {
        if (isSet(environment.get(kind.fileVariable())) || isSet(environment.get(kind.valueVariable()))) {
            SecretSource source = SecretSource.fromEnvironment(kind, environment);
            return new CommandKey(source, "from the environment, " + source);
        }
        Path local = LocalKeys.file(dataDir, kind);
        if (!Files.exists(local)) {
            throw new MissingSecretException("No " + kind.description() + ": neither " + kind.fileVariable() + " nor "
                    + kind.valueVariable() + " is set, and the local stack has no key file " + local
                    + ". Set " + kind.fileVariable() + " to the key file the jobs use (the mounted Secret), or run"
                    + " ./oversight up (which creates the local one), or pass the stack's --data-dir.");
        }
        SecretSource source = SecretSource.file(kind, local);
        Arrays.fill(source.read(), (byte) 0); // fails closed now on a short or unreadable file
        return new CommandKey(source, "from the local stack's key file " + local);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
