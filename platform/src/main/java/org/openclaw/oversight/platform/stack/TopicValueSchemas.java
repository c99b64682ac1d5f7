package org.openclaw.oversight.platform.stack;

import java.util.Map;
import org.apache.avro.Schema;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.Alert;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.ControlCommand;
import org.openclaw.oversight.schema.DeadLetter;

/**
 * The Avro value schema of each topic (DESIGN §3), registered by `oversight up` under the topic's
 * TopicNameStrategy subject so agents using a stock Confluent serializer with "use latest version"
 * produce valid events. The policies topic carries YAML text, so it has no Avro schema.
 */
public final class TopicValueSchemas {

    private static final Map<String, Schema> BY_TOPIC = Map.of(
            Topics.AGENT_EVENTS, AgentEvent.getClassSchema(),
            Topics.CHANNEL_MESSAGES, ChannelMessage.getClassSchema(),
            Topics.HEARTBEATS, AgentHeartbeat.getClassSchema(),
            Topics.CLEAN_EVENTS, CleanEvent.getClassSchema(),
            Topics.ALERTS, Alert.getClassSchema(),
            Topics.AGENT_CONTROL, ControlCommand.getClassSchema(),
            Topics.DEAD_LETTERS, DeadLetter.getClassSchema());

    private TopicValueSchemas() {}

    public static Map<String, Schema> byTopic() {
        return BY_TOPIC;
    }
}
