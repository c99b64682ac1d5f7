package org.openclaw.oversight.platform.policy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code oversight policy}: check, push and replay the policy hierarchy (config/policies.yml). */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"The policy hierarchy of config/policies.yml, enforced by the policy-enforcement job.",
                "`check` resolves every agent's rules and reports every problem; `push FILE` publishes a document to "
                        + "oversight.policies.v1 (audited), which the running job applies without a restart; "
                        + "`replay` evaluates a candidate document over stored history without writing anything."},
        subcommands = {PolicyCheckCommand.class, PolicyPushCommand.class, PolicyReplayCommand.class})
public final class PolicyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
