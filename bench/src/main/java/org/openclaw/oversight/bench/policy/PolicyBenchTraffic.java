package org.openclaw.oversight.bench.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * Conversation turns of the shipped fleet's agents, as ingestion emits them: inbound message, LLM and tool calls,
 * the run, a human review for the HR agent, the reply. Every rule has work to do: texts for the phrase rules, costs
 * per trace, conversations for the waits; about 2 % of turns break a rule.
 */
final class PolicyBenchTraffic {

    static final String[] AGENTS = {"support-agent", "sales-agent", "onboarding-agent", "billing-agent", "marketing-agent",
            "finance-agent", "legal-agent", "hr-screening-agent", "analytics-agent", "it-helpdesk-agent"};

    private final SplittableRandom random;
    private long ids;

    PolicyBenchTraffic(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** One turn's events, starting at {@code t}. */
    List<CleanEvent> turn(long t) {
        List<CleanEvent> out = new ArrayList<>(7);
        String agent = AGENTS[random.nextInt(AGENTS.length)];
        String tenant = "bench-tenant";
        String user = "u" + random.nextInt(50_000);
        String conversation = "c" + (++ids);
        String trace = "t" + ids;
        boolean bad = random.nextInt(50) == 0;
        out.add(message(tenant, agent, conversation, user, Direction.INBOUND, bad ? "HUMAN bitte" : "Wo ist meine Bestellung 4711?", t));
        long start = t + 100;
        CleanEvent llm = span(tenant, agent, trace, EventKind.LLM_CALL, start + 5, 900 + random.nextInt(2000), user);
        llm.getAgentEvent().setInput("Wo ist meine Bestellung 4711?");
        llm.getAgentEvent().setOutput("Ihre Bestellung ist unterwegs und kommt morgen an.");
        llm.setCostEur(random.nextInt(20_000) / 1e6);
        out.add(llm);
        CleanEvent tool = span(tenant, agent, trace, EventKind.TOOL_CALL, start + 3000, 80, null);
        tool.getAgentEvent().getAttributes().put("gen_ai.tool.call.arguments", "{\"order\":\"4711\"}");
        out.add(tool);
        if (agent.equals("hr-screening-agent")) {
            out.add(span(tenant, agent, trace, EventKind.HUMAN_REVIEW, start + 3200, 60_000, null));
        }
        CleanEvent run = span(tenant, agent, trace, EventKind.AGENT_RUN, start, 3300 + random.nextInt(2500), user);
        run.getAgentEvent().setInput("Wo ist meine Bestellung 4711?");
        run.getAgentEvent().setOutput(llm.getAgentEvent().getOutput());
        run.getAgentEvent().setAlignmentScore(0.86 + random.nextDouble() * 0.13);
        out.add(run);
        out.add(message(tenant, agent, conversation, user, Direction.OUTBOUND,
                "Sie chatten mit einem KI-Assistenten. " + llm.getAgentEvent().getOutput(), start + 6000));
        return out;
    }

    private CleanEvent span(String tenant, String agent, String trace, EventKind kind, long start, long duration, String user) {
        String id = "e" + (++ids);
        AgentEvent span = AgentEvent.newBuilder().setEventId(id).setTenantId(tenant).setAgentId(agent).setAgentVersion("1.0.0")
                .setTraceId(trace).setSpanId("s" + id).setKind(kind).setName(kind.name().toLowerCase()).setStartTime(Instant.ofEpochMilli(start))
                .setDurationMs(duration).setStatus(SpanStatus.OK).setUserId(user).setChannel(user == null ? null : Channel.WEBCHAT)
                .setAttributes(new HashMap<>()).build();
        return CleanEvent.newBuilder().setEventId(id).setTenantId(tenant).setAgentId(agent).setEventTime(span.getStartTime())
                .setAgentEvent(span).setChannelMessage(null).build();
    }

    private CleanEvent message(String tenant, String agent, String conversation, String user, Direction direction, String text, long at) {
        String id = "m" + (++ids);
        ChannelMessage m = ChannelMessage.newBuilder().setMessageId(id).setTenantId(tenant).setAgentId(agent).setConversationId(conversation)
                .setUserId(user).setChannel(Channel.WEBCHAT).setDirection(direction).setText(text).setTimestamp(Instant.ofEpochMilli(at)).build();
        return CleanEvent.newBuilder().setEventId(id).setTenantId(tenant).setAgentId(agent).setEventTime(m.getTimestamp())
                .setAgentEvent(null).setChannelMessage(m).build();
    }
}
