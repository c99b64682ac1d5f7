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

    /** Adds {@code o} to the incidents a record shows, unless it is null or already there. */
    static void addIfAbsent(List<IncidentOutcome> touched, IncidentOutcome o) {
        if (o != null && !touched.contains(o)) {
            touched.add(o);
        }
    }

    /** Whether the run showed the incident at all (it may lie beyond the end of a short run). */
    public boolean observed() {
        return !affectedIds.isEmpty() || suppressedEvents > 0;
    }
}
