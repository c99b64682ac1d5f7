package org.openclaw.oversight.bench.choices;

import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.openclaw.oversight.cost.UsageEvent;

/**
 * The cost job's windowed input, as a deterministic function of the event's position: 3 tenants x
 * 10 agents, LLM calls of 3 models and tool calls (120 window keys), {@code eventsPerMinute} of event
 * time, mostly within ±25 s of their place (inside the job's 30 s out-of-orderness), 3 % late by
 * 1.5–8 min (corrections of fired minutes), 0.8 % by 13–45 min (too late for their minute, still in
 * their hour), 0.2 % by 2 h 10 min – 3 h (too late for both). The late classes keep minutes away from
 * the lateness limits, so whether an event is too late never depends on how a run's threads interleave.
 */
final class UsageEventStream implements GeneratorFunction<Long, UsageEvent> {

    static final String[] MODELS = {"claude-sonnet-4-6", "claude-haiku-4-5", "gpt-4o"};
    /** 2026-11-01T00:00:00Z. */
    static final long START_MS = 1_793_491_200_000L;
    private static final long serialVersionUID = 1L;

    private final long eventsPerMinute;

    UsageEventStream(long eventsPerMinute) {
        if (eventsPerMinute < 1) {
            throw new IllegalArgumentException("eventsPerMinute must be at least 1, got " + eventsPerMinute);
        }
        this.eventsPerMinute = eventsPerMinute;
    }

    @Override
    public UsageEvent map(Long index) {
        return event(index);
    }

    UsageEvent event(long i) {
        long h = MetricsRowStream.mix(i);
        long g = MetricsRowStream.mix(h);
        UsageEvent e = new UsageEvent();
        e.eventId = "e" + i;
        int tenant = (int) Math.floorMod(h, 3L);
        e.tenantId = "tenant-" + tenant;
        e.agentId = e.tenantId + "-agent-" + Math.floorMod(h >>> 8, 10L);
        e.toolCall = Math.floorMod(h >>> 16, 5L) == 0;
        e.model = e.toolCall ? "" : MODELS[(int) Math.floorMod(h >>> 20, 3L)];
        e.channel = "";
        e.tier = "";
        e.eventTimeMs = START_MS + i * 60_000L / eventsPerMinute + offsetMs(g);
        e.error = Math.floorMod(h >>> 28, 20L) == 0;
        e.durationMs = 50 + Math.floorMod(g >>> 24, 5_000L);
        if (!e.toolCall) {
            e.inputTokens = 500 + Math.floorMod(h >>> 32, 2_000L);
            e.outputTokens = Math.floorMod(h >>> 40, 600L);
            e.cachedInputTokens = Math.floorMod(h >>> 44, 200L);
            e.priced = true;
            e.costNanoEur = Math.floorMod(g >>> 32, 5_000L) * 1_000L;
        }
        e.toolFailure = e.toolCall && Math.floorMod(g >>> 44, 10L) == 0;
        if (Math.floorMod(g >>> 50, 3L) == 0) {
            e.alignmentScore = Math.floorMod(g >>> 52, 1_000L) / 1_000.0;
        }
        if (Math.floorMod(h >>> 50, 4L) == 0) {
            e.qualityScore = Math.floorMod(h >>> 52, 100L) / 100.0;
        }
        return e;
    }

    /** Where the event lands relative to its position in the stream. */
    private static long offsetMs(long g) {
        long category = Math.floorMod(g, 10_000L);
        long spread = Math.floorMod(g >>> 14, 1L << 30);
        if (category < 9_600) {
            return spread % 50_001 - 25_000;
        } else if (category < 9_900) {
            return -(90_000 + spread % 390_000);
        } else if (category < 9_980) {
            return -(13 * 60_000 + spread % (32 * 60_000));
        }
        return -(130 * 60_000 + spread % (50 * 60_000));
    }
}
