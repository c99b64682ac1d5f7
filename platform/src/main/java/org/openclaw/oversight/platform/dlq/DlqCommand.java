package org.openclaw.oversight.platform.dlq;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code oversight dlq}: look at, and replay, the dead letters of the jobs. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"The dead letters on oversight.dlq.v1: records a job could not process, kept encrypted with "
                + "the DLQ key.",
                "`list` counts them (no payloads, no key needed); `show` decrypts letters in memory and prints them; "
                        + "`replay` sends them back to their source topic after the cause is fixed. `show` and "
                        + "`replay` need --by NAME and write the audit log."},
        subcommands = {DlqListCommand.class, DlqShowCommand.class, DlqReplayCommand.class})
public final class DlqCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
