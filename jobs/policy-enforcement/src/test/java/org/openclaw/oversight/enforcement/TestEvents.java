package org.openclaw.oversight.enforcement;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.openclaw.oversight.policy.PolicyHierarchy;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.ControlAction;
import org.openclaw.oversight.schema.ControlCommand;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/** Clean events, commands and the shipped policy for the rule tests. */
final class TestEvents {

    static final long T0 = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();
    static final String TENANT = "globex-finance";
    /** Agents of the shipped oversight.yml with the node each is assigned to. */
    static final String HR = "hr-screening-agent";
    static final String FINANCE = "finance-agent";
    static final String SUPPORT = "support-agent";
    static final String ANALYTICS = "analytics-agent";
    static final Map<String, String> CATEGORIES = Map.of(HR, "hr_screening_agent", FINANCE, "high_risk", SUPPORT, "customer_facing",
            ANALYTICS, "internal");
    static final PolicyHierarchy SHIPPED = PolicyHierarchy.load(Path.of("../../config/policies.yml"));

    private static final AtomicInteger IDS = new AtomicInteger();

    private TestEvents() {}

    static PolicyView view() {
        return new PolicyView(SHIPPED, CATEGORIES);
    }

    static String id(String prefix) {
        return prefix + "-" + IDS.incrementAndGet();
    }

    static AgentEvent.Builder span(String agent, String trace, EventKind kind, long start, long durationMs) {
        Map<String, String> attributes = new HashMap<>();
        return AgentEvent.newBuilder().setEventId(id("e")).setTenantId(TENANT).setAgentId(agent).setAgentVersion("1.0.0")
                .setTraceId(trace).setSpanId(id("s")).setParentSpanId(null).setKind(kind).setName(kind.name().toLowerCase())
                .setStartTime(Instant.ofEpochMilli(start)).setDurationMs(durationMs).setStatus(SpanStatus.OK)
                .setAttributes(attributes);
    }

    static CleanEvent clean(AgentEvent span) {
        return CleanEvent.newBuilder().setEventId(span.getEventId()).setTenantId(span.getTenantId()).setAgentId(span.getAgentId())
                .setEventTime(span.getStartTime()).setAgentEvent(span).setChannelMessage(null).setPiiTypes(new ArrayList<>())
                .setCostEur(null).setTags(new ArrayList<>()).build();
    }

    static CleanEvent clean(AgentEvent.Builder span) {
        return clean(span.build());
    }

    static CleanEvent withCost(CleanEvent event, double eur) {
        event.setCostEur(eur);
        return event;
    }

    static CleanEvent message(String agent, String conversation, String user, Direction direction, String text, long at) {
        ChannelMessage m = ChannelMessage.newBuilder().setMessageId(id("m")).setTenantId(TENANT).setAgentId(agent)
                .setConversationId(conversation).setUserId(user).setChannel(Channel.WEBCHAT).setDirection(direction).setText(text)
                .setTimestamp(Instant.ofEpochMilli(at)).build();
        return CleanEvent.newBuilder().setEventId(m.getMessageId()).setTenantId(TENANT).setAgentId(agent)
                .setEventTime(m.getTimestamp()).setAgentEvent(null).setChannelMessage(m).setPiiTypes(new ArrayList<>())
                .setTags(new ArrayList<>()).build();
    }

    static ControlCommand command(String agent, ControlAction action, long at, Long expiresAt) {
        return ControlCommand.newBuilder().setAgentId(agent).setTenantId(TENANT).setAction(action).setReason("test")
                .setIssuedAt(Instant.ofEpochMilli(at)).setExpiresAt(expiresAt == null ? null : Instant.ofEpochMilli(expiresAt)).build();
    }

    /** Keyed state entries of a harness's operator (heap backend), as KeyedOneInputStreamOperatorTestHarness counts them. */
    static int keyedStateEntries(AbstractStreamOperatorTestHarness<?> harness) {
        KeyedStateBackend<?> backend = ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        return ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }

    static List<String> rules(List<Violation> violations) {
        return violations.stream().map(v -> v.rule).toList();
    }
}
