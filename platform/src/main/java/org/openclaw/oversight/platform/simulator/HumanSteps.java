package org.openclaw.oversight.platform.simulator;

import java.util.List;
import java.util.Random;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/** The spans where a person takes over: an ESCALATION when a user asks for one, a HUMAN_REVIEW of HR decisions. */
final class HumanSteps {
    private final Random random;
    private final SpanFactory spans;

    HumanSteps(Random random, SpanFactory spans) {
        this.random = random;
        this.spans = spans;
    }

    /** Queues an ESCALATION to the human queue at {@code start}; returns when the run goes on. */
    long escalation(RunContext run, String runSpan, long start) {
        long d = 30 + random.nextInt(170);
        AgentEvent.Builder e = spans.span(run, spans.newSpanId(), runSpan, EventKind.ESCALATION, "escalate_to_human",
                start, d, SpanStatus.OK, null);
        e.getAttributes().put("escalation.queue", "human-agents");
        spans.queue(e, run.everySpan(), List.of());
        return start + d + 2;
    }

    /** Queues a recruiter's HUMAN_REVIEW (HR screening is high-risk under the EU AI Act); returns its end + 2. */
    long review(RunContext run, String runSpan, long start) {
        long d = 2_000 + random.nextInt(18_000);
        AgentEvent.Builder e = spans.span(run, spans.newSpanId(), runSpan, EventKind.HUMAN_REVIEW,
                "review_screening_decision", start, d, SpanStatus.OK, null);
        e.getAttributes().put("review.reviewer", "recruiter-" + (1 + random.nextInt(5)));
        e.getAttributes().put("review.decision", random.nextDouble() < 0.9 ? "approved" : "changed");
        spans.queue(e, run.everySpan(), List.of());
        return start + d + 2;
    }
}
