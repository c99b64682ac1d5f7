package org.openclaw.oversight.enforcement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.openclaw.oversight.enforcement.rules.HumanEscalationRule;
import org.openclaw.oversight.enforcement.rules.MandatoryLoggingRule;
import org.openclaw.oversight.enforcement.rules.TransparencyNoticeRule;
import org.openclaw.oversight.policy.EnforcementSettings;
import org.openclaw.oversight.policy.RuleKind;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;

/**
 * The rules of conversations, keyed by agent (tenant/agent): transparency_notice_required, mandatory_logging and
 * human_escalation_enabled. Messages and spans arrive on different partitions of the clean topic (keyed by
 * conversation and by trace), so each side is remembered until the other comes or the deadline (an event-time
 * timer) passes. A conversation is the agent's user on a channel; spans that do not carry the user (an
 * ESCALATION span) are linked to it through their trace. Stale entries are swept on minute timers.
 */
public final class ConversationRulesFunction extends KeyedBroadcastProcessFunction<String, CleanEvent, PolicyMessage, Violation> {

    private static final long MINUTE = 60_000L;
    private static final HumanEscalationRule ESCALATIONS = new HumanEscalationRule();

    private final PolicyView policies;
    private final TransparencyNoticeRule transparency = new TransparencyNoticeRule();
    private final MandatoryLoggingRule logging = new MandatoryLoggingRule();
    private final HumanEscalationRule escalation = new HumanEscalationRule();

    private transient MapState<String, TraceLink> traces;
    private transient MapState<String, ConversationActivity> conversations;
    private transient MapState<String, Long> firstRepliesJudged;
    private transient MapState<String, PendingViolation> pending;
    /** conversationId -> its earliest reply so far, judged (violation or null) and waiting for the watermark. */
    private transient MapState<String, PendingViolation> firstReplies;

    public ConversationRulesFunction(PolicyView policies) {
        this.policies = policies;
    }

    /** Whether the conversation rules need {@code event}: a message, a span naming its user and channel, or an escalation. */
    public static boolean reads(CleanEvent event) {
        AgentEvent span = event.getAgentEvent();
        return span == null || (span.getUserId() != null && span.getChannel() != null) || ESCALATIONS.isEscalation(event);
    }

    @Override
    public void open(OpenContext context) {
        traces = getRuntimeContext().getMapState(new MapStateDescriptor<>("trace-links", Types.STRING, TypeInformation.of(TraceLink.class)));
        conversations = getRuntimeContext().getMapState(new MapStateDescriptor<>("conversations", Types.STRING,
                TypeInformation.of(ConversationActivity.class)));
        firstRepliesJudged = getRuntimeContext().getMapState(new MapStateDescriptor<>("first-replies-judged", Types.STRING, Types.LONG));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-conversation-rules", Types.STRING,
                TypeInformation.of(PendingViolation.class)));
        firstReplies = getRuntimeContext().getMapState(new MapStateDescriptor<>("first-reply-candidates", Types.STRING,
                TypeInformation.of(PendingViolation.class)));
    }

    @Override
    public void processElement(CleanEvent event, ReadOnlyContext ctx, Collector<Violation> out) throws Exception {
        Judgement judgement = policies.judge(ctx.getBroadcastState(PolicyView.STATE), event.getAgentId());
        long time = event.getEventTime().toEpochMilli();
        if (event.getAgentEvent() != null) {
            onSpan(event, time, judgement, ctx);
        } else {
            onMessage(event, time, judgement, ctx, out);
        }
    }

    private void onSpan(CleanEvent event, long time, Judgement judgement, ReadOnlyContext ctx) throws Exception {
        AgentEvent span = event.getAgentEvent();
        String conversation = span.getUserId() != null && span.getChannel() != null ? span.getChannel() + "/" + span.getUserId() : null;
        TraceLink link = traces.get(span.getTraceId());
        if (link == null) {
            link = new TraceLink();
        }
        if (conversation != null) {
            link.conversation = conversation;
        }
        if (escalation.isEscalation(event)) {
            if (link.conversation != null) {
                escalated(link.conversation, time, judgement, ctx);
            } else {
                link.orphanEscalationMs = Math.max(link.orphanEscalationMs, time);
            }
        }
        if (conversation != null) {
            if (link.orphanEscalationMs != 0) {
                escalated(conversation, link.orphanEscalationMs, judgement, ctx);
                link.orphanEscalationMs = 0;
            }
            ConversationActivity activity = activity(conversation);
            activity.spanTimes = ConversationActivity.add(activity.spanTimes, time, pruneBefore(ctx, judgement));
            activity.lastSeenMs = Math.max(activity.lastSeenMs, time);
            conversations.put(conversation, activity);
            resolve(p -> p.conversation.equals(conversation) && RuleKind.MANDATORY_LOGGING.configName().equals(p.violation.rule)
                    && logging.covers(time, p.violation.timeMs, judgement));
            sweepAt(ctx, time + judgement.enforcement().conversationIdle().toMillis());
        }
        link.lastSeenMs = Math.max(link.lastSeenMs, time);
        traces.put(span.getTraceId(), link);
        sweepAt(ctx, time + judgement.enforcement().interactionIdle().toMillis());
    }

    private void escalated(String conversation, long time, Judgement judgement, ReadOnlyContext ctx) throws Exception {
        ConversationActivity activity = activity(conversation);
        activity.escalationTimes = ConversationActivity.add(activity.escalationTimes, time, pruneBefore(ctx, judgement));
        activity.lastSeenMs = Math.max(activity.lastSeenMs, time);
        conversations.put(conversation, activity);
        resolve(p -> p.conversation.equals(conversation) && RuleKind.HUMAN_ESCALATION_ENABLED.configName().equals(p.violation.rule)
                && escalation.answers(time, p.violation.timeMs, judgement));
        sweepAt(ctx, time + judgement.enforcement().conversationIdle().toMillis());
    }

    private void onMessage(CleanEvent event, long time, Judgement judgement, ReadOnlyContext ctx, Collector<Violation> out)
            throws Exception {
        ChannelMessage message = event.getChannelMessage();
        String conversation = message.getChannel() + "/" + message.getUserId();
        ConversationActivity activity = activity(conversation);
        if (judgement.requires(RuleKind.HUMAN_ESCALATION_ENABLED) && escalation.asksForHuman(event, judgement)) {
            boolean answered = ConversationActivity.anyWithin(activity.escalationTimes, time,
                    judgement.enforcement().escalationWithin().toMillis());
            if (!answered) {
                await(event, escalation.finding(event, judgement), judgement, escalation.deadline(time, judgement), conversation, ctx);
            }
        }
        if (logging.opens(event) && judgement.requires(RuleKind.MANDATORY_LOGGING)) {
            boolean logged = ConversationActivity.anyWithin(activity.spanTimes, time, judgement.enforcement().loggingWithin().toMillis());
            if (!logged) {
                await(event, logging.finding(event, judgement), judgement, logging.deadline(time, judgement), conversation, ctx);
            }
        }
        if (logging.opens(event)
                && !firstRepliesJudged.contains(message.getConversationId())) {
            // the first reply is the earliest in event time, not the first to arrive: the candidate is judged when
            // the watermark passes it, i.e. when no earlier reply can still come
            PendingViolation candidate = firstReplies.get(message.getConversationId());
            if (candidate == null || time < candidate.deadlineMs) {
                Violation v = judgement.requires(RuleKind.TRANSPARENCY_NOTICE_REQUIRED)
                        ? transparency.checkFirstReply(event, judgement).map(f -> Violations.of(f, judgement, event.getEventId(),
                                time, event.getTenantId(), event.getAgentId(), message.getConversationId())).orElse(null)
                        : null;
                firstReplies.put(message.getConversationId(), PendingViolation.of(v, time, conversation));
                ctx.timerService().registerEventTimeTimer(time);
            }
        } else if (firstRepliesJudged.contains(message.getConversationId())) {
            firstRepliesJudged.put(message.getConversationId(), Math.max(time, firstRepliesJudged.get(message.getConversationId())));
        }
        activity.lastSeenMs = Math.max(activity.lastSeenMs, time);
        conversations.put(conversation, activity);
        sweepAt(ctx, time + judgement.enforcement().conversationIdle().toMillis());
    }

    private void await(CleanEvent event, Finding finding, Judgement judgement, long deadline, String conversation, ReadOnlyContext ctx)
            throws Exception {
        Violation v = Violations.of(finding, judgement, event.getEventId(), event.getEventTime().toEpochMilli(), event.getTenantId(),
                event.getAgentId(), event.getChannelMessage().getConversationId());
        pending.put(v.rule + "/" + v.eventId, PendingViolation.of(v, deadline, conversation));
        ctx.timerService().registerEventTimeTimer(deadline);
    }

    private void resolve(Predicate<PendingViolation> answered) throws Exception {
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, PendingViolation> entry : pending.entries()) {
            if (answered.test(entry.getValue())) {
                done.add(entry.getKey());
            }
        }
        for (String key : done) {
            pending.remove(key);
        }
    }

    /** Span and escalation times before this cannot answer a message that is still on time. */
    private static long pruneBefore(ReadOnlyContext ctx, Judgement judgement) {
        long longestWait = Math.max(judgement.enforcement().loggingWithin().toMillis(), judgement.enforcement().escalationWithin().toMillis());
        long watermark = ctx.timerService().currentWatermark();
        return watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark - longestWait;
    }

    private ConversationActivity activity(String conversation) throws Exception {
        ConversationActivity activity = conversations.get(conversation);
        return activity != null ? activity : new ConversationActivity();
    }

    /** One sweep timer per minute at most: timers of the same timestamp are one timer in Flink. */
    private static void sweepAt(ReadOnlyContext ctx, long dueMs) {
        ctx.timerService().registerEventTimeTimer((dueMs / MINUTE + 1) * MINUTE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Violation> out) throws Exception {
        List<String> due = new ArrayList<>();
        for (Map.Entry<String, PendingViolation> entry : pending.entries()) {
            if (entry.getValue().deadlineMs <= timestamp) {
                out.collect(entry.getValue().violation);
                due.add(entry.getKey());
            }
        }
        for (String key : due) {
            pending.remove(key);
        }
        due.clear();
        for (Map.Entry<String, PendingViolation> entry : firstReplies.entries()) {
            PendingViolation first = entry.getValue();
            if (first.deadlineMs <= timestamp) {
                if (first.violation != null) {
                    out.collect(first.violation);
                }
                firstRepliesJudged.put(entry.getKey(), first.deadlineMs);
                due.add(entry.getKey());
            }
        }
        for (String key : due) {
            firstReplies.remove(key);
        }
        EnforcementSettings settings = policies.current(ctx.getBroadcastState(PolicyView.STATE)).enforcement();
        long interactionIdle = settings.interactionIdle().toMillis();
        long conversationIdle = settings.conversationIdle().toMillis();
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, TraceLink> entry : traces.entries()) {
            if (entry.getValue().lastSeenMs + interactionIdle <= timestamp) {
                stale.add(entry.getKey());
            }
        }
        for (String key : stale) {
            traces.remove(key);
        }
        stale.clear();
        for (Map.Entry<String, ConversationActivity> entry : conversations.entries()) {
            if (entry.getValue().lastSeenMs + conversationIdle <= timestamp) {
                stale.add(entry.getKey());
            }
        }
        for (String key : stale) {
            conversations.remove(key);
        }
        stale.clear();
        for (Map.Entry<String, Long> entry : firstRepliesJudged.entries()) {
            if (entry.getValue() + conversationIdle <= timestamp) {
                stale.add(entry.getKey());
            }
        }
        for (String key : stale) {
            firstRepliesJudged.remove(key);
        }
    }

    @Override
    public void processBroadcastElement(PolicyMessage message, Context ctx, Collector<Violation> out) throws Exception {
        PolicyView.apply(ctx.getBroadcastState(PolicyView.STATE), message);
    }
}
