package org.openclaw.oversight.enforcement;

/** What the conversation rules remember of one conversation (channel/user of an agent). A Flink POJO. */
public class ConversationActivity {
    /** Event time of the latest agent span of the conversation; 0 when none. */
    public long lastSpanMs;
    /** Event time of the latest escalation (ESCALATION span, human hand-off); 0 when none. */
    public long lastEscalationMs;
    public long lastSeenMs;

    public ConversationActivity() {}
}
