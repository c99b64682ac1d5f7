package org.openclaw.oversight.ingestion;

import org.junit.jupiter.api.Test;
import org.openclaw.oversight.connectors.kafka.RecordValidator;
import org.openclaw.oversight.connectors.kafka.Rejection;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EventRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final IngestionRules rules = TestRules.forTests();
    private final RecordValidator<AgentEvent> events = EventRules.agentEvents(rules, Clock.fixed(NOW, ZoneOffset.UTC));
    private final RecordValidator<ChannelMessage> messages = EventRules.channelMessages(rules, Clock.fixed(NOW, ZoneOffset.UTC));

    private static AgentEvent event() {
        AgentEvent e = TestEvents.llmCall("e1", TestRules.REAL_TIME_AGENT, "t1", "hello", "world");
        e.setStartTime(NOW.minusSeconds(5));
        return e;
    }

    private static ChannelMessage message() {
        ChannelMessage m = TestEvents.message("m1", TestRules.REAL_TIME_AGENT, "c1", "hello");
        m.setTimestamp(NOW.minusSeconds(5));
        return m;
    }

    private static String reason(Optional<Rejection> rejection) {
        return rejection.map(Rejection::errorClass).orElse("accepted");
    }

    @Test
    void aValidEventAndMessagePass() {
        assertThat(events.check(event())).isEmpty();
        assertThat(messages.check(message())).isEmpty();
    }

    @Test
    void missingIdsAreRejected() {
        AgentEvent noId = event();
        noId.setEventId(" ");
        AgentEvent noTrace = event();
        noTrace.setTraceId("");
        ChannelMessage noConversation = message();
        noConversation.setConversationId("");
        assertThat(reason(events.check(noId))).isEqualTo(EventRules.MISSING_ID);
        assertThat(events.check(noTrace).orElseThrow().message()).contains("traceId");
        assertThat(reason(messages.check(noConversation))).isEqualTo(EventRules.MISSING_ID);
    }

    @Test
    void idsLongerThanAnIndexEntryCanHoldAreRejectedCountingUtf8Bytes() {
        AgentEvent atLimit = event();
        atLimit.setEventId("e".repeat(EventRules.MAX_ID_BYTES));
        AgentEvent longId = event();
        longId.setEventId("e".repeat(EventRules.MAX_ID_BYTES + 1));
        AgentEvent longUtf8 = event();
        longUtf8.setTraceId("ü".repeat(EventRules.MAX_ID_BYTES / 2 + 1)); // 2 bytes each
        AgentEvent longModel = event();
        longModel.setModel("m".repeat(100_000));
        ChannelMessage longConversation = message();
        longConversation.setConversationId("c".repeat(EventRules.MAX_ID_BYTES + 1));
        assertThat(events.check(atLimit)).isEmpty();
        assertThat(reason(events.check(longId))).isEqualTo(EventRules.ID_TOO_LONG);
        assertThat(events.check(longUtf8).orElseThrow().message()).contains("traceId").doesNotContain("ü");
        assertThat(events.check(longModel).orElseThrow().message()).contains("model").contains("100000 chars");
        assertThat(reason(messages.check(longConversation))).isEqualTo(EventRules.ID_TOO_LONG);
    }

    @Test
    void negativeTokensOrDurationAreRejected() {
        AgentEvent tokens = event();
        tokens.setOutputTokens(-1);
        AgentEvent duration = event();
        duration.setDurationMs(-5);
        assertThat(reason(events.check(tokens))).isEqualTo(EventRules.NEGATIVE_VALUE);
        assertThat(reason(events.check(duration))).isEqualTo(EventRules.NEGATIVE_VALUE);
        AgentEvent cacheWrites = event();
        cacheWrites.setCacheCreationInputTokens(-3);
        assertThat(events.check(cacheWrites).orElseThrow().message()).contains("cacheCreationInputTokens=-3");
    }

    @Test
    void eventTimeMustBeWithinTheWindow() {
        AgentEvent future = event();
        future.setStartTime(NOW.plus(Duration.ofMinutes(6)));
        AgentEvent nearFuture = event();
        nearFuture.setStartTime(NOW.plus(Duration.ofMinutes(4)));
        AgentEvent old = event();
        old.setStartTime(NOW.minus(Duration.ofDays(8)));
        ChannelMessage oldMessage = message();
        oldMessage.setTimestamp(NOW.minus(Duration.ofDays(7)).minusSeconds(1));
        assertThat(reason(events.check(future))).isEqualTo(EventRules.EVENT_TIME_OUT_OF_RANGE);
        assertThat(events.check(nearFuture)).isEmpty();
        assertThat(reason(events.check(old))).isEqualTo(EventRules.EVENT_TIME_OUT_OF_RANGE);
        assertThat(reason(messages.check(oldMessage))).isEqualTo(EventRules.EVENT_TIME_OUT_OF_RANGE);
    }

    @Test
    void textAbove256KibIsRejectedCountingUtf8Bytes() {
        AgentEvent exactly = event();
        exactly.setOutput("x".repeat(256 * 1024));
        AgentEvent over = event();
        over.setOutput("x".repeat(256 * 1024 + 1));
        AgentEvent multiByte = event();
        multiByte.setInput("ä".repeat(128 * 1024 + 1)); // 2 bytes each
        ChannelMessage bigMessage = message();
        bigMessage.setText("€".repeat(90_000)); // 3 bytes each = 270000 bytes
        assertThat(events.check(exactly)).isEmpty();
        assertThat(reason(events.check(over))).isEqualTo(EventRules.TEXT_TOO_LARGE);
        assertThat(reason(events.check(multiByte))).isEqualTo(EventRules.TEXT_TOO_LARGE);
        assertThat(reason(messages.check(bigMessage))).isEqualTo(EventRules.TEXT_TOO_LARGE);
        assertThat(events.check(over).orElseThrow().message()).doesNotContain("xxx");
    }

    @Test
    void nulInIdentifiersIsInvalidTextButNulInFreeTextIsAccepted() {
        AgentEvent nulId = event();
        nulId.setEventId("e\u00001");
        AgentEvent nulAttribute = event();
        nulAttribute.getAttributes().put("k", "v\u0000");
        AgentEvent nulInput = event();
        nulInput.setInput("text with \u0000 inside");
        assertThat(reason(events.check(nulId))).isEqualTo(EventRules.INVALID_TEXT);
        assertThat(reason(events.check(nulAttribute))).isEqualTo(EventRules.INVALID_TEXT);
        assertThat(events.check(nulInput)).as("stripped later, not rejected").isEmpty();
    }
}
