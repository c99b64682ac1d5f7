package org.openclaw.oversight.platform.simulator;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.openclaw.oversight.schema.AgentEvent;
import org.openclaw.oversight.schema.EventKind;

/**
 * Records generated ahead of the simulated clock, ordered by event time: a whole agent run is generated when it
 * starts, and its spans wait here until the clock reaches them, so a parent always leaves before its children.
 */
final class PendingRecords {
    private final PriorityQueue<Pending> queue = new PriorityQueue<>(
            Comparator.comparingLong(Pending::time).thenComparingLong(Pending::seq));
    private long seq;
    private long scheduled;

    /**
     * Adds a record due at {@code time}; {@code touched} are the incidents whose signature it carries,
     * {@code planted} the PII values in its text. Span ids let a silent agent's dropped spans take their
     * descendants with them.
     */
    void add(long time, SimulatedRecord record, String spanId, String parentSpanId, List<IncidentOutcome> touched,
            List<PlantedPii> planted) {
        queue.add(new Pending(time, seq++, record, spanId, parentSpanId, List.copyOf(touched), List.copyOf(planted)));
        scheduled++;
    }

    /** Event time of the earliest waiting record, or {@link Long#MAX_VALUE} when none waits. */
    long headTime() {
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().time();
    }

    Pending poll() {
        return queue.poll();
    }

    /** Records ever added, heartbeats included: the arrival schedule sizes its gaps with it. */
    long scheduled() {
        return scheduled;
    }

    /** One waiting record with what it must tell the report when it is emitted. */
    record Pending(long time, long seq, SimulatedRecord record, String spanId, String parentSpanId,
            List<IncidentOutcome> touchedBy, List<PlantedPii> pii) {

        /** Records the emission in the report, the incidents and the planted values, and returns the record. */
        SimulatedRecord emit(InjectionReport report) {
            report.emitted(record);
            for (IncidentOutcome o : touchedBy) {
                o.affected(record.id());
                if (o.incident().type() == IncidentType.LATENCY_DEGRADATION && record.value() instanceof AgentEvent e
                        && e.getKind() == EventKind.LLM_CALL) {
                    o.llmCallTook(e.getDurationMs());
                }
            }
            for (PlantedPii planted : pii) {
                planted.seenIn(record.id());
            }
            return record;
        }
    }
}
