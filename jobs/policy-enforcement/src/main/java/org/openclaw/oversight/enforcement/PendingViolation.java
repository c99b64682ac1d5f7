package org.openclaw.oversight.enforcement;

/**
 * A violation that happens unless something arrives in time: the row is made when the wait starts (with the
 * policy version it was judged by) and emitted when the deadline passes without it. A Flink POJO.
 */
public class PendingViolation {
    public Violation violation;
    /** Event time by which the awaited event must have happened. */
    public long deadlineMs;
    /** What the wait is about: the conversation (channel/user) for conversation rules, else empty. */
    public String conversation = "";

    public PendingViolation() {}

    public static PendingViolation of(Violation violation, long deadlineMs, String conversation) {
        PendingViolation p = new PendingViolation();
        p.violation = violation;
        p.deadlineMs = deadlineMs;
        p.conversation = conversation;
        return p;
    }
}
