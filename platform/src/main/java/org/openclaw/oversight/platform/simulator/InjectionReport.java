package org.openclaw.oversight.platform.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a simulation run injected: incidents (with their event-time windows and affected record ids) and the
 * PII values planted in texts. Only records that were actually emitted are listed.
 */
public final class InjectionReport {
    private final long seed;
    private final long startMillis;
    private final List<IncidentOutcome> incidents;
    private final List<PlantedPii> plantedPii = new ArrayList<>();
    private final Map<String, Long> emittedByTopic = new TreeMap<>();
    private long lastEventTime;

    InjectionReport(long seed, long startMillis, List<IncidentOutcome> incidents) {
        this.seed = seed;
        this.startMillis = startMillis;
        this.incidents = List.copyOf(incidents);
        this.lastEventTime = startMillis;
    }

    public long seed() {
        return seed;
    }

    public long startMillis() {
        return startMillis;
    }

    public List<IncidentOutcome> incidents() {
        return incidents;
    }

    public List<PlantedPii> plantedPii() {
        return Collections.unmodifiableList(plantedPii);
    }

    /** Emitted record counts per topic. */
    public Map<String, Long> emittedByTopic() {
        return Collections.unmodifiableMap(emittedByTopic);
    }

    public long emittedTotal() {
        return emittedByTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    public long lastEventTime() {
        return lastEventTime;
    }

    /** Incidents whose window has started by the last emitted event. */
    public long incidentsStarted() {
        return incidents.stream().filter(o -> o.windowStart() <= lastEventTime).count();
    }

    void planted(PlantedPii pii) {
        plantedPii.add(pii);
    }

    void emitted(SimulatedRecord record) {
        emittedByTopic.merge(record.topic(), 1L, Long::sum);
        lastEventTime = Math.max(lastEventTime, record.eventTime());
    }

    /** Human-readable summary without any raw PII value (it goes to the console). */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("Simulated from ").append(Instant.ofEpochMilli(startMillis)).append(" to ")
                .append(Instant.ofEpochMilli(lastEventTime)).append(" with seed ").append(seed).append(": ")
                .append(emittedTotal()).append(" records ").append(emittedByTopic).append('\n');
        sb.append("Incidents:\n");
        if (incidents.isEmpty()) {
            sb.append("  (none)\n");
        }
        for (IncidentOutcome o : incidents) {
            Incident i = o.incident();
            sb.append(String.format("  %-28s %-20s at %-6s for %-5s %s%s%n", i.type().yamlName(), i.agentId(),
                    DurationText.format(i.atMs()), DurationText.format(i.durationMs()),
                    o.observed() ? o.affectedIds().size() + " records"
                            + (o.suppressedEvents() > 0 ? ", " + o.suppressedEvents() + " suppressed" : "")
                            : "not reached",
                    o.causedBy() == null ? "" : " (cascade of " + o.causedBy() + ")"));
        }
        Map<PiiKind, Integer> counts = new TreeMap<>();
        for (PlantedPii p : plantedPii) {
            if (!p.ids().isEmpty()) {
                counts.merge(p.kind(), 1, Integer::sum);
            }
        }
        sb.append("Planted PII values by kind (values only in the --report file): ").append(counts).append('\n');
        return sb.toString();
    }

    /** The report as JSON, for --report FILE; this one does contain the planted values. */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seed", seed);
        root.put("start", Instant.ofEpochMilli(startMillis).toString());
        root.put("startMillis", startMillis);
        root.put("lastEventTime", Instant.ofEpochMilli(lastEventTime).toString());
        root.put("emittedByTopic", emittedByTopic);
        List<Object> incidentList = new ArrayList<>();
        for (IncidentOutcome o : incidents) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", o.incident().type().yamlName());
            m.put("agent", o.incident().agentId());
            m.put("at", DurationText.format(o.incident().atMs()));
            m.put("offsetMillis", o.incident().atMs());
            m.put("durationMillis", o.incident().durationMs());
            m.put("windowStart", Instant.ofEpochMilli(o.windowStart()).toString());
            m.put("windowEnd", Instant.ofEpochMilli(o.windowEnd()).toString());
            m.put("params", new TreeMap<>(o.incident().params()));
            m.put("causedBy", o.causedBy());
            m.put("observed", o.observed());
            m.put("suppressedEvents", o.suppressedEvents());
            m.put("affectedIds", o.affectedIds());
            incidentList.add(m);
        }
        root.put("incidents", incidentList);
        List<Object> piiList = new ArrayList<>();
        for (PlantedPii p : plantedPii) {
            if (p.ids().isEmpty()) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", p.kind().name());
            m.put("value", p.value());
            m.put("leakedByAgent", p.leakedByAgent());
            m.put("ids", p.ids());
            piiList.add(m);
        }
        root.put("plantedPii", piiList);
        StringBuilder sb = new StringBuilder();
        JsonText.write(root, sb, 0);
        return sb.append('\n').toString();
    }
}
