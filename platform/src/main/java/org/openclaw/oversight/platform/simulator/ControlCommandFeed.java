package org.openclaw.oversight.platform.simulator;

import java.util.List;

/**
 * Where the simulated agents' control commands come from: a Kafka consumer of oversight.agent-control.v1 in a run
 * ({@link KafkaControlCommandFeed}), a list in tests. The run loop asks before each record it delivers.
 */
interface ControlCommandFeed {
    /** Commands received since the last call, in the order they arrived; never blocks. */
    List<ReceivedCommand> drain();

    /** No control: the agents run as scripted. */
    ControlCommandFeed NONE = List::of;
}
