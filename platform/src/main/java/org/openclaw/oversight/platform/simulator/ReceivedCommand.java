package org.openclaw.oversight.platform.simulator;

import org.openclaw.oversight.schema.ControlCommand;

/** A command read from oversight.agent-control.v1 and the wall-clock time it reached the simulator. */
record ReceivedCommand(ControlCommand command, long receivedAtMillis) {
}
