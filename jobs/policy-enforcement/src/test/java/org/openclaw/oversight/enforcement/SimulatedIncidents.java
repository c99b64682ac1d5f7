package org.openclaw.oversight.enforcement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * Clean events shaped like the simulator's (jobs cannot use platform): conversations of user turns — inbound
 * message, an AGENT_RUN with LLM and tool calls, the reply (the first with the AI disclosure), a HUMAN_REVIEW for the
 * HR agent — that keep every rule, and the four incidents the simulator injects for this job, each breaking one rule.
 */
final class SimulatedIncidents {

    static final String SUPPORT = "support-agent";
    static final String FINANCE = "finance-agent";
    static final String HR = "hr-screening-agent";

    final String tenant;
    final List<CleanEvent> events = new ArrayList<>();
    private final Random random;
    private int ids;

    SimulatedIncidents(String tenant, long seed) {
        this.tenant = tenant;
        this.random = new Random(seed);
    }

    /** {@code turns} compliant turns per agent, one conversation per turn, starting at {@code start}, 20 s apart. */
    SimulatedIncidents cleanTraffic(long start, int turns) {
        for (int i = 0; i < turns; i++) {
            for (String agent : List.of(SUPPORT, FINANCE, HR)) {
                turn(agent, "1.0.0", start + i * 20_000L + random.nextInt(5_000), false, false, false, false);
            }
        }
        return this;
    }

    /** pii_in_output: the answer repeats the user's e-mail address (ingestion marks it as output PII). */
    SimulatedIncidents piiInOutput(String agent, long at) {
        turn(agent, "1.0.0", at, true, false, false, false);
        return this;
    }

    /** missing_ai_disclosure: the first reply of a new conversation leaves the disclosure out. */
    SimulatedIncidents missingDisclosure(String agent, long at) {
        turn(agent, "1.0.0", at, false, true, false, false);
        return this;
    }

    /** human_escalation_unanswered: the user asks for a human; the run neither escalates nor hands off. */
    SimulatedIncidents unansweredEscalation(String agent, long at) {
        turn(agent, "1.0.0", at, false, false, true, false);
        return this;
    }

    /** unapproved_version: the agent runs 2.0.0-rc1, which nobody approved. */
    SimulatedIncidents unapprovedVersion(String agent, long at) {
        turn(agent, "2.0.0-rc1", at, false, false, false, false);
        return this;
    }

    private void turn(String agent, String version, long t, boolean leak, boolean noDisclosure, boolean asksForHuman, boolean unused) {
        String conversation = id("conv");
        String user = id("user");
        String trace = id("trace");
        message(agent, conversation, user, Direction.INBOUND, asksForHuman ? "HUMAN please, no bot." : "Where is my order 4711?", t);
        long start = t + 100;
        long llmEnd = start + 900 + random.nextInt(1500);
        CleanEvent llm = span(agent, version, trace, EventKind.LLM_CALL, start + 5, llmEnd - start - 5, user);
        llm.getAgentEvent().setInput("Where is my order 4711?");
        llm.getAgentEvent().setOutput(leak ? "It goes to [EMAIL]." : "It is on its way.");
        llm.setCostEur(0.01);
        CleanEvent tool = span(agent, version, trace, EventKind.TOOL_CALL, llmEnd + 5, 80, null);
        tool.getAgentEvent().getAttributes().put("gen_ai.tool.call.arguments", "{\"order\":\"4711\"}");
        long end = llmEnd + 200;
        if (agent.equals(HR)) {
            span(agent, version, trace, EventKind.HUMAN_REVIEW, llmEnd + 100, 60_000, null);
        }
        CleanEvent run = span(agent, version, trace, EventKind.AGENT_RUN, start, end - start, user);
        run.getAgentEvent().setInput("Where is my order 4711?");
        run.getAgentEvent().setOutput(llm.getAgentEvent().getOutput());
        run.getAgentEvent().setAlignmentScore(0.95 + random.nextDouble() * 0.04);
        if (leak) {
            llm.setPiiTypes(List.of("EMAIL"));
            llm.setOutputPiiTypes(List.of("EMAIL"));
            run.setPiiTypes(List.of("EMAIL"));
            run.setOutputPiiTypes(List.of("EMAIL"));
        }
        String reply = (noDisclosure ? "" : "You are chatting with an AI assistant. ") + llm.getAgentEvent().getOutput();
        CleanEvent out = message(agent, conversation, user, Direction.OUTBOUND, reply, end + 500);
        if (leak) {
            out.setPiiTypes(List.of("EMAIL"));
            out.setOutputPiiTypes(List.of("EMAIL"));
        }
    }

    private CleanEvent span(String agent, String version, String trace, EventKind kind, long start, long duration, String user) {
        Map<String, String> attributes = new HashMap<>();
        String id = id("event");
        AgentEvent span = AgentEvent.newBuilder().setEventId(id).setTenantId(tenant).setAgentId(agent).setAgentVersion(version)
                .setTraceId(trace).setSpanId(id("span")).setKind(kind).setName(kind.name().toLowerCase()).setStartTime(Instant.ofEpochMilli(start))
                .setDurationMs(duration).setStatus(SpanStatus.OK).setUserId(user).setChannel(user == null ? null : Channel.WEBCHAT)
                .setAttributes(attributes).build();
        CleanEvent event = CleanEvent.newBuilder().setEventId(id).setTenantId(tenant).setAgentId(agent).setEventTime(span.getStartTime())
                .setAgentEvent(span).setChannelMessage(null).build();
        events.add(event);
        return event;
    }

    private CleanEvent message(String agent, String conversation, String user, Direction direction, String text, long at) {
        String id = id("msg");
        ChannelMessage m = ChannelMessage.newBuilder().setMessageId(id).setTenantId(tenant).setAgentId(agent).setConversationId(conversation)
                .setUserId(user).setChannel(Channel.WEBCHAT).setDirection(direction).setText(text).setTimestamp(Instant.ofEpochMilli(at)).build();
        CleanEvent event = CleanEvent.newBuilder().setEventId(id).setTenantId(tenant).setAgentId(agent).setEventTime(m.getTimestamp())
                .setAgentEvent(null).setChannelMessage(m).build();
        events.add(event);
        return event;
    }

    private String id(String kind) {
        return tenant + "-" + kind + "-" + (++ids);
    }

    /** The Kafka key of the clean topic: trace id, or conversation id for messages. */
    static String key(CleanEvent e) {
        return Interactions.of(e);
    }
}
