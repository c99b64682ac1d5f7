package org.openclaw.oversight.platform.simulator;

import org.apache.avro.specific.SpecificRecord;

/**
 * One record the simulator wants sent: topic, Kafka key and Avro value ({@code AgentEvent},
 * {@code ChannelMessage} or {@code AgentHeartbeat}). {@code id} is the eventId / messageId, or
 * {@code heartbeat:<agent>:<time>} for heartbeats, which have no id of their own.
 */
public record SimulatedRecord(String topic, String key, SpecificRecord value, long eventTime, String agentId,
        String id) {
}
