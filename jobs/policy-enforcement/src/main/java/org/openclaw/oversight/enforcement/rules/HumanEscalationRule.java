package org.openclaw.oversight.enforcement.rules;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openclaw.oversight.enforcement.Finding;
import org.openclaw.oversight.enforcement.Judgement;
import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.EventKind;

/**
 * human_escalation_enabled: an inbound message containing an escalation keyword ({@code
 * enforcement.escalation_keywords}, whole words, any case) is not followed by an ESCALATION span, or a HANDOFF to
 * a human, of the conversation within {@code enforcement.human_escalation_within}. Escalation spans need not carry
 * the user: the operator links them to the conversation through their trace.
 */
public final class HumanEscalationRule implements Rule {

    private transient List<String> compiledFrom;
    private transient Pattern keywords;

    @Override
    public RuleKind kind() {
        return RuleKind.HUMAN_ESCALATION_ENABLED;
    }

    public boolean asksForHuman(CleanEvent event, Judgement judgement) {
        if (!EventText.isInbound(event) || EventText.empty(event.getChannelMessage().getText())) {
            return false;
        }
        List<String> words = judgement.enforcement().escalationKeywords();
        if (!words.equals(compiledFrom)) {
            keywords = Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + String.join("|", words.stream().map(Pattern::quote).toList())
                    + ")(?![\\p{L}\\p{N}])", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            compiledFrom = words;
        }
        return keywords.matcher(event.getChannelMessage().getText()).find();
    }

    /** An ESCALATION span, or a HANDOFF whose name or target says it goes to a human. */
    public boolean isEscalation(CleanEvent event) {
        AgentEvent span = event.getAgentEvent();
        if (span == null) {
            return false;
        }
        if (span.getKind() == EventKind.ESCALATION) {
            return true;
        }
        if (span.getKind() != EventKind.HANDOFF) {
            return false;
        }
        Map<String, String> attributes = span.getAttributes();
        String target = attributes == null ? null : attributes.getOrDefault("handoff.target_agent", attributes.get("handoff.target"));
        return mentionsHuman(span.getName()) || mentionsHuman(target);
    }

    private static boolean mentionsHuman(String text) {
        return text != null && (text.toLowerCase(Locale.ROOT).contains("human") || text.toLowerCase(Locale.ROOT).contains("mensch"));
    }

    public boolean answers(long escalationMs, long requestMs, Judgement judgement) {
        return Math.abs(escalationMs - requestMs) <= judgement.enforcement().escalationWithin().toMillis();
    }

    public long deadline(long requestMs, Judgement judgement) {
        return requestMs + judgement.enforcement().escalationWithin().toMillis();
    }

    public Finding finding(CleanEvent request, Judgement judgement) {
        return new Finding(kind(), "no ESCALATION or human hand-off",
                "escalation within " + judgement.enforcement().escalationWithin().toSeconds() + "s", "ESCALATE",
                List.of(request.getEventId()));
    }
}
