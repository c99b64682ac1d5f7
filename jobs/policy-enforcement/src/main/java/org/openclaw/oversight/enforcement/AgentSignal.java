package org.openclaw.oversight.enforcement;

import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.ControlCommand;

/**
 * An event of an agent (its {@link RuleFacts}) or a control command for it: the one input of the agent rules (keyed by
 * agentId). A Flink POJO.
 */
public class AgentSignal {
    public RuleFacts event;
    public ControlCommand command;

    public AgentSignal() {}

    public static AgentSignal of(CleanEvent event) {
        return of(RuleFacts.of(event));
    }

    public static AgentSignal of(RuleFacts event) {
        AgentSignal s = new AgentSignal();
        s.event = event;
        return s;
    }

    public static AgentSignal of(ControlCommand command) {
        AgentSignal s = new AgentSignal();
        s.command = command;
        return s;
    }

    public String agentId() {
        return event != null ? event.agentId : command.getAgentId();
    }

    public long timeMs() {
        return event != null ? event.timeMs : command.getIssuedAt().toEpochMilli();
    }
}
