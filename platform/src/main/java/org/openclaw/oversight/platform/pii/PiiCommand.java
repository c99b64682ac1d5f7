package org.openclaw.oversight.platform.pii;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code oversight pii}: try the ingestion job's PII scanner on your own text. */
@Command(name = "pii", mixinStandardHelpOptions = true,
        description = "Try the PII scanner of the ingestion job on your own text.",
        subcommands = {PiiScanCommand.class})
public final class PiiCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
