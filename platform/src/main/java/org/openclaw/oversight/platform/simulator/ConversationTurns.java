package org.openclaw.oversight.platform.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.openclaw.oversight.schema.Direction;

/**
 * One user turn: a random agent gets a message (maybe with planted PII, an injection or a request for a human),
 * runs, and replies; the first reply of a conversation carries the AI disclosure.
 */
final class ConversationTurns {
    private static final double HUMAN_REQUEST_PROBABILITY = 0.02;

    private final List<SimulatedAgent> agents;
    private final Random random;
    private final OpenConversations conversations;
    private final MessageFactory messages;
    private final AgentRunBuilder runs;
    private final PiiPlanter planter;
    private final Incidents incidents;
    private final TurnAdmission admission;

    /** Whether an agent takes a user turn at a time (a rate-limited agent refuses some); must draw nothing. */
    interface TurnAdmission {
        boolean admits(SimulatedAgent agent, long time);
    }

    ConversationTurns(List<SimulatedAgent> agents, Random random, MessageFactory messages, AgentRunBuilder runs,
            PiiPlanter planter, Incidents incidents, TurnAdmission admission) {
        this.agents = agents;
        this.random = random;
        this.conversations = new OpenConversations(random);
        this.messages = messages;
        this.runs = runs;
        this.planter = planter;
        this.incidents = incidents;
        this.admission = admission;
    }

    /** Queues the records of a turn starting at {@code t}; a silent or rate-limited agent takes none. */
    void start(long t) {
        SimulatedAgent agent = agents.get(random.nextInt(agents.size()));
        if (incidents.silence().isSilent(agent.agentId(), t)) {
            return; // a silent agent takes no work: no spans, no messages
        }
        if (!admission.admits(agent, t)) {
            return; // rate-limited by a control command: the request is refused before the agent sees it
        }
        Conversation conv = conversations.forTurn(agent, t);
        userTurn(agent, conv, t);
        conversations.turnTaken(agent, conv);
    }

    private void userTurn(SimulatedAgent agent, Conversation conv, long t) {
        String traceId = RandomIds.hex(random, 32);
        IncidentOutcome injection = incidents.promptInjection().strikes(agent, t);
        IncidentOutcome unanswered = incidents.unansweredEscalation().strikes(agent, t);
        boolean asksForHuman = unanswered != null || random.nextDouble() < HUMAN_REQUEST_PROBABILITY;

        List<PlantedPii> userPii = new ArrayList<>();
        String text = asksForHuman ? Texts.humanRequest(random, conv.german)
                : planter.intoRequest(Texts.request(random, agent.category(), conv.german), conv.german, userPii);
        if (injection != null) {
            text = incidents.promptInjection().inject(text);
        }
        List<IncidentOutcome> inboundTouched = new ArrayList<>();
        IncidentOutcome.addIfAbsent(inboundTouched, injection);
        IncidentOutcome.addIfAbsent(inboundTouched, unanswered);
        messages.queue(agent, conv, Direction.INBOUND, text, t, inboundTouched, userPii);

        RunResult run = runs.run(RunRequest.forUser(agent, traceId, t + 20 + random.nextInt(180), text, conv,
                asksForHuman, unanswered, injection, userPii));

        boolean first = !conv.disclosed;
        conv.disclosed = true;
        IncidentOutcome noDisclosure = first ? incidents.missingDisclosure().omits(agent, t) : null;
        String reply = first && noDisclosure == null ? Texts.disclosure(conv.german) + " " + run.answer()
                : run.answer();
        List<IncidentOutcome> outboundTouched = new ArrayList<>(run.outputTouched());
        IncidentOutcome.addIfAbsent(outboundTouched, noDisclosure);
        conv.repliedAt = run.end() + 5 + random.nextInt(45);
        messages.queue(agent, conv, Direction.OUTBOUND, reply, conv.repliedAt, outboundTouched, run.leakedPii());
    }
}
