package org.openclaw.oversight.localstack;

import java.nio.file.Path;

/**
 * A local server did not come up. The message always says what failed, which log to read and what to
 * do, because the person reading it is usually looking at a red test or at `oversight up`, not at code.
 */
public class ServerStartException extends RuntimeException {

    public ServerStartException(String message) {
        super(message);
    }

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Message of the form: what failed. Log: path (last lines). What to do. */
    static String describe(String whatFailed, Path logFile, String whatToDo) {
        StringBuilder text = new StringBuilder(whatFailed);
        if (logFile != null) {
            text.append("\nLog: ").append(logFile);
            String tail = LogTail.lastLines(logFile, 25);
            if (!tail.isEmpty()) {
                text.append("\n--- last lines of ").append(logFile.getFileName()).append(" ---\n").append(tail);
            }
        }
        if (whatToDo != null && !whatToDo.isEmpty()) {
            text.append("\nWhat to do: ").append(whatToDo);
        }
        return text.toString();
    }
}
