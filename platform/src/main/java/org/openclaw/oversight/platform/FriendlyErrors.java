package org.openclaw.oversight.platform;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one message that says what went wrong and what to do; the stack trace only
 * with OVERSIGHT_VERBOSE=1, since users act on the message, not on the trace.
 */
public final class FriendlyErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        commandLine.getErr().println(commandLine.getColorScheme().errorText(
                commandLine.getCommandSpec().qualifiedName() + ": " + message));
        if (e instanceof UserFacingException hint && hint.whatToDo() != null) {
            commandLine.getErr().println("  -> " + hint.whatToDo());
        }
        if ("1".equals(System.getenv("OVERSIGHT_VERBOSE"))) {
            e.printStackTrace(commandLine.getErr());
        } else {
            commandLine.getErr().println("  (set OVERSIGHT_VERBOSE=1 for the stack trace)");
        }
        return 1;
    }
}
