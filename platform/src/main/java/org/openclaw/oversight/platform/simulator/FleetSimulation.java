package org.openclaw.oversight.platform.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.AgentHeartbeat;
import org.openclaw.oversight.schema.Channel;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.Direction;
import org.openclaw.oversight.schema.EventKind;
import org.openclaw.oversight.schema.HeartbeatStatus;
import org.openclaw.oversight.schema.SpanStatus;

/**
 * The simulated fleet as an endless, deterministic stream of records ordered by event time: traces of nested
 * spans (AGENT_RUN, LLM_CALL, TOOL_CALL, RETRIEVAL, HANDOFF into another agent's AGENT_RUN, HUMAN_REVIEW,
 * ESCALATION), the channel messages around them and heartbeats, with the scenario's incidents applied.
 *
 * <p>Everything is drawn from one {@link Random} seeded with {@link SimulationSettings#seed()} and the simulated
 * clock (see {@link SimulationSettings}), so the same settings give the same records, ids and timestamps. The
 * stream knows nothing of Kafka; callers bound it (by count or event time) and send it wherever they like.
 *
 * <p>A whole agent run is generated at once when it starts; its spans wait in a queue ordered by start time and
 * leave it when the simulated clock reaches them, so a parent span is always emitted before its children.
 */
public final class FleetSimulation implements Iterator<SimulatedRecord> {
    private static final double USER_PII_PROBABILITY = 0.08;
    private static final double HUMAN_REQUEST_PROBABILITY = 0.02;
    private static final double HANDOFF_PROBABILITY = 0.12;
    private static final double TOOL_FAILURE_PROBABILITY = 0.02;
    private static final double DELIVERY_FAILURE_PROBABILITY = 0.01;
    private static final long LLM_TIMEOUT_MS = 10_000;
    /** Kinds an agent leaks in pii_in_output: what a model would plausibly repeat from its context. */
    private static final List<PiiKind> LEAKED_KINDS = List.of(PiiKind.EMAIL, PiiKind.IBAN, PiiKind.CREDIT_CARD,
            PiiKind.PHONE_E164, PiiKind.DE_TAX_ID, PiiKind.US_SSN, PiiKind.API_KEY, PiiKind.DATE_OF_BIRTH);
    private static final List<String> LLM_ERRORS = List.of("rate_limit_exceeded", "upstream_5xx",
            "content_filter", "context_length_exceeded");

    private final Fleet fleet;
    private final SimulationSettings settings;
    private final Random random;
    private final SyntheticPii pii;
    private final List<IncidentOutcome> outcomes;
    private final InjectionReport report;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>(
            Comparator.comparingLong(Pending::time).thenComparingLong(Pending::seq));
    private final long[] nextHeartbeat;
    private final double[] baseErrorRate;
    private final Map<String, List<Conversation>> openConversations = new LinkedHashMap<>();
    /** Spans dropped because their agent is silent; their descendants are dropped as well. */
    private final Set<String> droppedSpans = new HashSet<>();
    private long seq;
    private long nextWorkAt;
    private long workStarted;
    private long eventsScheduled;
    private int userPiiTurn;
    private int leakTurn;

    public FleetSimulation(Fleet fleet, Scenario scenario, SimulationSettings settings) {
        this.fleet = fleet;
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.pii = new SyntheticPii(random);
        this.outcomes = expandCascades(fleet, scenario, settings.startMillis());
        this.report = new InjectionReport(settings.seed(), settings.startMillis(), outcomes);
        this.nextWorkAt = settings.startMillis();
        int n = fleet.agents().size();
        this.nextHeartbeat = new long[n];
        this.baseErrorRate = new double[n];
        for (int i = 0; i < n; i++) {
            // staggered so heartbeats do not arrive in bursts of ten
            nextHeartbeat[i] = settings.startMillis() + i * settings.heartbeatIntervalMs() / n;
            // each agent has its own base error rate between 1 % and 3 %
            baseErrorRate[i] = 0.01 + ((i * 7) % 10) / 10.0 * 0.02;
        }
    }

    /** An error burst also hits every agent the burst agent hands off to, {@code cascade_delay} later. */
    private static List<IncidentOutcome> expandCascades(Fleet fleet, Scenario scenario, long start) {
        List<IncidentOutcome> result = new ArrayList<>();
        for (Incident incident : scenario.incidents()) {
            result.add(new IncidentOutcome(incident, null, start));
            if (incident.type() == IncidentType.ERROR_BURST) {
                long delay = DurationText.parseMillis(incident.param("cascade_delay", "10s"));
                String rate = incident.param("cascade_error_rate", "0.5");
                for (String target : fleet.find(incident.agentId()).orElseThrow().handoffTargets()) {
                    Incident cascade = new Incident(IncidentType.ERROR_BURST, target, incident.atMs() + delay,
                            incident.durationMs(), Map.of("error_rate", rate));
                    result.add(new IncidentOutcome(cascade, incident.label(), start));
                }
            }
        }
        return result;
    }

    public InjectionReport report() {
        return report;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public SimulatedRecord next() {
        return nextBefore(Long.MAX_VALUE);
    }

    /**
     * The next record if its event time is before {@code endExclusive}, otherwise null (and nothing is
     * consumed, so a later call with a later bound continues the same stream).
     */
    public SimulatedRecord nextBefore(long endExclusive) {
        while (true) {
            int hbAgent = 0;
            for (int i = 1; i < nextHeartbeat.length; i++) {
                if (nextHeartbeat[i] < nextHeartbeat[hbAgent]) {
                    hbAgent = i;
                }
            }
            long hbTime = nextHeartbeat[hbAgent];
            long head = queue.isEmpty() ? Long.MAX_VALUE : queue.peek().time();
            if (Math.min(head, Math.min(hbTime, nextWorkAt)) >= endExclusive) {
                return null;
            }
            if (head <= nextWorkAt && head <= hbTime) {
                Pending p = queue.poll();
                if (!suppressed(p)) {
                    return emit(p);
                }
            } else if (hbTime <= nextWorkAt) {
                heartbeat(fleet.agents().get(hbAgent), hbTime);
                nextHeartbeat[hbAgent] += settings.heartbeatIntervalMs();
            } else {
                startWork(nextWorkAt);
                nextWorkAt += interArrivalMs();
            }
        }
    }

    private SimulatedRecord emit(Pending p) {
        report.emitted(p.record());
        for (IncidentOutcome o : p.touchedBy()) {
            o.affected(p.record().id());
        }
        for (PlantedPii planted : p.pii()) {
            planted.seenIn(p.record().id());
        }
        return p.record();
    }

    private boolean suppressed(Pending p) {
        IncidentOutcome silent = active(p.record().agentId(), p.time(), IncidentType.AGENT_SILENT);
        boolean orphan = p.parentSpanId() != null && droppedSpans.contains(p.parentSpanId());
        if (silent == null && !orphan) {
            return false;
        }
        if (silent != null) {
            silent.suppressed();
        }
        if (p.spanId() != null) {
            droppedSpans.add(p.spanId());
        }
        return true;
    }

    /** Exponential gaps sized so that work plus heartbeats average the target rate. */
    private long interArrivalMs() {
        double heartbeatsPerSecond = fleet.agents().size() * 1000.0 / settings.heartbeatIntervalMs();
        double eventsPerWork = (eventsScheduled + 10.0 * 20) / (workStarted + 20); // prior: 10 events per run
        double workPerSecond = Math.max(0.05, settings.eventsPerSecond() - heartbeatsPerSecond) / eventsPerWork;
        double gap = -Math.log(1 - random.nextDouble()) / workPerSecond * 1000.0;
        return Math.max(1, Math.round(gap));
    }

    // ---- heartbeats ----

    private void heartbeat(SimulatedAgent agent, long time) {
        Version v = version(agent, time);
        AgentHeartbeat hb = AgentHeartbeat.newBuilder().setTenantId(agent.tenantId()).setAgentId(agent.agentId())
                .setAgentVersion(v.version()).setTimestamp(Instant.ofEpochMilli(time)).setStatus(HeartbeatStatus.UP)
                .build();
        enqueue(time, new SimulatedRecord(SimulatorTopics.HEARTBEATS, agent.agentId(), hb, time, agent.agentId(),
                "heartbeat:" + agent.agentId() + ":" + time), null, null, List.of(), List.of());
    }

    // ---- conversations ----

    private void startWork(long t) {
        SimulatedAgent agent = fleet.agents().get(random.nextInt(fleet.agents().size()));
        workStarted++;
        if (active(agent.agentId(), t, IncidentType.AGENT_SILENT) != null) {
            return; // a silent agent takes no work: no spans, no messages
        }
        Conversation conv = conversation(agent, t);
        userTurn(agent, conv, t);
        if (--conv.turnsLeft <= 0) {
            openConversations.get(agent.agentId()).remove(conv);
        }
    }

    /** Continues a conversation whose last reply has been sent, or opens a new one. */
    private Conversation conversation(SimulatedAgent agent, long t) {
        List<Conversation> open = openConversations.computeIfAbsent(agent.agentId(), a -> new ArrayList<>());
        List<Conversation> waitingForUser = open.stream().filter(c -> c.repliedAt < t).toList();
        if (!waitingForUser.isEmpty() && random.nextDouble() < 0.5) {
            return waitingForUser.get(random.nextInt(waitingForUser.size()));
        }
        Channel channel = agent.channels().isEmpty() ? Channel.WEBCHAT
                : agent.channels().get(random.nextInt(agent.channels().size()));
        Conversation conv = new Conversation("conv-" + hex(16), "user-" + hex(8), channel, random.nextBoolean(),
                1 + random.nextInt(4));
        open.add(conv);
        return conv;
    }

    private void userTurn(SimulatedAgent agent, Conversation conv, long t) {
        String traceId = hex(32);
        IncidentOutcome injection = chance(agent, t, IncidentType.PROMPT_INJECTION, 0.7);
        IncidentOutcome unanswered = chance(agent, t, IncidentType.HUMAN_ESCALATION_UNANSWERED, 0.6);
        boolean asksForHuman = unanswered != null || random.nextDouble() < HUMAN_REQUEST_PROBABILITY;

        List<PlantedPii> userPii = new ArrayList<>();
        String text;
        if (asksForHuman) {
            text = Texts.humanRequest(random, conv.german);
        } else {
            text = Texts.request(random, agent.category(), conv.german);
            if (random.nextDouble() < USER_PII_PROBABILITY) {
                // round robin over the kinds so every detector gets work early in a run
                PiiKind kind = PiiKind.values()[userPiiTurn++ % PiiKind.values().length];
                text = text + " " + plant(kind, conv.german, false, userPii);
            }
        }
        if (injection != null) {
            text = Texts.pick(random, Texts.INJECTIONS) + " " + text;
        }
        List<IncidentOutcome> inboundTouched = new ArrayList<>();
        addIfPresent(inboundTouched, injection);
        addIfPresent(inboundTouched, unanswered);
        message(agent, conv, Direction.INBOUND, text, t, inboundTouched, userPii);

        RunResult run = agentRun(agent, traceId, null, t + 20 + random.nextInt(180), text, 0, conv,
                asksForHuman, unanswered, injection, userPii);

        boolean first = !conv.disclosed;
        conv.disclosed = true;
        IncidentOutcome noDisclosure = first ? active(agent.agentId(), t, IncidentType.MISSING_AI_DISCLOSURE) : null;
        String reply = first && noDisclosure == null ? Texts.disclosure(conv.german) + " " + run.answer : run.answer;
        List<IncidentOutcome> outboundTouched = new ArrayList<>(run.outputTouched);
        addIfPresent(outboundTouched, noDisclosure);
        conv.repliedAt = run.end + 5 + random.nextInt(45);
        message(agent, conv, Direction.OUTBOUND, reply, conv.repliedAt, outboundTouched, run.leakedPii);
    }

    private void message(SimulatedAgent agent, Conversation conv, Direction direction, String text, long time,
            List<IncidentOutcome> touched, List<PlantedPii> planted) {
        boolean failed = direction == Direction.OUTBOUND && random.nextDouble() < DELIVERY_FAILURE_PROBABILITY;
        ChannelMessage msg = ChannelMessage.newBuilder().setMessageId("msg-" + uuid()).setTenantId(agent.tenantId())
                .setAgentId(agent.agentId()).setConversationId(conv.id).setUserId(conv.userId)
                .setChannel(conv.channel).setDirection(direction).setText(text).setMediaType("text/plain")
                .setTimestamp(Instant.ofEpochMilli(time))
                .setDeliveryStatus(direction == Direction.INBOUND ? "received" : failed ? "failed" : "delivered")
                .setErrorCode(failed ? "undeliverable" : null).build();
        enqueue(time, new SimulatedRecord(SimulatorTopics.CHANNEL_MESSAGES, conv.id, msg, time, agent.agentId(),
                msg.getMessageId()), null, null, touched, planted);
    }

    // ---- spans ----

    /**
     * One agent run with its child spans, starting at {@code start}. Returns when it ends and what it answered,
     * so the caller can place the outbound message or the enclosing hand-off span.
     */
    private RunResult agentRun(SimulatedAgent agent, String traceId, String parentSpanId, long start, String input,
            int depth, Conversation conv, boolean asksForHuman, IncidentOutcome unanswered,
            IncidentOutcome injection, List<PlantedPii> inputPii) {
        String runSpan = hex(16);
        Version version = version(agent, start);
        boolean german = conv == null ? random.nextBoolean() : conv.german;
        List<IncidentOutcome> everyEvent = new ArrayList<>();
        addIfPresent(everyEvent, version.incident);

        // decide the answer first: the last LLM call produces it
        List<PlantedPii> leaked = new ArrayList<>();
        List<IncidentOutcome> outputTouched = new ArrayList<>();
        String answer = Texts.answer(random, german);
        boolean escalates = asksForHuman && unanswered == null;
        IncidentOutcome leak = escalates ? null : chance(agent, start, IncidentType.PII_IN_OUTPUT, 0.8);
        if (escalates) {
            answer = Texts.handingToHuman(german);
        } else if (leak != null) {
            PiiKind kind = LEAKED_KINDS.get(leakTurn++ % LEAKED_KINDS.size());
            answer = answer + " " + plant(kind, german, true, leaked);
            outputTouched.add(leak);
        }

        long cursor = start + 3 + random.nextInt(20);
        IncidentOutcome surge = active(agent.agentId(), start, IncidentType.TOKEN_SURGE);
        int llmCalls = 1 + random.nextInt(3) + (surge == null ? 0 : 3 + random.nextInt(3));
        SpanStatus status = SpanStatus.OK;
        String errorType = null;
        List<IncidentOutcome> runTouched = new ArrayList<>(everyEvent);
        for (int i = 0; i < llmCalls; i++) {
            boolean last = i == llmCalls - 1;
            StepResult step = llmCall(agent, version, everyEvent, traceId, runSpan, cursor, i == 0 ? input : null,
                    last ? answer : null, conv, last, i == 0 ? inputPii : List.of(), last ? leaked : List.of(),
                    last ? outputTouched : List.of(), i == 0 ? injection : null);
            cursor = step.end + 2 + random.nextInt(30);
            if (step.status != SpanStatus.OK) {
                status = step.status;
                errorType = step.errorType;
                addIfPresent(runTouched, step.failedBy);
                break;
            }
        }

        if (status == SpanStatus.OK && depth == 0 && !agent.handoffTargets().isEmpty()) {
            IncidentOutcome burst = active(agent.agentId(), start, IncidentType.ERROR_BURST);
            double p = burst == null ? HANDOFF_PROBABILITY : 0.5;
            if (random.nextDouble() < p) {
                StepResult handoff = handoff(agent, version, everyEvent, traceId, runSpan, cursor, input, german,
                        inputPii);
                cursor = handoff.end + 2 + random.nextInt(10);
                if (handoff.status != SpanStatus.OK) {
                    status = SpanStatus.ERROR;
                    errorType = handoff.errorType;
                }
            }
        }
        if (escalates) {
            long d = 30 + random.nextInt(170);
            AgentEvent.Builder e = span(agent, version, traceId, hex(16), runSpan, EventKind.ESCALATION,
                    "escalate_to_human", cursor, d, SpanStatus.OK, null);
            e.getAttributes().put("escalation.queue", "human-agents");
            enqueueSpan(e, everyEvent, List.of());
            cursor += d + 2;
        }
        if (agent.isHrScreening() && unanswered == null && status == SpanStatus.OK) {
            // HR screening decisions always go past a person (EU AI Act high-risk use)
            long d = 2_000 + random.nextInt(18_000);
            AgentEvent.Builder e = span(agent, version, traceId, hex(16), runSpan, EventKind.HUMAN_REVIEW,
                    "review_screening_decision", cursor, d, SpanStatus.OK, null);
            e.getAttributes().put("review.reviewer", "recruiter-" + (1 + random.nextInt(5)));
            e.getAttributes().put("review.decision", random.nextDouble() < 0.9 ? "approved" : "changed");
            enqueueSpan(e, everyEvent, List.of());
            cursor += d + 2;
        }
        if (status != SpanStatus.OK) {
            answer = german ? "Entschuldigung, da ist etwas schiefgelaufen. Bitte versuchen Sie es später erneut."
                    : "Sorry, something went wrong. Please try again later.";
            leaked = List.of();
            outputTouched = List.of();
        }

        long end = cursor + 2;
        AgentEvent.Builder run = span(agent, version, traceId, runSpan, parentSpanId, EventKind.AGENT_RUN,
                "invoke_agent " + agent.agentId(), start, end - start, status, errorType);
        run.setInput(input).setOutput(answer);
        IncidentOutcome drop = active(agent.agentId(), start, IncidentType.ALIGNMENT_DROP);
        if (drop != null) {
            run.setAlignmentScore(score(drop.incident().param("score", 0.45), 0.08, 0.05, 0.75));
            runTouched.add(drop);
        } else {
            run.setAlignmentScore(score(0.95, 0.03, 0.80, 1.0));
        }
        run.setQualityScore(score(0.93, 0.04, 0.75, 1.0));
        if (conv != null) {
            run.setUserId(conv.userId).setChannel(conv.channel).setUserSatisfaction(
                    status == SpanStatus.OK ? score(0.92, 0.06, 0.6, 1.0) : score(0.4, 0.15, 0.0, 0.8));
        }
        addIfPresent(runTouched, injection);
        addIfPresent(runTouched, unanswered);
        runTouched.addAll(outputTouched);
        List<PlantedPii> runPii = new ArrayList<>(inputPii);
        runPii.addAll(leaked);
        enqueueSpan(run, runTouched, runPii);
        return new RunResult(end, answer, status == SpanStatus.OK, version, leaked, outputTouched);
    }

    private StepResult llmCall(SimulatedAgent agent, Version version, List<IncidentOutcome> everyEvent,
            String traceId, String parentSpan, long start, String input, String output, Conversation conv,
            boolean last, List<PlantedPii> inputPii, List<PlantedPii> outputPii, List<IncidentOutcome> outputTouched,
            IncidentOutcome injection) {
        String spanId = hex(16);
        List<IncidentOutcome> touched = new ArrayList<>(everyEvent);
        String provider = agent.provider();
        String model = agent.model();
        // a cheap router call in front of the big model, as many production agents do
        if (input != null && !last && "claude-sonnet-4-6".equals(model) && random.nextDouble() < 0.3) {
            model = "claude-haiku-4-5";
        }
        double inputTokens = clamp(logNormal(1200, 0.5), 150, 12_000);
        double outputTokens = clamp(logNormal(last ? 260 : 120, 0.6), 20, 4_000);
        IncidentOutcome cost = active(agent.agentId(), start, IncidentType.COST_SPIKE);
        if (cost != null) {
            double factor = cost.incident().param("factor", 10.0);
            inputTokens *= factor;
            outputTokens *= Math.max(1, factor / 2);
            model = cost.incident().param("model", model);
            provider = cost.incident().param("provider", provider);
            touched.add(cost);
        }
        IncidentOutcome surge = active(agent.agentId(), start, IncidentType.TOKEN_SURGE);
        if (surge != null) {
            outputTokens *= surge.incident().param("factor", 8.0);
            inputTokens *= 1.5; // the runaway loop feeds its own output back
            touched.add(surge);
        }
        long cached = random.nextDouble() < 0.5 ? Math.round(inputTokens * random.nextDouble() * 0.6) : 0;
        double latencyFactor = 1.0;
        IncidentOutcome slow = active(agent.agentId(), start, IncidentType.LATENCY_DEGRADATION);
        if (slow != null) {
            latencyFactor = slow.incident().param("factor", 6.0);
            touched.add(slow);
        }
        long modelMs = Math.round(clamp(logNormal(900 + 2.5 * Math.min(outputTokens, 1500), 0.45), 500, 6_000)
                * latencyFactor);

        Failure failure = failure(agent, start, baseErrorRate[fleet.agents().indexOf(agent)]);
        SpanStatus status = SpanStatus.OK;
        String errorType = null;
        long end = start + modelMs;
        if (failure != null) {
            status = random.nextDouble() < 0.3 ? SpanStatus.TIMEOUT : SpanStatus.ERROR;
            errorType = status == SpanStatus.TIMEOUT ? "timeout" : Texts.pick(random, LLM_ERRORS);
            if (status == SpanStatus.TIMEOUT) {
                end = start + LLM_TIMEOUT_MS;
            }
            outputTokens = 0;
            cached = 0;
            addIfPresent(touched, failure.incident);
        } else if (!last && random.nextDouble() < 0.6) {
            // the model asked for tools; they run inside this step
            long cursor = end + 1 + random.nextInt(5);
            int tools = 1 + random.nextInt(2);
            for (int i = 0; i < tools; i++) {
                cursor = toolCall(agent, version, everyEvent, traceId, spanId, cursor, latencyFactor, slow) + 1;
            }
            end = cursor + 1 + random.nextInt(5);
        }
        AgentEvent.Builder e = span(agent, version, traceId, spanId, parentSpan, EventKind.LLM_CALL, "chat " + model,
                start, end - start, status, errorType);
        e.setProvider(provider).setModel(model).setInputTokens(Math.round(inputTokens))
                .setOutputTokens(Math.round(outputTokens)).setCachedInputTokens(Math.min(cached,
                        Math.round(inputTokens)));
        if (input != null) {
            e.setInput(input);
            addIfPresent(touched, injection);
        }
        List<PlantedPii> planted = new ArrayList<>(inputPii);
        if (status == SpanStatus.OK && output != null) {
            e.setOutput(output);
            planted.addAll(outputPii);
            touched.addAll(outputTouched);
        }
        if (conv != null) {
            e.setUserId(conv.userId).setChannel(conv.channel);
        }
        enqueueSpan(e, touched, planted);
        return new StepResult(end, status, errorType, failure == null ? null : failure.incident);
    }

    /** A tool call (child of an LLM call); knowledge-base tools do a RETRIEVAL inside. Returns its end. */
    private long toolCall(SimulatedAgent agent, Version version, List<IncidentOutcome> everyEvent, String traceId,
            String parentSpan, long start, double latencyFactor, IncidentOutcome slow) {
        String spanId = hex(16);
        String tool = Texts.pick(random, tools(agent.category()));
        List<IncidentOutcome> touched = new ArrayList<>(everyEvent);
        addIfPresent(touched, slow);
        long duration = Math.round(clamp(logNormal(220, 0.7), 20, 5_000) * latencyFactor);
        if (tool.startsWith("search_")) {
            long rStart = start + 2 + random.nextInt(5);
            long rDuration = Math.round(clamp(logNormal(120, 0.5), 15, 2_000) * latencyFactor);
            AgentEvent.Builder r = span(agent, version, traceId, hex(16), spanId, EventKind.RETRIEVAL,
                    "retrieve " + (agent.category().equals("high_risk") ? "contracts-index" : "kb-index"), rStart,
                    rDuration, SpanStatus.OK, null);
            r.getAttributes().put("retrieval.documents", Integer.toString(1 + random.nextInt(8)));
            enqueueSpan(r, touched, List.of());
            duration = Math.max(duration, rStart + rDuration - start + 3);
        }
        Failure failure = failure(agent, start, TOOL_FAILURE_PROBABILITY);
        boolean ok = failure == null;
        AgentEvent.Builder e = span(agent, version, traceId, spanId, parentSpan, EventKind.TOOL_CALL,
                "execute_tool " + tool, start, duration, ok ? SpanStatus.OK : SpanStatus.ERROR,
                ok ? null : "tool_error");
        e.setToolName(tool).setToolSuccess(ok);
        if (!ok) {
            addIfPresent(touched, failure.incident);
        }
        enqueueSpan(e, touched, List.of());
        return start + duration;
    }

    /** A HANDOFF span whose child is the target agent's AGENT_RUN in the same trace. */
    private StepResult handoff(SimulatedAgent agent, Version version, List<IncidentOutcome> everyEvent,
            String traceId, String parentSpan, long start, String input, boolean german, List<PlantedPii> inputPii) {
        SimulatedAgent target = fleet.find(Texts.pick(random, agent.handoffTargets())).orElseThrow();
        String spanId = hex(16);
        long end;
        SpanStatus status;
        String errorType = null;
        if (active(target.agentId(), start, IncidentType.AGENT_SILENT) != null) {
            end = start + LLM_TIMEOUT_MS;
            status = SpanStatus.TIMEOUT;
            errorType = "handoff_timeout";
        } else {
            String task = (german ? "Übergabe von " : "Hand-off from ") + agent.agentId() + ": " + input;
            RunResult child = agentRun(target, traceId, spanId, start + 5 + random.nextInt(15), task, 1, null,
                    false, null, null, inputPii);
            end = child.end + 3 + random.nextInt(8);
            status = child.ok ? SpanStatus.OK : SpanStatus.ERROR;
            errorType = child.ok ? null : "handoff_failed";
        }
        AgentEvent.Builder e = span(agent, version, traceId, spanId, parentSpan, EventKind.HANDOFF,
                "handoff " + target.agentId(), start, end - start, status, errorType);
        e.getAttributes().put("handoff.target_agent", target.agentId());
        enqueueSpan(e, everyEvent, List.of());
        return new StepResult(end, status, errorType, null);
    }

    private AgentEvent.Builder span(SimulatedAgent agent, Version version, String traceId, String spanId,
            String parentSpanId, EventKind kind, String name, long start, long duration, SpanStatus status,
            String errorType) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("approvals", Integer.toString(version.approvals));
        attributes.put("agent.category", agent.category());
        attributes.put("simulated", "true");
        return AgentEvent.newBuilder().setEventId(uuid()).setTenantId(agent.tenantId()).setAgentId(agent.agentId())
                .setAgentVersion(version.version).setTraceId(traceId).setSpanId(spanId).setParentSpanId(parentSpanId)
                .setKind(kind).setName(name).setStartTime(Instant.ofEpochMilli(start)).setDurationMs(duration)
                .setStatus(status).setErrorType(errorType).setAttributes(attributes);
    }

    private void enqueueSpan(AgentEvent.Builder builder, List<IncidentOutcome> touched, List<PlantedPii> planted) {
        AgentEvent e = builder.build();
        long time = e.getStartTime().toEpochMilli();
        enqueue(time, new SimulatedRecord(SimulatorTopics.AGENT_EVENTS, e.getTraceId(), e, time, e.getAgentId(),
                e.getEventId()), e.getSpanId(), e.getParentSpanId(), touched, planted);
    }

    private void enqueue(long time, SimulatedRecord record, String spanId, String parentSpanId,
            List<IncidentOutcome> touched, List<PlantedPii> planted) {
        queue.add(new Pending(time, seq++, record, spanId, parentSpanId, List.copyOf(touched), List.copyOf(planted)));
        eventsScheduled++;
    }

    // ---- incidents ----

    private Version version(SimulatedAgent agent, long time) {
        IncidentOutcome unapproved = active(agent.agentId(), time, IncidentType.UNAPPROVED_VERSION);
        if (unapproved != null) {
            return new Version(unapproved.incident().param("version", "2.0.0-rc1"), 0, unapproved);
        }
        return new Version(agent.version(), 2, null);
    }

    /** A failure drawn from the base rate or, during an error burst, from the burst's rate. */
    private Failure failure(SimulatedAgent agent, long time, double baseRate) {
        IncidentOutcome burst = active(agent.agentId(), time, IncidentType.ERROR_BURST);
        double rate = burst == null ? baseRate : burst.incident().param("error_rate", 0.6);
        if (random.nextDouble() >= rate) {
            return null;
        }
        return new Failure(burst);
    }

    private IncidentOutcome chance(SimulatedAgent agent, long time, IncidentType type, double fallback) {
        IncidentOutcome o = active(agent.agentId(), time, type);
        return o != null && random.nextDouble() < o.incident().param("probability", fallback) ? o : null;
    }

    private IncidentOutcome active(String agentId, long time, IncidentType type) {
        for (IncidentOutcome o : outcomes) {
            if (o.incident().type() == type && o.incident().agentId().equals(agentId) && o.activeAt(time)) {
                return o;
            }
        }
        return null;
    }

    private String plant(PiiKind kind, boolean german, boolean leakedByAgent, List<PlantedPii> into) {
        String value = pii.value(kind);
        PlantedPii planted = new PlantedPii(kind, Texts.valueAsWritten(kind, value, german), leakedByAgent);
        report.planted(planted);
        into.add(planted);
        return Texts.sentence(kind, value, german);
    }

    // ---- randomness ----

    private double logNormal(double median, double sigma) {
        return median * Math.exp(sigma * random.nextGaussian());
    }

    private double score(double mean, double sd, double min, double max) {
        return Math.round(clamp(mean + sd * random.nextGaussian(), min, max) * 1000) / 1000.0;
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Lower-case hex like OpenTelemetry ids: 32 digits for trace ids, 16 for span ids. */
    private String hex(int digits) {
        char[] out = new char[digits];
        boolean allZero = true;
        for (int i = 0; i < digits; i += 16) {
            long bits = random.nextLong();
            for (int j = 0; j < 16 && i + j < digits; j++) {
                out[i + j] = HEX[(int) (bits >>> (60 - 4 * j)) & 0xf];
                allZero &= out[i + j] == '0';
            }
        }
        // OpenTelemetry treats all-zero ids as invalid
        return allZero ? hex(digits) : new String(out);
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static List<String> tools(String category) {
        return switch (category == null ? "" : category) {
            case "customer_facing" -> List.of("lookup_order", "create_ticket", "search_knowledge_base");
            case "high_risk" -> List.of("get_account_balance", "create_payment", "search_contracts");
            case "hr_screening_agent" -> List.of("parse_cv", "search_knowledge_base");
            default -> List.of("run_sql_query", "reset_password", "search_knowledge_base");
        };
    }

    private static void addIfPresent(List<IncidentOutcome> list, IncidentOutcome o) {
        if (o != null && !list.contains(o)) {
            list.add(o);
        }
    }

    private record Pending(long time, long seq, SimulatedRecord record, String spanId, String parentSpanId,
            List<IncidentOutcome> touchedBy, List<PlantedPii> pii) {
    }

    private record Version(String version, int approvals, IncidentOutcome incident) {
    }

    private record Failure(IncidentOutcome incident) {
    }

    private record StepResult(long end, SpanStatus status, String errorType, IncidentOutcome failedBy) {
    }

    private record RunResult(long end, String answer, boolean ok, Version version, List<PlantedPii> leakedPii,
            List<IncidentOutcome> outputTouched) {
    }

    private static final class Conversation {
        final String id;
        final String userId;
        final Channel channel;
        final boolean german;
        int turnsLeft;
        boolean disclosed;
        /** When the last reply goes out; the user writes again only after it (no overlapping turns). */
        long repliedAt = Long.MAX_VALUE;

        Conversation(String id, String userId, Channel channel, boolean german, int turns) {
            this.id = id;
            this.userId = userId;
            this.channel = channel;
            this.german = german;
            this.turnsLeft = turns;
        }
    }
}
