package org.openclaw.oversight.enforcement.rules;

import java.util.List;
import java.util.Optional;
import org.openclaw.oversight.enforcement.Finding;
import org.openclaw.oversight.enforcement.Judgement;
import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.schema.CleanEvent;

/**
 * transparency_notice_required (EU AI Act Art. 50): the first outbound message of a conversation does not
 * contain one of {@code enforcement.disclosure_phrases}. The operator remembers which conversations it judged;
 * this class judges the message. A message whose text ingestion removed (sampled out) cannot be judged.
 */
public final class TransparencyNoticeRule implements Rule {

    @Override
    public RuleKind kind() {
        return RuleKind.TRANSPARENCY_NOTICE_REQUIRED;
    }

    public Optional<Finding> checkFirstReply(CleanEvent message, Judgement judgement) {
        if (!EventText.isOutbound(message) || !EventText.hasRecordedText(message)) {
            return Optional.empty();
        }
        String text = message.getChannelMessage().getText();
        for (String phrase : judgement.enforcement().disclosurePhrases()) {
            if (text != null && EventText.containsPhrase(text, phrase)) {
                return Optional.empty();
            }
        }
        return Optional.of(new Finding(kind(), "first reply without AI disclosure", "one of the disclosure phrases", "ALERT",
                List.of(message.getEventId())));
    }
}
