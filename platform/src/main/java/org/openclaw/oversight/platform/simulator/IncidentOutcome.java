package org.openclaw.oversight.platform.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one incident did during a run: its window in event time and the ids of the emitted records that carry
 * its signature, so detections can be checked against it. A cascade (an error burst spreading to an agent the
 * burst agent hands off to) is an outcome of its own whose {@link #causedBy()} names the original incident.
 */
public final class IncidentOutcome {
    private final Incident incident;
    private final String causedBy;
    private final long windowStart;
    private final long windowEnd;
    private final List<String> affectedIds = new ArrayList<>();
    private long suppressedEvents;
    private Long killCommandIgnoredAt;
    private final List<Long> llmCallDurations = new ArrayList<>();

    IncidentOutcome(Incident incident, String causedBy, long simulationStart) {
        this.incident = incident;
        this.causedBy = causedBy;
        this.windowStart = simulationStart + incident.atMs();
        this.windowEnd = simulationStart + incident.endMs();
    }

    public Incident incident() {
        return incident;
    }

    /** Label of the incident this one cascades from, or null for incidents written in the scenario. */
    public String causedBy() {
        return causedBy;
    }

    /** Event time (epoch millis) the incident starts. */
    public long windowStart() {
        return windowStart;
    }

    public long windowEnd() {
        return windowEnd;
    }

    public List<String> affectedIds() {
        return Collections.unmodifiableList(affectedIds);
    }

    /** Events not emitted because of the incident (agent_silent). */
    public long suppressedEvents() {
        return suppressedEvents;
    }

    boolean activeAt(long eventTime) {
        return eventTime >= windowStart && eventTime < windowEnd;
    }

    void affected(String id) {
        affectedIds.add(id);
    }

    void suppressed() {
        suppressedEvents++;
    }

    /** ignores_kill_switch: a PAUSE or SHUTDOWN reached the agent at simulated time {@code time} and was ignored. */
    void killCommandIgnored(long time) {
        if (killCommandIgnoredAt == null) {
            killCommandIgnoredAt = time;
        }
    }

    /** Simulated time of the first PAUSE/SHUTDOWN ignored under ignores_kill_switch, or null. */
    public Long killCommandIgnoredAt() {
        return killCommandIgnoredAt;
    }

    /** latency_degradation: the duration of an emitted LLM call of the incident. */
    void llmCallTook(long durationMs) {
        llmCallDurations.add(durationMs);
    }

    /** The 95th percentile of the incident's emitted LLM call durations (nearest rank), or 0 without any. */
    public long llmCallP95Ms() {
        if (llmCallDurations.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(llmCallDurations);
        Collections.sort(sorted);
        return sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
    }

    /** Adds {@code o} to the incidents a record shows, unless it is null or already there. */
    static void addIfAbsent(List<IncidentOutcome> touched, IncidentOutcome o) {
        if (o != null && !touched.contains(o)) {
            touched.add(o);
        }
    }

    /** Whether the run showed the incident at all (it may lie beyond the end of a short run). */
    public boolean observed() {
        return !affectedIds.isEmpty() || suppressedEvents > 0 || killCommandIgnoredAt != null;
    }
}
