package org.openclaw.oversight.connectors.flink;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.flink.util.SerializedThrowable;

/**
 * The innermost cause of a failure as one short line ({@code PSQLException: Connection to ... refused}):
 * what a terminal shows when a job restarts. Flink wraps a task's exception several times (and ships it
 * as {@link SerializedThrowable}), and the outer layers only say that something failed.
 */
public final class RootCause {

    static final int MAX_LENGTH = 300;

    private RootCause() {}

    public static String oneLine(Throwable failure) {
        if (failure == null) {
            return "unknown cause (see the log)";
        }
        Throwable deepest = failure;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        while (deepest.getCause() != null && seen.put(deepest, Boolean.TRUE) == null) {
            deepest = deepest.getCause();
        }
        String className = deepest instanceof SerializedThrowable serialized
                ? serialized.getOriginalErrorClassName() : deepest.getClass().getName();
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        String message = deepest.getMessage();
        if (message != null && message.startsWith(className)) {
            // SerializedThrowable's message may repeat "class: message"
            message = message.substring(className.length()).replaceFirst("^:\\s*", "");
        }
        String line = message == null || message.isBlank()
                ? simpleName : simpleName + ": " + message.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 1) + "…";
    }
}
