package org.openclaw.oversight.enforcement;

/** Which conversation a trace serves (from a span that carries user and channel), and an escalation seen before that. */
public class TraceLink {
    /** channel/user, or null while no span of the trace said. */
    public String conversation;
    /** Event time of an ESCALATION span of the trace seen before its conversation was known; 0 when none. */
    public long orphanEscalationMs;
    public long lastSeenMs;

    public TraceLink() {}
}
