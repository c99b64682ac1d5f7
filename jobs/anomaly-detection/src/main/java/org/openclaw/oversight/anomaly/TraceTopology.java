package org.openclaw.oversight.anomaly;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Who is downstream of whom, per trace (keyed by traceId): every span is remembered with its agent and
 * parent; a failed span is reported as an {@link ErrorSpan} with the agents upstream of it once its
 * ancestors had time to arrive.
 *
 * <p>Spans arrive out of order (a HANDOFF span is written when the hand-off ends, after the child run's
 * spans), so a failed span is reported by an event-time timer {@code delay} after its own time, when the
 * watermark says that everything up to then has arrived; its output timestamp is that timer's, i.e. its
 * own time shifted by a constant, which keeps the error spans in event-time order for the cascade
 * pattern. A trace's state is dropped {@code ttl} after its latest span.
 */
public class TraceTopology extends KeyedProcessFunction<String, SpanNode, ErrorSpan> {

    private final long delayMs;
    private final long ttlMs;
    private transient MapState<String, SpanNode> spans;
    private transient ValueState<Long> latest;

    public TraceTopology(long delayMs, long ttlMs) {
        this.delayMs = delayMs;
        this.ttlMs = ttlMs;
    }

    @Override
    public void open(OpenContext openContext) {
        spans = getRuntimeContext().getMapState(new MapStateDescriptor<>("trace-spans", Types.STRING, TypeInformation.of(SpanNode.class)));
        latest = getRuntimeContext().getState(new ValueStateDescriptor<>("trace-latest", Types.LONG));
    }

    @Override
    public void processElement(SpanNode span, Context ctx, Collector<ErrorSpan> out) throws Exception {
        if (span.spanId == null || spans.contains(span.spanId)) {
            return; // a re-sent span (same id) changes nothing
        }
        spans.put(span.spanId, span);
        if (span.error) {
            ctx.timerService().registerEventTimeTimer(span.eventTimeMs + delayMs);
        }
        Long previous = latest.value();
        long newest = previous == null ? span.eventTimeMs : Math.max(previous, span.eventTimeMs);
        if (previous == null || newest > previous) {
            if (previous != null) {
                ctx.timerService().deleteEventTimeTimer(previous + ttlMs);
            }
            latest.update(newest);
            ctx.timerService().registerEventTimeTimer(newest + ttlMs);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ErrorSpan> out) throws Exception {
        List<SpanNode> due = new ArrayList<>();
        for (SpanNode n : spans.values()) {
            if (n.error && !n.reported && n.eventTimeMs + delayMs <= timestamp) {
                due.add(n);
            }
        }
        for (SpanNode n : due) {
            out.collect(errorSpan(n, ctx.getCurrentKey()));
            n.reported = true;
            spans.put(n.spanId, n);
        }
        Long newest = latest.value();
        if (newest != null && timestamp >= newest + ttlMs) {
            spans.clear();
            latest.clear();
        }
    }

    private ErrorSpan errorSpan(SpanNode n, String traceId) throws Exception {
        Set<String> upstream = new LinkedHashSet<>();
        Set<String> visited = new LinkedHashSet<>();
        SpanNode current = n;
        while (current.parentSpanId != null && visited.add(current.parentSpanId)) {
            SpanNode parent = spans.get(current.parentSpanId);
            if (parent == null) {
                break; // the rest of the chain never arrived (sampled away, or lost): report what is known
            }
            if (!parent.agentId.equals(n.agentId)) {
                upstream.add(parent.agentId);
            }
            current = parent;
        }
        ErrorSpan e = new ErrorSpan();
        e.tenantId = n.tenantId;
        e.agentId = n.agentId;
        e.traceId = traceId;
        e.eventId = n.eventId;
        e.eventTimeMs = n.eventTimeMs;
        e.upstreamAgents = String.join(",", upstream);
        return e;
    }
}
