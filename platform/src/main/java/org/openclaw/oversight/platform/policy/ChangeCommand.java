package org.openclaw.oversight.platform.policy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code oversight change}: approvals of agent versions for dual_review_for_changes. */
@Command(name = "change", mixinStandardHelpOptions = true,
        description = "Approvals of new agent versions (rule dual_review_for_changes: two approvals by different people).",
        subcommands = {ChangeApproveCommand.class})
public final class ChangeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
