package org.openclaw.oversight.connectors.alertmanager;

import java.util.List;

/** The sink writer's checkpointed state: every alert it still has to send or keep re-sending. */
public record AlertmanagerWriterState(List<TrackedAlert> alerts) {

    public AlertmanagerWriterState {
        alerts = List.copyOf(alerts);
    }
}
