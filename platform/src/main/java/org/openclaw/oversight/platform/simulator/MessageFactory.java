package org.openclaw.oversight.platform.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.openclaw.oversight.connectors.kafka.Topics;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.Direction;

/** Builds the channel messages of a conversation and queues them; about 1 % of replies fail to be delivered. */
final class MessageFactory {
    private static final double DELIVERY_FAILURE_PROBABILITY = 0.01;

    private final Random random;
    private final PendingRecords pending;

    MessageFactory(Random random, PendingRecords pending) {
        this.random = random;
        this.pending = pending;
    }

    /** Queues one message; {@code touched} are the incidents it shows, {@code planted} the PII in its text. */
    void queue(SimulatedAgent agent, Conversation conv, Direction direction, String text, long time,
            List<IncidentOutcome> touched, List<PlantedPii> planted) {
        boolean failed = direction == Direction.OUTBOUND && random.nextDouble() < DELIVERY_FAILURE_PROBABILITY;
        ChannelMessage msg = ChannelMessage.newBuilder().setMessageId("msg-" + RandomIds.uuid(random))
                .setTenantId(agent.tenantId()).setAgentId(agent.agentId()).setConversationId(conv.id)
                .setUserId(conv.userId).setChannel(conv.channel).setDirection(direction).setText(text)
                .setMediaType("text/plain").setTimestamp(Instant.ofEpochMilli(time))
                .setDeliveryStatus(direction == Direction.INBOUND ? "received" : failed ? "failed" : "delivered")
                .setErrorCode(failed ? "undeliverable" : null).build();
        pending.add(time, new SimulatedRecord(Topics.CHANNEL_MESSAGES, conv.id, msg, time, agent.agentId(),
                msg.getMessageId()), null, null, touched, planted);
    }
}
