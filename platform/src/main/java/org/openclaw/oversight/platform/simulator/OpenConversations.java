package org.openclaw.oversight.platform.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openclaw.oversight.schema.Channel;

/** The conversations each agent has going: a user turn continues one whose last reply is out, or opens one. */
final class OpenConversations {
    private final Random random;
    private final Map<String, List<Conversation>> byAgent = new LinkedHashMap<>();

    OpenConversations(Random random) {
        this.random = random;
    }

    /** The conversation a user turn to {@code agent} at {@code time} belongs to. */
    Conversation forTurn(SimulatedAgent agent, long time) {
        List<Conversation> open = byAgent.computeIfAbsent(agent.agentId(), a -> new ArrayList<>());
        List<Conversation> waitingForUser = open.stream().filter(c -> c.repliedAt < time).toList();
        if (!waitingForUser.isEmpty() && random.nextDouble() < 0.5) {
            return waitingForUser.get(random.nextInt(waitingForUser.size()));
        }
        Channel channel = agent.channels().isEmpty() ? Channel.WEBCHAT
                : agent.channels().get(random.nextInt(agent.channels().size()));
        Conversation conv = new Conversation("conv-" + RandomIds.hex(random, 16), "user-" + RandomIds.hex(random, 8),
                channel, random.nextBoolean(), 1 + random.nextInt(4));
        open.add(conv);
        return conv;
    }

    /** Counts the turn; a conversation whose turns are used up takes no more. */
    void turnTaken(SimulatedAgent agent, Conversation conv) {
        if (--conv.turnsLeft <= 0) {
            byAgent.get(agent.agentId()).remove(conv);
        }
    }
}
