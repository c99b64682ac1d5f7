package org.openclaw.oversight.enforcement.rules;

import java.util.List;
import org.openclaw.oversight.enforcement.Finding;
import org.openclaw.oversight.enforcement.Judgement;
import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.schema.ControlAction;
import org.openclaw.oversight.schema.ControlCommand;

/**
 * kill_switch_required: an agent keeps emitting events more than {@code enforcement.kill_switch_grace} after a
 * PAUSE or SHUTDOWN command for it on {@code oversight.agent-control.v1}, until RESUME, RESTART or ROLLBACK (or the
 * command's expiresAt). One violation per command: the first event past the grace.
 */
public final class KillSwitchRule implements Rule {

    @Override
    public RuleKind kind() {
        return RuleKind.KILL_SWITCH_REQUIRED;
    }

    public boolean halts(ControlCommand command) {
        return command.getAction() == ControlAction.PAUSE || command.getAction() == ControlAction.SHUTDOWN;
    }

    public boolean releases(ControlCommand command) {
        // ROLLBACK restarts the agent on its previous version (the runbook's SHUTDOWN -> ROLLBACK of a PII leak)
        return command.getAction() == ControlAction.RESUME || command.getAction() == ControlAction.RESTART
                || command.getAction() == ControlAction.ROLLBACK;
    }

    /** Whether an event at {@code eventMs} disobeys a halt issued at {@code issuedMs} (expiring at {@code expiresMs}, or 0). */
    public boolean disobeys(long eventMs, long issuedMs, long expiresMs, Judgement judgement) {
        return eventMs > issuedMs + judgement.enforcement().killSwitchGrace().toMillis() && (expiresMs <= 0 || eventMs < expiresMs);
    }

    public Finding finding(String eventId, String action, long lateByMs, Judgement judgement) {
        return new Finding(kind(), "event " + lateByMs + "ms after " + action,
                "silent " + judgement.enforcement().killSwitchGrace().toSeconds() + "s after " + action, "SHUTDOWN", List.of(eventId));
    }
}
