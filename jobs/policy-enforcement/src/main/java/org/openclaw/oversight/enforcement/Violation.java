package org.openclaw.oversight.enforcement;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One row of {@code oversight.policy_violations}: a rule of the policy hierarchy that an event (or an
 * interaction, conversation or agent it belongs to) broke. Idempotent on (eventId, rule): the same event
 * judged again — a replay after a failure — yields the same row. A Flink POJO (public fields, no-arg
 * constructor), so it is never serialized with Kryo.
 */
public class Violation {
    /** The event the violation is attributed to: the one that broke the rule, or opened what never came. */
    public String eventId;
    /** The rule's name in policies.yml. */
    public String rule;
    /** Event time of {@link #eventId}. */
    public long timeMs;
    public String tenantId;
    public String agentId;
    /** The policy node that set the rule (e.g. {@code global}, {@code high_risk}). */
    public String policyNode;
    /** The version of the policy document the event was judged by. */
    public String policyVersion;
    /** What happened, e.g. {@code 7300ms}, {@code EMAIL in output}, {@code no ESCALATION within 60s}. */
    public String observed;
    /** What the rule allows, e.g. {@code 5000ms}. */
    public String limit;
    /** The suggested action: ALERT, SHUTDOWN, PAUSE, REVIEW, BLOCK_VERSION, ... */
    public String action;
    /** P1..P4. */
    public String severity;
    /** The interaction (trace id; conversation id for message-only rules) the compliance score counts. */
    public String interactionId;
    /** Ids of the events that took part, the attributed one first. */
    public String[] evidence;

    public Violation() {}

    public Instant time() {
        return Instant.ofEpochMilli(timeMs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Violation v && timeMs == v.timeMs && Objects.equals(eventId, v.eventId) && Objects.equals(rule, v.rule)
                && Objects.equals(tenantId, v.tenantId) && Objects.equals(agentId, v.agentId)
                && Objects.equals(policyNode, v.policyNode) && Objects.equals(policyVersion, v.policyVersion)
                && Objects.equals(observed, v.observed) && Objects.equals(limit, v.limit) && Objects.equals(action, v.action)
                && Objects.equals(severity, v.severity) && Objects.equals(interactionId, v.interactionId)
                && Arrays.equals(evidence, v.evidence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, rule, timeMs);
    }

    @Override
    public String toString() {
        return rule + "@" + agentId + "[" + eventId + ", " + observed + " vs " + limit + ", " + policyVersion + "]";
    }
}
