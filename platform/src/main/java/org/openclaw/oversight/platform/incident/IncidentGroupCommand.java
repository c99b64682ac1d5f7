package org.openclaw.oversight.platform.incident;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.openclaw.oversight.platform.UserFacingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code oversight incident ack|resolve|action}: a person's command to the incident-response job. */
@Command(name = "incident", mixinStandardHelpOptions = true,
        description = {"Acknowledge (stops escalation), resolve, or take a manual runbook action on an incident.",
                "The command goes to the incident-response job on oversight.incident-commands.v1; the job applies it,"
                        + " writes the audit log with --by as actor and updates oversight.incidents (see `oversight incidents`)."},
        subcommands = {IncidentGroupCommand.Ack.class, IncidentGroupCommand.Resolve.class, IncidentGroupCommand.Action.class})
public final class IncidentGroupCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class Base implements Callable<Integer> {
        @Mixin
        IncidentStackOptions options;

        @Parameters(index = "0", paramLabel = "ID", description = "Incident id (INC-...), as `oversight incidents` shows it.")
        String incidentId;

        @Option(names = "--by", required = true, paramLabel = "NAME", description = "Who does this (written to the audit log).")
        String by;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        IncidentCommandSender.Target target() {
            IncidentCommandSender.Target target = IncidentCommandSender.find(options, incidentId);
            if ("RESOLVED".equals(target.status())) {
                throw new UserFacingException("incident " + target.incidentId() + " is already resolved", "nothing to do");
            }
            return target;
        }

        int sent(IncidentCommandSender.Target target, String what, String commandId) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(what + " " + target.incidentId() + " (" + target.type() + ", tenant " + target.tenantId() + ") sent as command "
                    + commandId + "; the incident-response job applies it (see `oversight incidents`)");
            return 0;
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge: escalation stops at its current level.")
    static final class Ack extends Base {
        @Override
        public Integer call() {
            String actor = IncidentStackOptions.actor(by);
            IncidentCommandSender.Target target = target();
            return sent(target, "ack", IncidentCommandSender.send(options, target, "ack", null, null, actor));
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = "Resolve: also the way to close a PII leak, which stays open for a person.")
    static final class Resolve extends Base {
        @Override
        public Integer call() {
            String actor = IncidentStackOptions.actor(by);
            IncidentCommandSender.Target target = target();
            return sent(target, "resolve", IncidentCommandSender.send(options, target, "resolve", null, null, actor));
        }
    }

    @Command(name = "action", mixinStandardHelpOptions = true,
            description = "A manual runbook step. `restart`: after a CascadingFailure, RESTART the agents it paused (all but the"
                    + " isolated origin; --agent for one, the origin included).")
    static final class Action extends Base {
        @Parameters(index = "1", paramLabel = "ACTION", description = "restart")
        String action;

        @Option(names = "--agent", paramLabel = "AGENT", description = "Only this agent.")
        String agent;

        @Override
        public Integer call() {
            String actor = IncidentStackOptions.actor(by);
            if (!"restart".equals(action)) {
                throw new UserFacingException("unknown action '" + action + "'", "use: oversight incident action ID restart --by NAME");
            }
            IncidentCommandSender.Target target = target();
            if (!"CascadingFailure".equals(target.type())) {
                throw new UserFacingException("restart is the manual step of a CascadingFailure; " + target.incidentId() + " is a "
                        + target.type(), "the job restarts other incidents' agents itself where the runbook says so");
            }
            return sent(target, "restart", IncidentCommandSender.send(options, target, "action", action, agent, actor));
        }
    }
}
