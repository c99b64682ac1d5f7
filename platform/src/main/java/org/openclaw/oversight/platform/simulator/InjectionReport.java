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
    private final Fleet fleet;
    private final SimulationSettings settings;
    private long lastEventTime;
    private DeliveryDisorder delivery;
    private AgentControl control;
    private InjectionReport history;

    InjectionReport(Fleet fleet, SimulationSettings settings, List<IncidentOutcome> incidents) {
        this.fleet = fleet;
        this.settings = settings;
        this.seed = settings.seed();
        this.startMillis = settings.startMillis();
        this.incidents = List.copyOf(incidents);
        this.lastEventTime = startMillis;
    }

    /** How the run delivered its records: the disorder stage, and the agents' control (null: none). */
    void deliveredThrough(DeliveryDisorder delivery, AgentControl control) {
        this.delivery = delivery;
        this.control = control;
    }

    /** The past normal traffic laid down before this run (--history), reported with it. */
    void history(InjectionReport past) {
        this.history = past;
    }

    /** The report of the --history part, or null. */
    public InjectionReport history() {
        return history;
    }

    /** Every alert the run's incidents should raise (required) or may raise (tolerated), in incident order. */
    public List<ExpectedAlert> expectedAlerts() {
        ExpectedAlerts rules = expectations();
        return incidents.stream().flatMap(o -> rules.of(o).stream()).toList();
    }

    /** Control commands the agents received, with what they did about them; empty without --obey-control. */
    public List<CommandOutcome> commands() {
        return control == null ? List.of() : control.outcomes();
    }

    /** Records delivered after a record of the same topic with a later event time, per topic (--disorder). */
    public Map<String, Long> reorderedByTopic() {
        return delivery == null ? Map.of() : Collections.unmodifiableMap(delivery.reorderedByTopic());
    }

    /** Of those, the ones more than the disorder bound behind the topic's latest event time: late records. */
    public Map<String, Long> lateByTopic() {
        return delivery == null ? Map.of() : Collections.unmodifiableMap(delivery.lateByTopic());
    }

    /** The bound of --disorder (0: records left in event-time order). */
    public long disorderMs() {
        return settings.disorderMs();
    }

    private ExpectedAlerts expectations() {
        return new ExpectedAlerts(fleet, incidents, settings.disorderMs(), settings.heartbeatIntervalMs(),
                lastEventTime);
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
                    DurationText.format(i.atMs()), i.type().openEnded() ? "ever" : DurationText.format(i.durationMs()),
                    o.observed() ? o.affectedIds().size() + " records"
                            + (o.suppressedEvents() > 0 ? ", " + o.suppressedEvents() + " suppressed" : "")
                            : "not reached",
                    o.causedBy() == null ? "" : " (cascade of " + o.causedBy() + ")"));
        }
        List<ExpectedAlert> expected = expectedAlerts();
        long required = expected.stream().filter(ExpectedAlert::required).count();
        sb.append("Expected alerts: ").append(required).append(" (and ").append(expected.size() - required)
                .append(" tolerated consequences); score them with oversight simulate --score --report FILE\n");
        if (settings.disorderMs() > 0) {
            sb.append("Disorder (bound ").append(DurationText.format(settings.disorderMs())).append("): reordered ")
                    .append(reorderedByTopic()).append(", of them late ").append(lateByTopic()).append('\n');
        }
        if (control != null) {
            sb.append("Control commands received: ").append(control.outcomes().size()).append('\n');
            for (CommandOutcome c : control.outcomes()) {
                sb.append(String.format("  %-10s %-20s received %s: %s%n", c.command().getAction(), c.agentId(),
                        c.toJson().get("receivedAt"), c.outcome()));
            }
        }
        if (history != null) {
            sb.append("History before it: ").append(history.emittedTotal()).append(" records of normal traffic from ")
                    .append(Instant.ofEpochMilli(history.startMillis())).append(" to ")
                    .append(Instant.ofEpochMilli(history.lastEventTime())).append('\n');
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
        if (history != null) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("seed", history.seed);
            h.put("from", Instant.ofEpochMilli(history.startMillis).toString());
            h.put("fromMillis", history.startMillis);
            h.put("lastEventTime", Instant.ofEpochMilli(history.lastEventTime).toString());
            h.put("emittedByTopic", history.emittedByTopic);
            root.put("history", h);
        }
        if (settings.disorderMs() > 0) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("boundMillis", settings.disorderMs());
            d.put("delayedShare", DeliveryDisorder.DELAYED_SHARE);
            d.put("lateShare", DeliveryDisorder.LATE_SHARE);
            d.put("reorderedByTopic", reorderedByTopic());
            d.put("lateByTopic", lateByTopic());
            if (history != null) {
                d.put("historyReorderedByTopic", history.reorderedByTopic());
                d.put("historyLateByTopic", history.lateByTopic());
            }
            root.put("disorder", d);
        }
        if (control != null) {
            root.put("commands", control.outcomes().stream().map(CommandOutcome::toJson).toList());
        }
        ExpectedAlerts rules = expectations();
        List<Object> incidentList = new ArrayList<>();
        for (IncidentOutcome o : incidents) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", o.incident().type().yamlName());
            m.put("agent", o.incident().agentId());
            m.put("at", DurationText.format(o.incident().atMs()));
            m.put("offsetMillis", o.incident().atMs());
            m.put("durationMillis", o.incident().type().openEnded() ? null : o.incident().durationMs());
            m.put("windowStart", Instant.ofEpochMilli(o.windowStart()).toString());
            boolean openEnded = o.incident().type().openEnded();
            m.put("windowEnd", openEnded ? null : Instant.ofEpochMilli(o.windowEnd()).toString());
            m.put("params", new TreeMap<>(o.incident().params()));
            m.put("causedBy", o.causedBy());
            m.put("observed", o.observed());
            m.put("suppressedEvents", o.suppressedEvents());
            m.put("affectedIds", o.affectedIds());
            List<ExpectedAlert> expected = rules.of(o);
            m.put("expected", expected.stream().filter(ExpectedAlert::required).map(ExpectedAlert::toJson).toList());
            m.put("tolerated", expected.stream().filter(e -> !e.required()).map(ExpectedAlert::toJson).toList());
            incidentList.add(m);
        }
        root.put("incidents", incidentList);
        List<Object> piiList = new ArrayList<>();
        if (history != null) {
            for (PlantedPii p : history.plantedPii) {
                if (!p.ids().isEmpty()) {
                    Map<String, Object> m = piiJson(p);
                    m.put("phase", "history");
                    piiList.add(m);
                }
            }
        }
        for (PlantedPii p : plantedPii) {
            if (p.ids().isEmpty()) {
                continue;
            }
            piiList.add(piiJson(p));
        }
        root.put("plantedPii", piiList);
        StringBuilder sb = new StringBuilder();
        JsonText.write(root, sb, 0);
        return sb.append('\n').toString();
    }

    private static Map<String, Object> piiJson(PlantedPii p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", p.kind().name());
        m.put("value", p.value());
        m.put("leakedByAgent", p.leakedByAgent());
        m.put("ids", p.ids());
        return m;
    }
}
