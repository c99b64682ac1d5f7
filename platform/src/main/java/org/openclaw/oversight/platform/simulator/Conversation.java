package org.openclaw.oversight.platform.simulator;

import org.openclaw.oversight.schema.Channel;

/** One user's conversation with an agent on one channel, in one language, over a few turns. */
final class Conversation {
    final String id;
    final String userId;
    final Channel channel;
    final boolean german;
    int turnsLeft;
    /** Whether the agent's first reply (the one that must carry the AI disclosure) has gone out. */
    boolean disclosed;
    /** When the last reply goes out; the user writes again only after it (no overlapping turns). */
    long repliedAt = Long.MAX_VALUE;

    Conversation(String id, String userId, Channel channel, boolean german, int turns) {
        this.id = id;
        this.userId = userId;
        this.channel = channel;
        this.german = german;
        this.turnsLeft = turns;
    }
}
